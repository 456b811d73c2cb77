"""A corpus of broken caseloads: each problem is named with its exact file, row and column.

Rows are counted as Excel counts them: the header is row 1, the first case row 2. In the tiny
caseload, events row 3 spans two lines of the file, so events row 4 starts on line 6.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pytest
from conftest import TODAY, tiny_tables
from openpyxl import load_workbook
from typer.testing import CliRunner

from kimtools.caseload import check_caseload, write_caseload
from kimtools.cli import app

Tables = dict[str, pd.DataFrame]


@dataclass
class Broken:
    name: str
    change: Callable[[Tables], None] | None  # change to the tables before writing
    file: str
    row: int | None
    column: str | None
    says: str  # a fragment of the German message
    after_write: Callable | None = None  # change to the written folder


def setcell(table: str, row: int, column: str, value: str):
    """Set a cell given as Excel row number (header = 1)."""

    def change(tables: Tables) -> None:
        tables[table].loc[row - 2, column] = value

    return change


def drop_column(table: str, column: str):
    def change(tables: Tables) -> None:
        tables[table] = tables[table].drop(columns=[column])

    return change


def add_column(table: str, header: str, values):
    def change(tables: Tables) -> None:
        tables[table][header] = values

    return change


def replace_file(name: str, data: bytes):
    def after(folder) -> None:
        (folder / f"{name}.csv").write_bytes(data)

    return after


def append_raw(name: str, line: str):
    def after(folder) -> None:
        with open(folder / f"{name}.csv", "a", encoding="utf-8") as handle:
            handle.write(line)

    return after


def remove_file(name: str):
    def after(folder) -> None:
        (folder / f"{name}.csv").unlink()

    return after


CORPUS = [
    Broken("missing required column", drop_column("persons", "birth_date"),
           "persons.csv", 1, "birth_date", "Pflichtspalte fehlt"),
    Broken("missing table file", None, "caseload/goals.csv", None, None, "fehlt",
           after_write=remove_file("goals")),
    Broken("unknown case status", setcell("cases", 3, "status", "erledigt"),
           "cases.csv", 3, "status", "unbekannter Code"),
    Broken("unknown role", setcell("persons", 4, "role", "Onkel"),
           "persons.csv", 4, "role", "unbekannter Code"),
    Broken("impossible date", setcell("cases", 2, "opened_on", "31.02.2023"),
           "cases.csv", 2, "opened_on", "kein gültiges Datum"),
    Broken("two-digit year", setcell("events", 4, "date", "01.02.23"),
           "events.csv", 4, "date", "kein gültiges Datum"),
    Broken("duplicate event id", setcell("events", 4, "event_id", "E-0001"),
           "events.csv", 4, "event_id", "zuerst in Zeile 2"),
    Broken("unknown case referenced", setcell("obstacles", 3, "case_id", "KIM-9999"),
           "obstacles.csv", 3, "case_id", "gibt"),
    Broken("case without client", setcell("persons", 4, "role", "relative"),
           "cases.csv", 3, "case_id", "Fall ohne Klient/in"),
    Broken("two clients in a case", setcell("persons", 3, "role", "client"),
           "persons.csv", 3, "role", "zweite Person mit Rolle client"),
    Broken("event in the future", setcell("events", 2, "date", "2027-01-01"),
           "events.csv", 2, "date", "Zukunft"),
    Broken("arrival before birth", setcell("persons", 2, "arrival_date", "1980-01-01"),
           "persons.csv", 2, "arrival_date", "vor der Geburt"),
    Broken("event before the case was opened", setcell("events", 4, "date", "2022-12-01"),
           "events.csv", 4, "date", "vor der Eröffnung"),
    Broken("country name instead of code", setcell("persons", 4, "nationality", "Syrien"),
           "persons.csv", 4, "nationality", "ISO 3166-1"),
    Broken("language name instead of code", setcell("persons", 2, "languages", "türkisch"),
           "persons.csv", 2, "languages", "ISO 639-1"),
    Broken("empty mandatory cell", setcell("cases", 3, "municipality", ""),
           "cases.csv", 3, "municipality", "Pflichtfeld ist leer"),
    Broken("unknown Handlungsfeld", setcell("goals", 2, "field", "Integration"),
           "goals.csv", 2, "field", "unbekannter Code"),
    Broken("obstacle resolved before it began",
           setcell("obstacles", 3, "resolved_on", "2022-01-01"),
           "obstacles.csv", 3, "resolved_on", "gelöst vor dem Beginn"),
    Broken("case closed before it was opened", setcell("cases", 3, "closed_on", "2022-01-01"),
           "cases.csv", 3, "closed_on", "vor der Eröffnung"),
    Broken("obstacle before the client's birth", setcell("obstacles", 2, "since", "1980-01-01"),
           "obstacles.csv", 2, "since", "vor der Geburt"),
    Broken("near-miss category", setcell("obstacles", 2, "category", "Wartezeiten"),
           "obstacles.csv", 2, "category", "Wartezeit"),
    Broken("goal due before agreed", setcell("goals", 3, "due_on", "2022-06-30"),
           "goals.csv", 3, "due_on", "fällig vor der Vereinbarung"),
    Broken("row with too many fields", None, "goals.csv", 4, None, "Felder",
           after_write=append_raw("goals", "G-0003,KIM-2022-0002,work,x,,,open,extra\n")),
    Broken("bad event kind after a multi-line note", setcell("events", 4, "kind", "Mail"),
           "events.csv", 4, "kind", "unbekannter Code"),
    Broken("neither UTF-8 nor Windows-1252", None, "cases.csv", 2, "case_id",
           "Zeichenkodierung", after_write=replace_file("cases", b"case_id\n\x81\x8d\xff\n")),
    Broken("empty file", None, "persons.csv", 1, None, "Kopfzeile fehlt",
           after_write=replace_file("persons", b"")),
    Broken("same column twice (German and English header)",
           add_column("cases", "Fallstatus", ["active", "closed"]),
           "cases.csv", 1, "Fallstatus", "Spalte doppelt"),
    Broken("duplicate case id", setcell("cases", 3, "case_id", "KIM-2023-0001"),
           "cases.csv", 3, "case_id", "mehrfach"),
]


def write_plain(tables: Tables, folder):
    """Write the cells exactly as they are, headers included (the writer would canonicalise)."""
    folder.mkdir(parents=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder


def write_broken(tmp_path, broken: Broken):
    tables = tiny_tables()
    if broken.change:
        broken.change(tables)
    folder = write_plain(tables, tmp_path / "caseload")
    if broken.after_write:
        broken.after_write(folder)
    return folder


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 20
    assert len({b.name for b in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("broken", CORPUS, ids=[b.name for b in CORPUS])
def test_problem_names_file_row_and_column(tmp_path, broken):
    folder = write_broken(tmp_path, broken)
    _, problems = check_caseload(folder, today=TODAY)
    errors = [p for p in problems if p.is_error]
    assert errors, "expected an error"
    match = [p for p in errors
             if (p.file, p.row, p.column) == (broken.file, broken.row, broken.column)]
    assert match, f"no error at {broken.file}/{broken.row}/{broken.column}: {errors}"
    assert broken.says in str(match[0])


@pytest.mark.parametrize("broken", CORPUS, ids=[b.name for b in CORPUS])
def test_cli_check_exits_2_without_traceback(tmp_path, broken):
    folder = write_broken(tmp_path, broken)
    result = CliRunner().invoke(app, ["check", str(folder), "--today", "2026-11-01"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert broken.file in result.output and "Fehler" in result.output


def test_all_problems_reported_at_once(tmp_path):
    tables = tiny_tables()
    for broken in CORPUS[2:8]:
        broken.change(tables)
    _, problems = check_caseload(write_plain(tables, tmp_path / "c"), today=TODAY)
    places = {(p.file, p.row, p.column) for p in problems}
    for broken in CORPUS[2:8]:
        assert (broken.file, broken.row, broken.column) in places


def test_message_names_users_header_and_column_letter(tmp_path):
    tables = tiny_tables()
    tables["cases"].loc[1, "status"] = "erledigt"
    tables["cases"] = tables["cases"].rename(columns={"status": "Fallstatus"})
    _, problems = check_caseload(write_plain(tables, tmp_path / "c"), today=TODAY)
    text = str(problems[0])
    assert text.startswith("Fehler: cases.csv, Zeile 3, Spalte G „Fallstatus“: Wert „erledigt“")
    assert "active (aktiv)" in text


def test_warnings_do_not_fail(tmp_path):
    tables = tiny_tables()
    tables["cases"].loc[0, "consent_conference"] = ""
    tables["cases"]["Bemerkung intern"] = ["x", "y"]
    folder = write_plain(tables, tmp_path / "c")
    result = CliRunner().invoke(app, ["check", str(folder), "--today", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert "Warnung: cases.csv, Zeile 2, Spalte H „consent_conference“" in result.output
    assert "Warnung: cases.csv, Zeile 1, Spalte I „Bemerkung intern“" in result.output


def test_xlsx_problems_name_the_sheet(tmp_path):
    file = write_caseload(tiny_tables(), tmp_path / "fall.xlsx", fmt="xlsx")
    workbook = load_workbook(file)
    workbook["cases"]["E3"] = "im Mai"
    del workbook["goals"]
    workbook.save(file)
    _, problems = check_caseload(file, today=TODAY)
    places = {(p.file, p.row, p.column) for p in problems}
    assert ("fall.xlsx, Blatt „cases“", 3, "opened_on") in places
    assert ("fall.xlsx, Blatt „goals“", None, None) in places


def test_unreadable_workbook(tmp_path):
    file = tmp_path / "kaputt.xlsx"
    file.write_bytes(b"not a workbook")
    result = CliRunner().invoke(app, ["check", str(file)])
    assert result.exit_code == 2
    assert "kaputt.xlsx" in result.output and "Traceback" not in result.output


def test_missing_path(tmp_path):
    result = CliRunner().invoke(app, ["check", str(tmp_path / "gibt-es-nicht")])
    assert result.exit_code == 2
    assert "Pfad nicht gefunden" in result.output
