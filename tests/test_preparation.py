"""The case manager's preparation: review logic, case filter, and the widget app driven in Python.

The app is driven as ipywidgets' own tests do: set ``.value``, call ``button.click()``; no
kernel, no browser.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import synthetic
from kimtools.caseload import read_caseload
from kimtools.caseload.summary import conference_candidates, filter_cases
from kimtools.package import load_package
from kimtools.privacy.keys import load_or_create_key
from kimtools.privacy.leakgate import Leak
from kimtools.privacy.pseudonymise import LeakDetected, TextReview, prepare_package
from kimtools.privacy.review import (
    TYPE_LABELS,
    case_replacement,
    highlight_html,
    replacement_summary,
    review_rows,
    risk_lines,
    scrubbed_with_marks,
    text_choice_label,
)
from kimtools.privacy.scrubber import Detection, KnownPerson, Scrubber
from kimtools.widgets import preparation
from kimtools.widgets.preparation import Fallvorbereitung, default_package_path

AS_OF = dt.date(2026, 11, 1)
MARK = re.compile(r'<mark class="kim-mark kim-(?P<type>[a-z_]+)"[^>]*title="(?P<title>[^"]*)"'
                  r"[^>]*>(?P<inner>.*?)</mark>", re.S)


def plain(fragment: str) -> str:
    """What a browser shows of an HTML fragment: tags removed, entities resolved."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def decide_all_flags(app) -> int:
    """Generalise every open flag with its suggestion, through the panel as a user does."""
    panel, decided = app.flag_panel, 0
    while panel.open_count:
        panel.action.value = "generalise"
        panel.decide_button.click()
        decided += 1
    return decided


@pytest.fixture(scope="module")
def caseload_dir(tmp_path_factory) -> Path:
    return synthetic.write_synthetic_caseload(tmp_path_factory.mktemp("fb") / "caseload",
                                              cases=120, seed=3, as_of=AS_OF)


@pytest.fixture(scope="module")
def caseload(caseload_dir):
    return read_caseload(caseload_dir, today=AS_OF)


@pytest.fixture(scope="module")
def draft(caseload, tmp_path_factory):
    key = load_or_create_key(tmp_path_factory.mktemp("key") / "traeger.key")
    chosen = list(conference_candidates(caseload, today=pd.Timestamp(AS_OF)).index[:2])
    return prepare_package(caseload, chosen, key, as_of=AS_OF)


def raw_identifiers(caseload) -> set[str]:
    """Name parts (≥ 3 letters), streets, phones, e-mails of every person of the caseload."""
    persons = caseload.persons
    found = set()
    for column in ("given_name", "family_name"):
        for name in persons[column].dropna():
            found |= {part for part in re.split(r"[\s\-‐']+", str(name)) if len(part) >= 3}
    for column in ("street", "phone", "email"):
        found |= {str(v) for v in persons[column].dropna() if str(v).strip()}
    return found


def revealed(text: str, identifiers: set[str]) -> set[str]:
    return {i for i in identifiers
            if re.search(rf"(?<!\w){re.escape(i)}(?!\w)", text, re.IGNORECASE)}


# -- review.py ---------------------------------------------------------------------------------

RAW = "Frau Öztürk <script>alert('x')</script> & Tel. 0171 2345678, am 12.01.2023."


def raw_detections() -> list[Detection]:
    def det(text: str, type_: str, reason: str, person: str | None = None) -> Detection:
        start = RAW.index(text)
        return Detection(start, start + len(text), text, type_, person, reason)

    return [det("Frau Öztürk", "person", "Familienname von Klientin A (mit Anrede 'Frau')",
                "P-1"),
            det("0171 2345678", "phone", "Telefonnummer"),
            det("12.01.2023", "date", "Tagesgenaues Datum")]


def test_highlight_escapes_the_text_and_marks_every_detection():
    detections = raw_detections()
    out = highlight_html(RAW, detections)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert plain(out) == RAW
    marks = list(MARK.finditer(out))
    assert [html.unescape(m["inner"]) for m in marks] == [d.text for d in detections]
    assert [m["type"] for m in marks] == ["person", "phone", "date"]
    titles = [html.unescape(m["title"]) for m in marks]
    assert titles[0] == "Typ: Person des Falls – Familienname von Klientin A (mit Anrede 'Frau')"
    assert titles[1] == "Typ: Telefonnummer"  # the reason only repeats the type
    assert titles[2] == "Typ: tagesgenaues Datum – Tagesgenaues Datum"


def test_highlight_offsets_follow_the_detections_exactly():
    text = "Ä" * 3 + "Herr Kaya" + "\n<b>" + "Müller"
    detections = [Detection(3, 12, "Herr Kaya", "person", "P-1", "Name"),
                  Detection(16, 22, "Müller", "name", None, "Lexikon")]
    out = highlight_html(text, detections)
    before_first = out[:out.index("<mark")]
    assert plain(before_first) == text[:3]
    assert plain(out) == text
    with pytest.raises(ValueError):
        highlight_html(text, [Detection(0, 4, "Herr", "name", None, "")])


def test_highlight_joins_overlaps_and_names_the_replacement():
    text = "Anruf von Dr. Jana Weber heute"
    start = text.index("Dr.")
    detections = [Detection(start, start + 14, "Dr. Jana Weber", "name", None, "Titel"),
                  Detection(start + 4, start + 8, "Jana", "name", None, "Lexikon")]
    out = highlight_html(text, detections, replacement=lambda d: "[Name]")
    marks = list(MARK.finditer(out))
    assert len(marks) == 1 and html.unescape(marks[0]["inner"]) == "Dr. Jana Weber"
    assert "→ im Paket: [Name]" in html.unescape(marks[0]["title"])


def test_german_type_names_for_every_type():
    from kimtools.privacy.scrubber import TYPES

    assert set(TYPE_LABELS) == set(TYPES)
    for type_, label in TYPE_LABELS.items():
        out = highlight_html("x", [Detection(0, 1, "x", type_, None, "")])
        assert f'title="Typ: {html.escape(label)}"' in out


def test_scrubbed_with_marks_shows_the_package_text_with_typed_replacements():
    person = KnownPerson("P-1", "Gülay", "Öztürk", "Klientin A", "client", "f")
    scrubber = Scrubber([person])
    raw = "Gülays Antrag <i>Öztürk</i>: Tel. 0171 2345678 & Mail guelay@example.org"
    scrubbed, detections = scrubber.scrub(raw)
    review = TextReview("events", "Ereignis E01 (Tag 0)", "E-1", "note", raw, scrubbed,
                        detections)
    out = scrubbed_with_marks(review, scrubber.replacement)
    assert plain(out) == scrubbed
    assert "<i>" not in out
    marks = list(MARK.finditer(out))
    assert [html.unescape(m["inner"]) for m in marks] == [scrubber.replacement(d)
                                                           for d in detections]
    types = {m["type"] for m in marks}
    assert {"person", "phone", "email"} <= types
    for name in ("Gülay", "Öztürk", "2345678", "guelay"):
        assert name not in out
    # a replacement that does not add up to the package text: shown plain, never made up
    wrong = scrubbed_with_marks(review, lambda d: "?")
    assert plain(wrong) == scrubbed and "<mark" not in wrong


def test_review_of_a_draft(draft, caseload):
    replacement = case_replacement(draft)
    for case in draft.cases:
        for review in case.texts:
            assert plain(scrubbed_with_marks(review, replacement)) == review.scrubbed
            assert "<mark" in scrubbed_with_marks(review, replacement) or not review.detections
    rows = review_rows(draft)
    assert len(rows) == sum(len(c.texts) for c in draft.cases)
    assert list(rows.columns[:4]) == ["Fall", "Pseudonym", "Text", "Feld"]
    assert "Telefonnummer" in rows.columns and "Person des Falls" in rows.columns
    for case in draft.cases:
        of_case = rows[rows["Pseudonym"] == case.pseudonym]
        assert of_case["gesamt"].sum() == sum(case.replacements.values())
        assert of_case["Person des Falls"].sum() == case.replacements["person"]
    text = rows.to_csv()
    assert not any(c.case_id in text for c in draft.cases)
    assert not revealed(text, raw_identifiers(caseload))
    summary = replacement_summary(draft)
    assert list(summary["Fall"]) == [*(c.label for c in draft.cases), "Summe"]
    assert summary["gesamt"].iloc[-1] == rows["gesamt"].sum()


def test_risk_lines_are_german_and_without_raw_ids(draft):
    for case in draft.cases:
        lines = risk_lines(case)
        joined = "\n".join(lines)
        assert f"Vorher: k = {case.risk.k_initial}" in joined
        assert f"Nachher: k = {case.risk.k_final}" in joined
        assert f"Schwelle k = {case.risk.threshold}" in joined
        assert all(f"  – {step}" in lines for step in case.risk.steps)
        assert "Im Paket: Alter" in joined
        assert case.case_id not in joined


def test_text_choice_label():
    review = TextReview("events", "Ereignis E03 (Tag 42)", "E-9", "note", "a b", "a b",
                        [Detection(0, 1, "a", "name", None, ""),
                         Detection(2, 3, "b", "name", None, "")])
    assert text_choice_label(review) == "Ereignis E03 (Tag 42) – Notiz – 2 Ersetzungen"
    review.detections = review.detections[:1]
    assert text_choice_label(review).endswith("Notiz – 1 Ersetzung")
    review.detections = []
    assert text_choice_label(review).endswith("keine Ersetzung")


# -- filter_cases ------------------------------------------------------------------------------


def test_filter_defaults_list_consenting_cases_also_without_obstacles(caseload):
    table = filter_cases(caseload, today=AS_OF)
    consenting = caseload.cases[caseload.cases["consent_conference"] == "yes"]
    assert set(table.index) == set(consenting["case_id"])
    assert (table["Einwilligung"] == "ja").all()
    assert (table["offene Hürden"] == 0).any()
    assert table["offene Hürden"].is_monotonic_decreasing
    assert list(table.columns) == ["Kommune", "Status", "Einwilligung", "offene Hürden",
                                   "im Feld offen", "Hürden", "längste (Tage)", "Dauer (Tage)",
                                   "Handlungsfelder"]


def test_filter_consent_and_open_obstacles(caseload):
    everything = filter_cases(caseload, consent_only=False, today=AS_OF)
    assert len(everything) == len(caseload.cases)
    assert (everything["Einwilligung"] == "nein").any()
    with_open = filter_cases(caseload, min_open=1, today=AS_OF)
    assert set(with_open.index) == set(conference_candidates(caseload,
                                                             today=pd.Timestamp(AS_OF)).index)
    two = filter_cases(caseload, min_open=2, today=AS_OF)
    assert (two["offene Hürden"] >= 2).all() and len(two) < len(with_open)


def test_filter_field(caseload):
    table = filter_cases(caseload, field="housing", today=AS_OF)
    touched = set()
    for frame in (caseload.events, caseload.obstacles, caseload.goals):
        touched |= set(frame.loc[frame["field"] == "housing", "case_id"])
    consenting = set(caseload.cases.loc[caseload.cases["consent_conference"] == "yes",
                                        "case_id"])
    assert set(table.index) == touched & consenting
    assert table["Handlungsfelder"].str.contains("Wohnen").all()
    by_label = filter_cases(caseload, field="Wohnen", today=AS_OF)
    assert list(by_label.index) == list(table.index)
    open_housing = filter_cases(caseload, field="housing", min_open=1, today=AS_OF)
    obstacles = caseload.obstacles
    open_in_field = set(obstacles.loc[(obstacles["field"] == "housing")
                                      & obstacles["resolved_on"].isna(), "case_id"])
    assert set(open_housing.index) == open_in_field & consenting
    with pytest.raises(ValueError, match="Handlungsfeld"):
        filter_cases(caseload, field="gardening")


def test_filter_duration(caseload):
    table = filter_cases(caseload, consent_only=False, today=AS_OF)
    cases = caseload.cases.set_index("case_id")
    case_id = table.index[0]
    end = cases.at[case_id, "closed_on"]
    end = pd.Timestamp(AS_OF) if pd.isna(end) else end
    assert table.at[case_id, "Dauer (Tage)"] == (end - cases.at[case_id, "opened_on"]).days
    limit = int(table["Dauer (Tage)"].median())
    long = filter_cases(caseload, min_days=limit, consent_only=False, today=AS_OF)
    assert set(long.index) == set(table.index[table["Dauer (Tage)"] >= limit])
    assert 0 < len(long) < len(table)


# -- the widget app ----------------------------------------------------------------------------


@pytest.fixture
def app(caseload_dir, tmp_path):
    return Fallvorbereitung(caseload_dir, key_file=tmp_path / "schluessel" / "traeger.key",
                            today=AS_OF)


def consenting_cases_with_replacements(app, count=2) -> tuple[str, ...]:
    """Cases of the list that have consent and whose notes name their persons."""
    chosen = []
    for label, case_id in app.case_list.options:
        if "OHNE" in label:
            continue
        chosen.append(case_id)
        if len(chosen) == count:
            break
    return tuple(chosen)


def test_app_loads_at_start_and_fills_the_list(app, caseload):
    assert app.caseload is not None
    assert "120 Fälle" in plain(app.load_result.value)
    assert app.steps.titles == ("1 Fallbestand laden", "2 Fälle auswählen",
                                "3 Pseudonymisieren", "4 Prüfen", "5 Freigeben und schreiben")
    consenting = int((caseload.cases["consent_conference"] == "yes").sum())
    assert len(app.case_list.options) == consenting
    first_label, first_id = app.case_list.options[0]
    assert first_label.startswith(first_id) and "offene Hürde" in first_label
    assert "Tage" in first_label
    assert app.consent_only.value is True and app.k.value == 3
    out = Path(app.out_path.value)
    caseload_path = Path(caseload.source).resolve()
    assert out.parent == caseload_path.parent and not out.is_relative_to(caseload_path)
    assert out.name == f"konferenzpaket-{AS_OF.isoformat()}"


def test_app_without_caseload_shows_an_empty_path(tmp_path):
    app = Fallvorbereitung(tmp_path / "gibt-es-nicht", key_file=tmp_path / "k.key")
    assert app.path.value == "" and app.caseload is None
    assert app.case_list.options == ()
    app.load_button.click()
    assert "Pfad" in plain(app.load_result.value)
    app.path.value = str(tmp_path / "gibt-es-nicht")
    app.load_button.click()
    assert "Pfad nicht gefunden" in plain(app.load_result.value)
    assert app.caseload is None


def test_app_lists_the_problems_of_a_broken_caseload(caseload_dir, tmp_path):
    broken = tmp_path / "kaputt"
    shutil.copytree(caseload_dir, broken)
    cases = (broken / "cases.csv").read_text(encoding="utf-8").splitlines()
    cases[1] = cases[1].replace(cases[1].split(",")[4], "31.02.2023", 1)
    (broken / "cases.csv").write_text("\n".join(cases) + "\n", encoding="utf-8")
    app = Fallvorbereitung(broken, key_file=tmp_path / "k.key", today=AS_OF)
    shown = plain(app.load_result.value)
    assert app.caseload is None
    assert "kann so nicht verwendet werden" in shown
    assert "cases.csv" in shown and "Zeile 2" in shown
    assert app.case_list.options == ()


def test_filters_update_the_list_and_keep_the_selection(app):
    chosen = app.case_list.options[-1][1]
    app.case_list.value = (chosen,)
    app.min_open.value = 2
    labels = dict((v, k) for k, v in app.case_list.options)
    assert chosen in labels and labels[chosen].endswith("passt nicht zum Filter")
    assert app.case_list.value == (chosen,)
    assert all("offene Hürden" in label for label in labels.values())
    app.field.value = "housing"
    assert all("im Feld" in label for label, _ in app.case_list.options)
    app.consent_only.value = False
    app.min_open.value = 0
    app.field.value = ""
    assert any("OHNE Einwilligung" in label for label, _ in app.case_list.options)
    app.min_days.value = 100_000
    assert [v for _, v in app.case_list.options] == [chosen]
    assert "0 passende Fälle, 1 ausgewählt" in plain(app.case_info.value)


def test_full_flow_load_select_pseudonymise_review_approve_write(app, caseload, tmp_path,
                                                                capsys):
    identifiers = raw_identifiers(caseload)
    chosen = consenting_cases_with_replacements(app)
    app.case_list.value = chosen
    assert app.write_button.disabled
    app.pseudonymise_button.click()
    result = plain(app.pseudonymise_result.value)
    assert "2 Fälle pseudonymisiert" in result, result
    assert "Neuer Schlüssel angelegt" in result  # the key was created in tmp_path
    assert (tmp_path / "schluessel" / "traeger.key").exists()
    assert app.steps.selected_index == 3

    # review: a list of texts per case, the package side always, the original only on request
    assert len(app.review_case.options) == 2
    assert "Risikobericht" in plain(app.risk_report.value)
    assert "Vorher: k =" in plain(app.risk_report.value)
    labels = [label for label, _ in app.text_list.options]
    assert labels and all(" – " in label for label in labels)
    assert any(re.search(r"\d+ Ersetzung", label) for label in labels)
    person_texts = [i for i, t in enumerate(app._texts)
                    if any(d.type == "person" for d in t.detections)]
    assert len(person_texts) >= 2
    first, second = person_texts[:2]
    app.text_list.value = first
    review = app._texts[first]
    names = {d.text for d in review.detections if d.type == "person"}
    assert not app.show_raw.value
    assert not any(html.escape(n) in app.raw_view.value for n in names)
    assert plain(app.scrubbed_view.value) == review.scrubbed
    assert not revealed(app.scrubbed_view.value, identifiers)
    assert "kim-person" in app.scrubbed_view.value
    app.show_raw.value = True
    assert all(html.escape(n) in app.raw_view.value for n in names)
    assert plain(app.raw_view.value).endswith(review.raw)
    app.show_raw.value = False
    assert not any(html.escape(n) in app.raw_view.value for n in names)
    app.show_raw.value = True
    app.text_list.value = second  # another text: the original is hidden again
    assert not app.show_raw.value
    assert not revealed(app.raw_view.value, identifiers)
    app.only_replaced.value = True
    assert all("keine Ersetzung" not in label for label, _ in app.text_list.options)
    app.review_case.value = 1
    assert app.draft.cases[1].label in plain(app.risk_report.value)
    summary = plain(app.summary.value)
    assert "Person des Falls" in summary and "Summe" in summary

    # flags: approval waits until each is decided in the panel
    app.approved_by.value = "Erika Mustermann"
    app.confirmed.value = True
    assert app.write_button.disabled
    assert "Markierung" in plain(app.write_hint.value)
    assert decide_all_flags(app) > 0
    assert "offen: 0" in app.flag_panel.status.value
    app.approved_by.value = ""
    app.confirmed.value = False

    # approve: the button waits for the name and the confirmation
    assert app.write_button.disabled
    app.approved_by.value = "Erika Mustermann"
    assert app.write_button.disabled
    app.confirmed.value = True
    assert not app.write_button.disabled
    app.approved_by.value = "  "
    assert app.write_button.disabled
    app.approved_by.value = "Erika Mustermann"
    out = tmp_path / "paket"
    app.out_path.value = str(out)
    app.write_button.click()
    shown = plain(app.write_result.value)
    assert f"Konferenzpaket geschrieben: {out}" in shown, shown
    assert "Schlüssel-Fingerabdruck" in shown and "Freigegeben von Erika Mustermann" in shown
    assert app.write_button.disabled
    package = load_package(out)
    approval = package.manifest["approval"]
    assert approval["approved_by"] == "Erika Mustermann"
    assert approval["key_fingerprint"] == app.draft.key.fingerprint
    assert len(package.cases) == 2
    assert set(package.cases["case"]) == {c.pseudonym for c in app.draft.cases}
    files = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert not revealed(files, identifiers)
    assert not any(c in files for c in chosen)
    app.pseudonymise_button.click()  # the next draft gets a free place proposed
    assert not Path(app.out_path.value).exists() and app.written is None
    # nothing was printed: no raw data can have reached a cell's output
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    assert not revealed(repr(app), identifiers)


def test_refusal_without_consent_names_the_case_and_writes_nothing(app, caseload, tmp_path):
    app.consent_only.value = False
    without = next(v for label, v in app.case_list.options if "OHNE Einwilligung" in label)
    app.case_list.value = (without,)
    assert "werden abgelehnt" in plain(app.case_info.value)
    app.pseudonymise_button.click()
    shown = plain(app.pseudonymise_result.value)
    assert "Nicht pseudonymisiert" in shown
    assert f"Fall {without}: keine Einwilligung" in shown
    assert app.draft is None
    assert "Noch nichts zu prüfen" in plain(app.risk_report.value)
    app.approved_by.value = "Erika Mustermann"
    app.confirmed.value = True
    assert app.write_button.disabled
    out = tmp_path / "paket"
    app.out_path.value = str(out)
    app.write_button.click()  # even a click that slips through writes nothing
    assert not out.exists()
    assert "Nicht geschrieben" in plain(app.write_result.value)
    assert not any(p.name.startswith("konferenzpaket") for p in tmp_path.iterdir())


def test_no_case_selected_is_refused(app):
    app.pseudonymise_button.click()
    assert "Keine Fälle ausgewählt" in plain(app.pseudonymise_result.value)


def test_changed_selection_needs_a_new_draft(app):
    app.case_list.value = consenting_cases_with_replacements(app)
    app.pseudonymise_button.click()
    decide_all_flags(app)
    app.approved_by.value = "Erika Mustermann"
    app.confirmed.value = True
    assert not app.write_button.disabled
    app.k.value = 4
    assert app.write_button.disabled
    assert "erneutes Pseudonymisieren" in plain(app.write_hint.value)
    app.k.value = 3
    assert not app.write_button.disabled
    app.pseudonymise_button.click()  # a new draft must be confirmed again
    decide_all_flags(app)
    assert not app.confirmed.value and app.write_button.disabled


def test_write_refuses_the_caseload_folder_and_existing_paths(app, caseload_dir):
    app.case_list.value = consenting_cases_with_replacements(app)
    app.pseudonymise_button.click()
    decide_all_flags(app)
    app.approved_by.value = "Erika Mustermann"
    app.confirmed.value = True
    app.out_path.value = str(Path(caseload_dir) / "paket")
    app.write_button.click()
    assert "nicht in den Ordner des Fallbestands" in plain(app.write_result.value)
    assert not (Path(caseload_dir) / "paket").exists()
    app.out_path.value = str(caseload_dir)
    app.write_button.click()
    assert "existiert bereits" in plain(app.write_result.value) or (
        "nicht in den Ordner" in plain(app.write_result.value))
    assert app.written is None and app.draft.package.manifest["approval"] is None


def test_leak_gate_hit_is_shown_and_nothing_written(app, tmp_path, monkeypatch):
    def leaking(draft, out, caseload):
        raise LeakDetected([Leak("events.csv", 3, "Familienname", "Xyz", "Person P-1")])

    monkeypatch.setattr(preparation, "write_package", leaking)
    app.case_list.value = consenting_cases_with_replacements(app)
    app.pseudonymise_button.click()
    decide_all_flags(app)
    app.approved_by.value = "Erika Mustermann"
    app.confirmed.value = True
    out = tmp_path / "paket"
    app.out_path.value = str(out)
    app.write_button.click()
    shown = plain(app.write_result.value)
    assert "Nicht geschrieben: die Sperre hat Kennungen" in shown
    assert "events.csv, Zeile 3" in shown
    assert not out.exists() and app.written is None
    assert app.draft.package.manifest["approval"] is None
    assert not app.write_button.disabled  # may be tried again after fixing


def test_unexpected_errors_stay_inside_the_app(app, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(preparation, "prepare_package", broken)
    app.case_list.value = consenting_cases_with_replacements(app)
    app.pseudonymise_button.click()
    assert "Unerwarteter Fehler" in plain(app.pseudonymise_result.value)
    assert "RuntimeError: kaputt" in plain(app.pseudonymise_result.value)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_repr_reveals_nothing(app, caseload):
    app.case_list.value = consenting_cases_with_replacements(app)
    app.pseudonymise_button.click()
    app.show_raw.value = True
    bundle = app._repr_mimebundle_()
    assert repr(app) == bundle["text/plain"] == "Fallvorbereitung (kimtools)"
    assert not revealed(str(bundle), raw_identifiers(caseload))
    assert not any(c in str(bundle) for c in caseload.cases["case_id"])


def test_default_package_path_is_free_and_beside_the_caseload(tmp_path):
    caseload = tmp_path / "fallbestand"
    caseload.mkdir()
    first = default_package_path(caseload, AS_OF)
    assert first == tmp_path.resolve() / "konferenzpaket-2026-11-01"
    first.mkdir()
    assert default_package_path(caseload, AS_OF).name == "konferenzpaket-2026-11-01-2"
