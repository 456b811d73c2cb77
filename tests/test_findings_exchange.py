"""Exports (CSV, XLSX, JSON) and the merge of another municipality's register."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace

import openpyxl
import pytest

from kimtools.findings import (
    Attendee,
    Conference,
    Evidence,
    ExportError,
    Finding,
    PresentedCase,
    excel_safe,
    export_document,
    export_register,
    load_export,
    merge_export,
    open_register,
)
from kimtools.findings.exchange import EXPORT_VERSION, FINDING_HEADERS, HISTORY_HEADERS

TODAY = dt.date(2026, 11, 1)
INJECTION = '=HYPERLINK("http://example.org/x","Klick")'


def fill(register, municipality: str = "Verl") -> list[Finding]:
    first = register.add_conference(Conference(
        date=dt.date(2026, 3, 10), place="Rathaus", municipality=municipality,
        attendees=[Attendee("Jobcenter", "Fallmanagement")], agenda=["Fälle", "Befunde"],
        cases=[PresentedCase("F-AAAAAAAA", "p1.zip")], chair="KI", minute_taker="KIM"))
    register.set_case_note(first.id, "F-AAAAAAAA", "vertraulich: nur fürs Protokoll")
    second = register.add_conference(Conference(date=dt.date(2026, 9, 1),
                                                municipality=municipality))
    findings = [
        register.add_finding(Finding(
            title=INJECTION, conference_id=first.id, fields=["work"],
            institutions=["Jobcenter"], cases=["F-AAAAAAAA"], description="-Minus am Anfang",
            measure="+plus", responsible="@Kreis", due_date=dt.date(2027, 1, 31),
            evidence=Evidence(cases=1, obstacles=2, open_obstacles=1, median_days=45.5,
                              max_days=80, categories={"waiting_time": 2})), "A", TODAY),
        register.add_finding(Finding(title="Wartezeit Ausländerbehörde > 12 Monate",
                                     conference_id=first.id, fields=["residence"],
                                     level="Kreis"), "A", TODAY),
        register.add_finding(Finding(title="Kein Kurs mit Kinderbetreuung",
                                     conference_id=second.id,
                                     fields=["childcare", "language"]), "B", TODAY),
    ]
    register.update_finding(findings[1].id, {"status": "übergeben"}, "B", TODAY)
    register.update_finding(findings[2].id, {"status": "umgesetzt", "priority": "hoch"},
                            "A", TODAY)
    return register.findings()


@pytest.fixture
def register(tmp_path):
    with open_register(tmp_path / "verl.db", create=True) as opened:
        fill(opened)
        yield opened


def comparable(document: dict) -> dict:
    return {key: document[key] for key in ("format", "format_version", "conferences",
                                           "findings")}


@pytest.mark.parametrize("value", ["=1+1", "+49 171", "-5", "@SUM(A1)", "\tTab", "\rCR"])
def test_excel_safe_neutralises_formula_starts(value):
    assert excel_safe(value) == "'" + value


def test_excel_safe_leaves_other_values():
    assert excel_safe("Jobcenter = zuständig") == "Jobcenter = zuständig"
    assert excel_safe(-5) == -5 and excel_safe(None) is None


def test_json_roundtrip_through_an_empty_register(register, tmp_path):
    first = export_register(register, tmp_path / "verl.json", "json")
    with open_register(tmp_path / "kreis.db", create=True) as district:
        result = merge_export(district, first)
        assert (result.conferences_new, result.findings_new, result.history_added) == (2, 3, 6)
        second = export_register(district, tmp_path / "kreis.json", "json")
    one, two = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    assert comparable(one) == comparable(two)
    assert one["format_version"] == EXPORT_VERSION
    assert len(one["findings"]) == 3 and one["findings"][0]["evidence"]["median_days"] == 45.5


def test_json_has_no_discussion_notes(register, tmp_path):
    text = export_register(register, tmp_path / "e.json", "json").read_text(encoding="utf-8")
    assert "vertraulich" not in text


def test_filters_choose_findings_and_their_conferences(register):
    document = export_document(register, status=["übergeben"], level=["Kreis"])
    assert [f["title"] for f in document["findings"]] == [
        "Wartezeit Ausländerbehörde > 12 Monate"]
    assert [c["date"] for c in document["conferences"]] == ["2026-03-10"]
    assert [h["field"] for h in document["findings"][0]["history"]] == ["created", "status"]


def test_xlsx_german_headers_and_no_formula(register, tmp_path):
    path = export_register(register, tmp_path / "befunde.xlsx", "xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Befunde", "Verlauf"]
    findings, history = book["Befunde"], book["Verlauf"]
    assert [c.value for c in findings[1]] == list(FINDING_HEADERS.values())
    assert [c.value for c in history[1]] == list(HISTORY_HEADERS.values())
    assert findings.max_row == 4 and history.max_row == 7
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r")
    titles = [c.value for c in findings["B"][1:]]
    assert "'" + INJECTION in titles
    assert findings["N2"].value == dt.datetime(2027, 1, 31)
    assert {c.value for c in history["E"][1:]} == {"angelegt", "Status", "Priorität"}


def test_csv_for_german_excel_with_injection_neutralised(register, tmp_path):
    path = export_register(register, tmp_path / "befunde.csv", "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == list(FINDING_HEADERS.values())
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Titel"] == "'" + INJECTION
    assert (first["Beschreibung"], first["Maßnahme"], first["zuständig"]) == (
        "'-Minus am Anfang", "'+plus", "'@Kreis")
    assert first["fällig am"] == "31.01.2027" and first["Belege: Wartetage (Median)"] == "45,5"
    assert first["Handlungsfelder"] == "Arbeit"


def test_export_is_atomic_and_never_the_register(register, tmp_path):
    target = tmp_path / "befunde.json"
    target.write_text("alt", encoding="utf-8")
    with pytest.raises(ExportError, match="Register selbst"):
        export_register(register, register.path, "json")
    with pytest.raises(ExportError, match="Format „pdf“ unbekannt"):
        export_register(register, target, "pdf")
    assert target.read_text(encoding="utf-8") == "alt"
    export_register(register, target, "json")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_merge_updates_only_newer_and_merges_history(register, tmp_path):
    with open_register(tmp_path / "kreis.db", create=True) as district:
        merge_export(district, export_register(register, tmp_path / "a.json", "json"))
        target = register.findings()[1]
        # the district works on the finding, then the municipality does too (later)
        district.update_finding(target.id, {"responsible": "Kreis"}, "Kreis", TODAY)
        register.update_finding(target.id, {"status": "in Bearbeitung"}, "Verl", TODAY)
        result = merge_export(district, export_register(register, tmp_path / "b.json", "json"))
        assert (result.findings_new, result.findings_updated, result.findings_unchanged,
                result.history_added) == (0, 1, 2, 1)
        merged = district.finding(target.id)
        assert merged.status == "in Bearbeitung"
        fields = [e.field for e in district.history(target.id)]
        assert fields == ["created", "status", "responsible", "status"]
        again = merge_export(district, tmp_path / "b.json")
        assert (again.findings_updated, again.history_added) == (0, 0)
        # an older copy never overwrites a newer one
        district.update_finding(target.id, {"priority": "hoch"}, "Kreis", TODAY)
        stale = merge_export(district, tmp_path / "b.json")
        assert stale.findings_updated == 0 and district.finding(target.id).priority == "hoch"


def test_merge_keeps_local_notes_and_cases(register, tmp_path):
    path = export_register(register, tmp_path / "a.json", "json")
    with open_register(tmp_path / "kreis.db", create=True) as district:
        merge_export(district, path)
        conference = district.conferences()[0]
        district.present_case(conference.id, "F-DDDDDDDD")
        district.set_case_note(conference.id, "F-AAAAAAAA", "Notiz im Kreis")
        register.update_conference(conference.id, {"place": "Bürgerhaus"})
        result = merge_export(district, export_register(register, tmp_path / "b.json", "json"))
        assert result.conferences_updated == 1
        merged = district.conference(conference.id)
        assert merged.place == "Bürgerhaus"
        assert [(p.case, p.note) for p in merged.cases] == [
            ("F-AAAAAAAA", "Notiz im Kreis"), ("F-DDDDDDDD", "")]


def test_two_municipalities_into_one_district(register, tmp_path):
    with open_register(tmp_path / "rietberg.db", create=True) as other:
        fill(other, "Rietberg")
        second = export_register(other, tmp_path / "rietberg.json", "json")
    with open_register(tmp_path / "kreis.db", create=True) as district:
        merge_export(district, export_register(register, tmp_path / "verl.json", "json"))
        merge_export(district, second)
        merge_export(district, second)
        assert len(district.findings()) == 6 and len(district.conferences()) == 4
        assert len(district.history()) == 12


def _unchanged_after(register, action) -> str:
    before = export_document(register)
    with pytest.raises(ExportError) as caught:
        action()
    assert comparable(export_document(register)) == comparable(before)
    return str(caught.value)


def test_bad_input_changes_nothing(register, tmp_path):
    broken = tmp_path / "kaputt.json"
    broken.write_text("{nicht json", encoding="utf-8")
    message = _unchanged_after(register, lambda: merge_export(register, broken))
    assert "kaputt.json" in message and "kein lesbares JSON" in message

    document = export_document(register)
    newer = tmp_path / "neuer.json"
    newer.write_text(json.dumps({**document, "format_version": EXPORT_VERSION + 1}),
                     encoding="utf-8")
    message = _unchanged_after(register, lambda: merge_export(register, newer))
    assert f"Exportversion {EXPORT_VERSION + 1} wird nicht unterstützt" in message

    foreign = tmp_path / "fremd.json"
    foreign.write_text(json.dumps({"findings": []}), encoding="utf-8")
    assert "kein Export" in _unchanged_after(register, lambda: merge_export(register, foreign))

    bad = json.loads(json.dumps(document))
    bad["findings"][0].update(status="erledigt", cases=["KIM-2023-0001"], updated_at="gestern")
    invalid = tmp_path / "ungueltig.json"
    invalid.write_text(json.dumps(bad), encoding="utf-8")
    message = _unchanged_after(register, lambda: merge_export(register, invalid))
    assert "Status „erledigt“ unbekannt" in message and "KIM-2023-0001" in message
    assert "„updated_at“ ist kein Zeitstempel" in message

    # valid records, but one finding points to a conference nobody has: all or nothing
    orphan = json.loads(json.dumps(document))
    new_conference = {**orphan["conferences"][0], "id": "neu-1"}
    new_finding = {**orphan["findings"][0], "id": "neu-2", "conference_id": "unbekannt-99",
                   "history": []}
    orphan.update(conferences=[new_conference], findings=[new_finding])
    path = tmp_path / "waise.json"
    path.write_text(json.dumps(orphan), encoding="utf-8")
    message = _unchanged_after(register, lambda: merge_export(register, path))
    assert "waise.json" in message and "Konferenz unbekannt-99 ist nicht im Register" in message
    assert all(c.id != "neu-1" for c in register.conferences())


def test_load_export_returns_records(register, tmp_path):
    records = load_export(export_register(register, tmp_path / "a.json", "json"))
    assert len(records.findings) == 3 and len(records.history) == 6
    assert replace(records.findings[0], evidence=None).title == INJECTION


HIDDEN_FORMULAS = [" =1+1", "\n=HYPERLINK(\"http://example.org\")", "\u00a0@SUMME(A1)",
                   "\uff1dHYPERLINK(\"http://example.org\")", "\t+1", " \uff0d1"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formulas_behind_blanks_and_in_full_width_are_neutralised(tmp_path, fmt):
    with open_register(tmp_path / "r.db", create=True) as register:
        conference = register.add_conference(Conference(date=dt.date(2026, 3, 10),
                                                        municipality="Verl"))
        for text in HIDDEN_FORMULAS:
            register.add_finding(Finding(title=f"Befund {len(text)}{text[-3:]}",
                                         description=text, measure=text,
                                         conference_id=conference.id, fields=["work"]),
                                 "A", TODAY)
        path = export_register(register, tmp_path / f"befunde.{fmt}", fmt)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"),
                                               newline=""), delimiter=";"))
        cells = [row[column] for row in rows for column in ("Beschreibung", "Maßnahme")]
    else:
        sheet = openpyxl.load_workbook(path)["Befunde"]
        columns = [c.value for c in sheet[1]]
        wanted = [columns.index("Beschreibung"), columns.index("Maßnahme")]
        cells = [row[i] for row in sheet.iter_rows(min_row=2, values_only=True) for i in wanted]
    assert len(cells) == 2 * len(HIDDEN_FORMULAS)
    assert sorted(cells) == sorted("'" + text for text in HIDDEN_FORMULAS for _ in (1, 2))
