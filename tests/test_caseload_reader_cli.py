"""Broken reader inputs through the command line: `check` and `pseudonymise` name the file, row
and column in German, exit with 2, print no traceback and write nothing.

Each input is built from the tiny caseload of conftest; `READER_TABLE` is the table of input,
exit code and message that the documentation quotes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import tiny_tables
from openpyxl import load_workbook
from typer.testing import CliRunner

from kimtools.caseload import write_caseload
from kimtools.caseload.limits import MAX_COLUMNS
from kimtools.cli import app

TODAY = "2026-11-01"


def csv_text(name: str, **replace: str) -> str:
    """One table of the tiny caseload as CSV text, with some words replaced."""
    text = tiny_tables()[name].to_csv(index=False)
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


ASCII_PERSONS = {"Gülay": "Gulay", "Öztürk": "Oeztuerk", "Königstraße": "Koenigstrasse",
                 "Gütersloh": "Guetersloh", "guelay.oeztuerk": "g.o"}


def folder_with(name: str, data: bytes | None = None, extra: dict[str, bytes] | None = None,
                size: int | None = None) -> Callable[[Path], Path]:
    """The tiny caseload as CSVs with one file's bytes replaced (or grown sparse to `size`)."""

    def build(tmp: Path) -> Path:
        folder = write_caseload(tiny_tables(), tmp / "caseload")
        if data is not None:
            (folder / f"{name}.csv").write_bytes(data)
        if size is not None:
            with open(folder / f"{name}.csv", "r+b") as handle:
                handle.truncate(size)
        for file, content in (extra or {}).items():
            (folder / file).write_bytes(content)
        return folder

    return build


def appended(name: str, tail: bytes) -> bytes:
    return csv_text(name).encode("utf-8") + tail


def truncated_in_first_umlaut() -> bytes:
    data = csv_text("persons").encode("utf-8")
    return data[:data.index("Öztürk".encode()) + 1]


def bomb_workbook(tmp: Path) -> Path:
    """A real .xlsx whose first sheet unpacks to 200 MB of zeros from a few hundred KB."""
    file = write_caseload(tiny_tables(), tmp / "bombe.xlsx", fmt="xlsx")
    chunk = b"0" * 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(file) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("xl/worksheets/padding.xml", "w", force_zip64=True) as stream:
            for _ in range(200):
                stream.write(chunk)
    file.write_bytes(buffer.getvalue())
    return file


def workbook_with_formula(tmp: Path) -> Path:
    file = write_caseload(tiny_tables(), tmp / "formel.xlsx", fmt="xlsx")
    workbook = load_workbook(file)
    workbook["cases"]["E3"] = "=DATE(2022,5,2)"
    workbook.save(file)
    return file


def wide_workbook(tmp: Path) -> Path:
    file = write_caseload(tiny_tables(), tmp / "breit.xlsx", fmt="xlsx")
    workbook = load_workbook(file)
    sheet = workbook["persons"]
    for column in range(17, MAX_COLUMNS + 20):
        sheet.cell(row=1, column=column, value=f"Zusatz {column}")
    workbook.save(file)
    return file


def lock_file_only(tmp: Path) -> Path:
    write_caseload(tiny_tables(), tmp / "fall.xlsx", fmt="xlsx")
    lock = tmp / "~$fall.xlsx"
    lock.write_bytes(b"\x0bJana Brockmann" + b"\x00" * 40)
    return lock


def huge_workbook(tmp: Path) -> Path:
    file = tmp / "riesig.xlsx"
    with open(file, "wb") as handle:
        handle.truncate(201 * 2**20)
    return file


@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]
    exit_code: int
    place: str  # the start of the message: file, row and column as printed
    says: str  # a fragment of the German message


MILLION_COLUMNS = ",".join(f"s{i}" for i in range(1_000_000)).encode() + b"\n1\n"
WIDE = ",".join(csv_text("cases").splitlines()[0].split(",")
                + [f"Zusatz {i}" for i in range(MAX_COLUMNS)]).encode() + b"\n"

CASES = [
    Case("Windows-1252 byte appended to UTF-8 persons.csv",
         folder_with("persons", appended("persons", b"P-0009,KIM-2023-0001,child,Ren\xe9,"
                                                    b"X,2015-01-01,m,TR,,,,,,,,\n")),
         2, "Fehler: persons.csv, Zeile 5, Spalte D „given_name“", "ungültige Zeichenkodierung"),
    Case("UTF-8 truncated inside a character",
         folder_with("persons", truncated_in_first_umlaut()),
         2, "Fehler: persons.csv, Zeile 2, Spalte E „family_name“", "abgeschnittenes Zeichen"),
    Case("UTF-16 with BOM (Excel Unicode-Text)",
         folder_with("cases", csv_text("cases").encode("utf-16")),
         2, "Fehler: cases.csv, Zeile 1:", "UTF-16"),
    Case("UTF-16 without BOM",
         folder_with("cases", csv_text("cases").encode("utf-16-le")),
         2, "Fehler: cases.csv, Zeile 1:", "UTF-16"),
    Case("DOS code page 850",
         folder_with("persons", csv_text("persons").encode("cp850")),
         2, "Fehler: persons.csv, Zeile 2, Spalte D „given_name“", "weder in UTF-8 noch"),
    Case("Cyrillic Windows-1251",
         folder_with("persons", csv_text("persons", Mohammad="Мухаммед", **ASCII_PERSONS)
                     .encode("cp1251")),
         2, "Fehler: persons.csv, Zeile 4, Spalte D „given_name“", "Windows-1251"),
    Case("date outside what pandas holds (01.01.0199)",
         folder_with("cases", csv_text("cases", **{"2023-01-10": "01.01.0199"}).encode()),
         2, "Fehler: cases.csv, Zeile 2, Spalte E „opened_on“", "Datum unplausibel"),
    Case("implausible due date (2999)",
         folder_with("goals", csv_text("goals", **{"2027-03-01": "2999-03-01"}).encode()),
         2, "Fehler: goals.csv, Zeile 2, Spalte F „due_on“", "1900 bis 2100"),
    Case("header-only cases.csv",
         folder_with("cases", csv_text("cases").splitlines()[0].encode() + b"\n"),
         2, "Fehler: cases.csv, Zeile 2:", "nur die Kopfzeile"),
    Case("header-only persons.csv",
         folder_with("persons", csv_text("persons").splitlines()[0].encode() + b"\n"),
         2, "Fehler: persons.csv, Zeile 2:", "nur die Kopfzeile"),
    Case("a million columns",
         folder_with("events", MILLION_COLUMNS),
         2, "Fehler: events.csv:", "Grenze: 1.000.000 Bytes je Zeile"),
    Case(f"{MAX_COLUMNS + 8} columns",
         folder_with("cases", WIDE),
         2, "Fehler: cases.csv, Zeile 1:", f"Grenze: {MAX_COLUMNS} Spalten"),
    Case("a note of 1.2 million characters on one line",
         folder_with("events", appended("events", b"E-0009,KIM-2023-0001,2023-03-01,"
                                                  b"monitoring,phone,,," + b"x" * 1_200_000
                                         + b"\n")),
         2, "Fehler: events.csv:", "Grenze: 1.000.000 Bytes je Zeile"),
    Case("CSV file of 1.1 GB",
         folder_with("events", size=1100 * 2**20),
         2, "Fehler: events.csv:", "Grenze: 1.024 MB je CSV-Datei"),
    Case("xlsx zip bomb", bomb_workbook,
         2, "Fehler: bombe.xlsx:", "Zip-Bomben"),
    Case("workbook of 201 MB", huge_workbook,
         2, "Fehler: riesig.xlsx:", "Grenze: 200 MB je .xlsx-Datei"),
    Case(f"sheet with {MAX_COLUMNS + 19} columns", wide_workbook,
         2, "Fehler: breit.xlsx, Blatt „persons“, Zeile 1:", f"Grenze: {MAX_COLUMNS} Spalten"),
    Case("Excel lock file given as the caseload", lock_file_only,
         2, "Fehler: ~$fall.xlsx:", "Excel-Sperrdatei"),
    Case("formula without a stored value", workbook_with_formula,
         2, "Fehler: formel.xlsx, Blatt „cases“, Zeile 3, Spalte E „opened_on“",
         "Formel ohne gespeicherten Wert"),
]


def files_under(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*")}


def run(args: list[str]):
    return CliRunner().invoke(app, args)


def assert_refused(result, case: Case) -> None:
    assert result.exit_code == case.exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith(case.place)]
    assert lines, f"no line starting {case.place!r}:\n{result.output[:2000]}"
    assert case.says in lines[0], lines[0]
    assert len(result.output.splitlines()) < 20  # one message per problem, not per column


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_refuses(tmp_path, case):
    caseload = case.build(tmp_path)
    before = files_under(tmp_path)
    assert_refused(run(["check", str(caseload), "--today", TODAY]), case)
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pseudonymise_writes_nothing(tmp_path, case):
    caseload = case.build(tmp_path)
    before = files_under(tmp_path)
    result = run(["pseudonymise", str(caseload), "--cases", "KIM-2023-0001",
                  "--out", str(tmp_path / "paket"), "--key-file", str(tmp_path / "t.key")])
    assert_refused(result, case)
    assert "Nichts geschrieben" in result.output
    assert files_under(tmp_path) == before


def test_lock_file_beside_the_csvs_is_not_a_second_table(tmp_path):
    folder = folder_with("cases", extra={"~$cases.csv": b"\x0bJana Brockmann"})(tmp_path)
    result = run(["check", str(folder), "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert "Warnung: ~$cases.csv: Excel-Sperrdatei" in result.output
    assert "doppelt" not in result.output


def test_windows_1252_with_umlauts_is_still_read(tmp_path):
    folder = folder_with("persons", csv_text("persons").encode("cp1252"))(tmp_path)
    result = run(["check", str(folder), "--today", TODAY])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [["summary"], ["candidates", "--ids"]])
def test_summary_and_candidates_refuse_a_stray_byte(tmp_path, command):
    caseload = CASES[0].build(tmp_path)
    result = run([command[0], str(caseload), *command[1:]])
    assert_refused(result, CASES[0])


def test_rows_of_spaces_are_empty_rows(tmp_path):
    folder = folder_with("goals", appended("goals", b" , ,  ,,,,\n\n"))(tmp_path)
    result = run(["check", str(folder), "--today", TODAY])
    assert result.exit_code == 0, result.output
