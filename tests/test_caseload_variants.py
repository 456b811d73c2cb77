"""The reader accepts every variant of the exchange format that Excel or an export produces."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import TODAY, tiny_tables
from openpyxl import Workbook

from kimtools.caseload import check_caseload, read_caseload, write_caseload
from kimtools.caseload.schema import TABLES

GERMAN_SHEETS = {"cases": "Fälle", "persons": "Personen", "events": "Ereignisse",
                 "obstacles": "Hürden", "goals": "Ziele"}


def german_date(text: str) -> str:
    if not text:
        return ""
    year, month, day = text.split("-")
    return f"{day}.{month}.{year}"


def excel_variant(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """German headers, German dates and German codes for yes/no, as an Excel user keeps them."""
    out = {}
    for name, frame in tables.items():
        frame = frame.copy()
        for column in TABLES[name].columns:
            if column.kind == "date":
                frame[column.name] = frame[column.name].map(german_date)
        if name == "cases":
            frame["consent_conference"] = frame["consent_conference"].map(
                {"yes": "ja", "no": "nein"})
        frame.columns = [TABLES[name].column(c).label for c in frame.columns]
        out[name] = frame
    return out


def write_csvs(folder, tables, encoding="utf-8", sep=",", names=None):
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        file = folder / f"{(names or {}).get(name, name)}.csv"
        frame.to_csv(file, sep=sep, index=False, encoding=encoding, quoting=csv.QUOTE_MINIMAL)
    return folder


def canonical(tmp_path):
    return read_caseload(write_caseload(tiny_tables(), tmp_path / "canonical"), today=TODAY)


def assert_same(left, right):
    for name in TABLES:
        pd.testing.assert_frame_equal(left.table(name), right.table(name), check_dtype=True)


def test_canonical_types(tmp_path):
    loaded = canonical(tmp_path)
    assert str(loaded.cases["opened_on"].dtype) == "datetime64[ns]"
    assert isinstance(loaded.cases["status"].dtype, pd.CategoricalDtype)
    assert list(loaded.cases["status"].cat.categories) == ["active", "paused", "closed"]
    assert loaded.persons["person_id"].dtype == "string"
    assert loaded.persons.loc[1, "phone"] is pd.NA
    assert loaded.cases.loc[1, "closed_on"] == pd.Timestamp("2024-03-01")
    note = loaded.events.loc[1, "note"]
    assert note == 'Mehrzeilige Notiz;\nHerr Al-Khatib sagt: "Zeugnis fehlt"'
    assert len(loaded.clients()) == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [",", ";"])
def test_encodings_and_separators(tmp_path, encoding, sep):
    folder = write_csvs(tmp_path / "v", tiny_tables(), encoding=encoding, sep=sep)
    assert_same(read_caseload(folder, today=TODAY), canonical(tmp_path))


def test_excel_csv_trennzeichen_getrennt(tmp_path):
    """Excel's "CSV (Trennzeichen-getrennt)": semicolon, Windows-1252, German dates and headers."""
    folder = write_csvs(tmp_path / "excel", excel_variant(tiny_tables()), encoding="cp1252",
                        sep=";", names=GERMAN_SHEETS)
    raw = (folder / "Fälle.csv").read_bytes()
    assert "Eröffnet am".encode("cp1252") in raw and b"\xef\xbb\xbf" not in raw
    loaded, problems = check_caseload(folder, today=TODAY)
    assert problems == []
    assert_same(loaded, canonical(tmp_path))


def test_utf8_keeps_letters_outside_windows_1252(tmp_path):
    tables = tiny_tables()
    tables["persons"].loc[0, ["given_name", "family_name"]] = ["Ayşe", "Yılmaz"]
    loaded = read_caseload(write_csvs(tmp_path / "u", tables, encoding="utf-8-sig"), today=TODAY)
    assert loaded.persons.loc[0, "family_name"] == "Yılmaz"
    assert loaded.persons.loc[0, "given_name"] == "Ayşe"


def test_header_aliases_are_case_and_space_insensitive(tmp_path):
    tables = tiny_tables()
    tables["persons"] = tables["persons"].rename(columns={
        "given_name": "VORNAME", "family_name": "Familienname", "birth_date": "geboren am",
        "postcode": "Postleitzahl", "email": "E-Mail-Adresse", "nationality": "Nationalität"})
    tables["events"] = tables["events"].rename(columns={"note": "Vermerk", "kind": "Kontaktart"})
    loaded = read_caseload(write_csvs(tmp_path / "a", tables), today=TODAY)
    assert_same(loaded, canonical(tmp_path))


def test_german_code_labels(tmp_path):
    tables = tiny_tables()
    tables["cases"]["status"] = ["aktiv", "abgeschlossen"]
    tables["persons"]["role"] = ["Klientin", "Kind", "Klient"]
    tables["persons"]["gender"] = ["w", "m", "männlich"]
    tables["obstacles"]["field"] = ["Kita/Kinderbetreuung", "Anerkennung"]
    tables["goals"]["status"] = ["in Arbeit", "erreicht"]
    loaded = read_caseload(write_csvs(tmp_path / "g", tables), today=TODAY)
    assert_same(loaded, canonical(tmp_path))


def workbook_from(tables, file, sheet_names=None, real_dates=True):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in tables.items():
        sheet = workbook.create_sheet((sheet_names or {}).get(name, name))
        sheet.append(list(frame.columns))
        dates = {c.name for c in TABLES[name].columns if c.kind == "date"}
        for record in frame.itertuples(index=False):
            row = []
            for column, value in zip(frame.columns, record, strict=True):
                if value == "":
                    row.append(None)
                elif real_dates and column in dates:
                    row.append(pd.Timestamp(value).to_pydatetime())
                elif column == "postcode":
                    row.append(int(value))
                else:
                    row.append(value)
            sheet.append(row)
    workbook.save(file)
    return file


@pytest.mark.parametrize("real_dates", [True, False])
def test_xlsx(tmp_path, real_dates):
    file = workbook_from(tiny_tables(), tmp_path / "fall.xlsx", real_dates=real_dates)
    assert_same(read_caseload(file, today=TODAY), canonical(tmp_path))


def test_xlsx_with_german_sheets_headers_and_dates(tmp_path):
    tables = excel_variant(tiny_tables())
    file = workbook_from(tables, tmp_path / "fall.xlsx", GERMAN_SHEETS, real_dates=False)
    assert_same(read_caseload(file, today=TODAY), canonical(tmp_path))


def test_writer_roundtrip_csv_and_xlsx(tmp_path):
    first = canonical(tmp_path)
    again = read_caseload(write_caseload(first.tables(), tmp_path / "again"), today=TODAY)
    assert_same(first, again)
    book = read_caseload(write_caseload(first.tables(), tmp_path / "again.xlsx", fmt="xlsx"),
                         today=TODAY)
    assert_same(first, book)


def test_optional_columns_may_be_absent(tmp_path):
    tables = tiny_tables()
    tables["persons"] = tables["persons"].drop(columns=["street", "phone", "email"])
    loaded, problems = check_caseload(write_csvs(tmp_path / "o", tables), today=TODAY)
    assert problems == []
    assert loaded.persons["phone"].isna().all()


def test_empty_trailing_lines_are_ignored(tmp_path):
    folder = write_csvs(tmp_path / "t", tiny_tables(), sep=";")
    with open(folder / "goals.csv", "a", encoding="utf-8") as handle:
        handle.write(";;;;;;\n;;;;;;\n")
    loaded, problems = check_caseload(folder, today=TODAY)
    assert problems == [] and len(loaded.goals) == 2
