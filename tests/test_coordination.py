"""The coordination office's register view: pure logic (themes.py) without a kernel, and the
widget app driven with ipywidgets' own objects on a real SQLite register."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from kimtools.findings import Conference, Evidence, Finding, open_register, overview
from kimtools.findings.themes import (
    filter_institution,
    history_table,
    lenkungsgruppe_findings,
    lenkungsgruppe_items,
    recurring_themes,
    who_with_comment,
)
from kimtools.widgets.coordination import (
    OVERVIEW_COLUMNS,
    Koordinierung,
    overview_table,
    table_html,
)

TODAY = dt.date(2026, 11, 1)
LATER = dt.date(2026, 11, 20)
ABH = "Ausländerbehörde Kreis Gütersloh"


def evidence(**categories: int) -> Evidence:
    return Evidence(cases=1, obstacles=sum(categories.values()), categories=categories)


@pytest.fixture
def register(tmp_path):
    with open_register(tmp_path / "register.db", create=True) as opened:
        verl = opened.add_conference(Conference(date=dt.date(2025, 11, 5), municipality="Verl"))
        kreis = opened.add_conference(Conference(date=dt.date(2026, 10, 1),
                                                 municipality="Kreis Gütersloh"))
        rows = [
            (verl, "Wartezeit ABH", ["residence"], [ABH], ["F-AAAAAAAA"],
             evidence(waiting_time=2), "Lenkungsgruppe", "mittel", dt.date(2026, 11, 10)),
            (kreis, "Aufenthaltstitel dauern", ["residence", "work"],
             ["ausländerbehörde  kreis gütersloh"], ["F-BBBBBBBB"],
             evidence(waiting_time=1, documents=1), "Land", "hoch", None),
            (kreis, "Kein Kitaplatz", ["childcare"], ["Kreisjugendamt"], ["F-BBBBBBBB"],
             evidence(missing_offer=1), "kommunal", "mittel", dt.date(2026, 11, 15)),
            (verl, "Kitaplätze fehlen", ["childcare"], ["Kreisjugendamt"], ["F-BBBBBBBB"],
             evidence(missing_offer=1), "Kreis", "niedrig", None),
        ]
        for conference, title, fields, institutions, cases, ev, level, priority, due in rows:
            opened.add_finding(Finding(title=title, conference_id=conference.id, fields=fields,
                                       institutions=institutions, cases=cases, evidence=ev,
                                       level=level, priority=priority, due_date=due),
                               "KI", TODAY)
        yield opened


def by_title(register, title):
    return next(f for f in register.findings() if f.title == title)


# -- pure logic ---------------------------------------------------------------------------------

def test_recurring_themes_need_two_conferences_and_two_cases(register):
    themes = recurring_themes(register.findings(), register.conferences())
    # the ABH waiting time recurs (two conferences, two cases); the Kita theme has only one
    # case, "documents" only one conference
    assert list(zip(themes["Institution"], themes["Kategorie"], strict=True)) == [
        (ABH, "Wartezeit")]
    row = themes.iloc[0]
    assert (row["Konferenzen"], row["Kommunen"], row["Fälle"], row["Befunde"],
            row["Hürden"]) == (2, 2, 2, 2, 3)
    assert row["Handlungsfelder"] == "Aufenthalt, Arbeit"
    assert row["Befunde (Titel)"] == "Wartezeit ABH; Aufenthaltstitel dauern"
    loose = recurring_themes(register.findings(), register.conferences(), min_cases=1)
    assert ("Kreisjugendamt", "fehlendes Angebot") in set(
        zip(loose["Institution"], loose["Kategorie"], strict=True))


def test_discarded_and_evidence_less_findings_are_no_theme(register):
    findings = register.findings()
    findings[1].status = "verworfen"
    assert recurring_themes(findings, register.conferences()).empty
    findings[1].status = "neu"
    findings[0].evidence = None
    assert recurring_themes(findings, register.conferences()).empty


def test_themes_from_the_register_equal_themes_from_findings(tmp_path):
    """The register's compact theme rows give the same table as whole findings: status,
    missing evidence, categories counted zero, spellings and repeated names included."""
    rng = random.Random(7)
    spellings = [ABH, "ausländerbehörde  kreis gütersloh", "Jobcenter Gütersloh",
                 "JOBCENTER Gütersloh ", "Kreisjugendamt"]
    with open_register(tmp_path / "themen.db", create=True) as opened:
        held = [opened.add_conference(Conference(date=dt.date(2026, 1, 1 + i),
                                                 municipality=rng.choice(["Verl", " ", "Halle"])))
                for i in range(6)]
        for number in range(60):
            categories = {c: rng.choice([0, 1, 2]) for c in rng.sample(
                ["waiting_time", "documents", "missing_offer", "cost"], 2)}
            opened.add_finding(Finding(
                title=f"Befund {number % 17}", conference_id=rng.choice(held).id,
                fields=rng.sample(["residence", "work", "childcare", "housing"], 2),
                institutions=rng.sample(spellings, rng.choice([1, 2, 3])),
                cases=[f"F-{rng.choice('ABCDEFGH') * 8}"],
                evidence=None if number % 9 == 0 else Evidence(cases=1, categories=categories),
                status=rng.choice(["neu", "übergeben", "verworfen"])), "KI", TODAY)
        conferences = opened.conferences()
        for least in (1, 2):
            from_register = recurring_themes(opened.theme_sources(), conferences,
                                             min_cases=least)
            from_findings = recurring_themes(opened.findings(), conferences, min_cases=least)
            assert len(from_register) > 3
            pd.testing.assert_frame_equal(from_register, from_findings)


def test_lenkungsgruppe_list(register):
    register.update_finding(by_title(register, "Wartezeit ABH").id, {"status": "übergeben"},
                            "KI", TODAY)
    register.update_finding(by_title(register, "Kitaplätze fehlen").id,
                            {"level": "Lenkungsgruppe", "status": "in Bearbeitung"}, "KI",
                            TODAY)
    chosen = lenkungsgruppe_findings(register.findings())
    assert [f.title for f in chosen] == ["Aufenthaltstitel dauern", "Wartezeit ABH"]
    table = lenkungsgruppe_items(register.findings(), register.conferences())
    assert list(table["Titel"]) == ["Aufenthaltstitel dauern", "Wartezeit ABH"]
    assert list(table["Ebene"]) == ["Land (Ministerium)", "Lenkungsgruppe"]
    assert table.iloc[1]["fällig am"] == "10.11.2026" and table.iloc[1]["Kommune/Kreis"] == "Verl"


def test_institution_filter_and_comment():
    frame = pd.DataFrame({"institutions": ["Jobcenter; Kita", ABH, None]})
    assert len(filter_institution(frame, "  KITA ")) == 1
    assert len(filter_institution(frame, "ausländerbehörde kreis")) == 1
    assert len(filter_institution(frame, "")) == 3
    assert who_with_comment("KI ", " an die  Lenkungsgruppe ") == (
        "KI – Kommentar: an die Lenkungsgruppe")
    assert who_with_comment("KI", "") == "KI"


def test_history_table_is_german(register):
    finding = by_title(register, "Wartezeit ABH")
    register.update_finding(finding.id, {"due_date": dt.date(2027, 1, 31), "level": "Land"},
                            "KI", TODAY)
    table = history_table(register.history(finding.id))
    assert list(table.columns) == ["Zeitpunkt", "wer (Kommentar)", "Angabe", "alt", "neu"]
    assert set(table["Angabe"]) == {"angelegt", "fällig am", "Ebene"}
    due = table[table["Angabe"] == "fällig am"].iloc[0]
    assert (due["alt"], due["neu"]) == ("10.11.2026", "31.01.2027")
    assert table.iloc[-1]["Angabe"] == "angelegt"  # newest first


def test_overview_table_has_six_columns_with_lines(register):
    """Status, level and priority share „Stand“; due date, overdue and who is responsible
    share the last column, so the table fits a 1280 px projector."""
    register.update_finding(by_title(register, "Wartezeit ABH").id,
                            {"responsible": "Integrationsbeauftragte"}, "KI", TODAY)
    table = overview_table(overview(register, today=LATER), LATER)
    assert list(table.columns) == OVERVIEW_COLUMNS == [
        "Titel", "Konferenz", "Handlungsfelder / Institutionen", "Fälle", "Stand",
        "fällig / zuständig"]
    rows = table.set_index("Titel")
    late = rows.loc["Wartezeit ABH"]
    assert late["Konferenz"] == "05.11.2025\nVerl"
    assert late["Handlungsfelder / Institutionen"] == f"Aufenthalt\n{ABH}"
    assert late["Fälle"] == 1
    assert late["Stand"] == "neu\nLenkungsgruppe\nPriorität mittel"
    assert late["fällig / zuständig"] == (
        "fällig am 10.11.2026\nüberfällig seit 10 Tagen\nzuständig: Integrationsbeauftragte")
    undated = rows.loc["Aufenthaltstitel dauern"]
    assert undated["Stand"] == "neu\nLand (Ministerium)\nPriorität hoch"
    assert undated["fällig / zuständig"] == ""
    assert rows.loc["Kein Kitaplatz", "fällig / zuständig"] == (
        "fällig am 15.11.2026\nüberfällig seit 5 Tagen")
    assert list(overview_table(overview(register, today=LATER).head(0)).columns) == (
        OVERVIEW_COLUMNS)


def test_line_breaks_in_cells_stay_escaped():
    html = table_html(pd.DataFrame({"A": ["<b>neu</b>\nA & B", "wie getippt: a\\nb"]}), "leer")
    assert "<td>&lt;b&gt;neu&lt;/b&gt;<br>A &amp; B</td>" in html
    assert "<td>wie getippt: a\\nb</td>" in html and "<b>" not in html


# -- the widget ---------------------------------------------------------------------------------

def test_filters(register):
    app = Koordinierung(register, today=LATER)
    assert "4 von 4" in app.count.value
    app.level_filter.value = ("Land", "Lenkungsgruppe")
    assert "2 von 4" in app.count.value and "Kein Kitaplatz" not in app.table.value
    app.reset_filters()
    app.field_filter.value = ("childcare",)
    assert "2 von 4" in app.count.value and "Kein Kitaplatz" in app.table.value
    app.reset_filters()
    app.institution_filter.value = "ausländerbehörde"
    assert "2 von 4" in app.count.value
    assert {v for _, v in app.finding_select.options} == {
        by_title(register, "Wartezeit ABH").id, by_title(register, "Aufenthaltstitel dauern").id}
    app.reset_filters()
    app.status_filter.value = ("umgesetzt",)
    assert "0 von 4" in app.count.value and "Keine Befunde" in app.table.value
    app.reset_filters()
    app.text_filter.value = "kitaplätze"
    assert "1 von 4" in app.count.value


def test_themes_overdue_and_lenkungsgruppe_tabs(register):
    app = Koordinierung(register, today=LATER)
    assert ABH not in app.themes.value  # reckoned when its tab is first shown
    app.tabs.selected_index = 1
    assert "Wartezeit" in app.themes.value and ABH in app.themes.value
    assert "Wartezeit ABH" in app.overdue.value and "Kein Kitaplatz" in app.overdue.value
    assert "fällig am 10.11.2026<br>überfällig seit 10 Tagen" in app.overdue.value
    assert "seit 10 Tagen" in app.table.value  # beside findings without a due date
    assert "Kitaplätze fehlen" not in app.overdue.value
    assert app.lenkungsgruppe.value.index("Aufenthaltstitel dauern") < (
        app.lenkungsgruppe.value.index("Wartezeit ABH"))
    assert "Kein Kitaplatz" not in app.lenkungsgruppe.value
    assert len(overview(register, today=LATER)) == 4
    register.update_finding(by_title(register, "Wartezeit ABH").id, {"status": "verworfen"},
                            "KI", LATER)
    app.refresh()  # with the themes tab shown: anew at once
    assert ABH not in app.themes.value and "Noch keine" in app.themes.value


def test_long_tables_show_the_first_rows_and_say_how_many_more(register, monkeypatch):
    monkeypatch.setattr("kimtools.widgets.coordination.MAX_ROWS", 1)
    app = Koordinierung(register, today=LATER)
    assert "4 von 4" in app.count.value
    assert app.table.value.count("</tr>") == 2  # header and one finding
    assert "… und 3 weitere" in app.table.value
    assert "… und 1 weitere" in app.overdue.value


def test_status_change_writes_history_with_comment(register):
    app = Koordinierung(register, today=LATER)
    finding = by_title(register, "Wartezeit ABH")
    app.finding_select.value = finding.id
    assert "Wartezeit ABH" in app.details.value and "angelegt" in app.history.value
    app.new_status.value = "übergeben"
    app.who.value = "KI Gütersloh"
    app.comment.value = "Rückruf von Herrn Brinkmann abwarten"
    app.status_save.click()
    assert "„Brinkmann“" in app.status_message.value
    assert register.finding(finding.id).status == "neu"
    app.comment.value = "an die Lenkungsgruppe im März"
    app.status_save.click()
    assert "neu → übergeben" in app.status_message.value
    assert register.finding(finding.id).status == "übergeben"
    last = register.history(finding.id)[-1]
    assert (last.field, last.old, last.new) == ("status", "neu", "übergeben")
    assert last.who == "KI Gütersloh – Kommentar: an die Lenkungsgruppe im März"
    assert "an die Lenkungsgruppe im März" in app.history.value
    app.status_save.click()
    assert "schon „übergeben“" in app.status_message.value


def test_status_change_conflict_is_refused(register, tmp_path):
    app = Koordinierung(register, today=LATER)
    finding = by_title(register, "Kein Kitaplatz")
    app.finding_select.value = finding.id
    with open_register(register.path) as other:
        other.update_finding(finding.id, {"measure": "Kitaplatzbörse"}, "Sitzung B", LATER)
    app.new_status.value = "verworfen"
    app.status_save.click()
    assert "inzwischen in einer anderen Sitzung geändert" in app.status_message.value
    assert register.finding(finding.id).status == "neu"
    assert "Kitaplatzbörse" in app.details.value
    app.status_save.click()
    assert register.finding(finding.id).status == "verworfen"


def test_register_path_from_environment_and_errors(register, tmp_path, monkeypatch):
    monkeypatch.setenv("KIMTOOLS_REGISTER", str(register.path))
    app = Koordinierung(today=LATER)
    assert "4 Befunde aus 2 Konferenzen" in app.message.value
    monkeypatch.delenv("KIMTOOLS_REGISTER")
    empty = Koordinierung(today=LATER)
    assert "Pfad zum Befundregister" in empty.message.value
    empty.path.value = str(tmp_path / "fehlt.db")
    empty.open_button.click()
    assert "nicht gefunden" in empty.message.value
    assert not (tmp_path / "fehlt.db").exists()
    empty.path.value = str(register.path)
    empty.open_button.click()
    assert "4 von 4" in empty.count.value
    assert repr(empty) == "Koordinierung (kimtools)"
