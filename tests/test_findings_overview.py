"""The coordination notebook's main view: one row per finding, filtered in SQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kimtools.findings import Conference, Filters, Finding, open_register, overview
from kimtools.findings.overview import COLUMNS, render_table

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def register(tmp_path):
    with open_register(tmp_path / "register.db", create=True) as opened:
        verl = opened.add_conference(Conference(date=dt.date(2025, 11, 5), municipality="Verl"))
        kreis = opened.add_conference(Conference(date=dt.date(2026, 10, 1),
                                                 municipality="Kreis Gütersloh"))
        rows = [
            (verl, "Wartezeit ABH", ["residence"], "Kreis", dt.date(2026, 12, 1)),
            (verl, "Kein Kitaplatz", ["childcare", "work"], "kommunal", dt.date(2026, 11, 10)),
            (kreis, "Anerkennung dauert", ["recognition"], "Land", None),
        ]
        for conference, title, fields, level, due in rows:
            opened.add_finding(Finding(title=title, conference_id=conference.id, fields=fields,
                                       level=level, due_date=due,
                                       institutions=["Jobcenter", "Kita"],
                                       cases=["F-AAAAAAAA", "F-BBBBBBBB"]), "A", TODAY)
        yield opened


def test_columns_and_german_fields(register):
    frame = overview(register, today=TODAY)
    assert list(frame.columns) == [*COLUMNS[:5], "fields", *COLUMNS[5:]]
    assert list(frame["title"]) == ["Anerkennung dauert", "Kein Kitaplatz", "Wartezeit ABH"]
    first = frame.iloc[1]
    assert first["fields"] == "Kita/Kinderbetreuung; Arbeit"
    assert first["institutions"] == "Jobcenter; Kita" and first["cases"] == 2
    assert first["conference_date"] == pd.Timestamp("2025-11-05")
    assert first["municipality"] == "Verl" and not first["overdue"]
    assert pd.isna(frame.iloc[0]["due_date"])


def test_overdue_flag_and_filters(register):
    later = dt.date(2026, 11, 20)
    assert list(overview(register, today=later)["overdue"]) == [False, True, False]
    only = overview(register, Filters(overdue_only=True), today=later)
    assert list(only["title"]) == ["Kein Kitaplatz"]
    done = register.findings()[1]
    register.update_finding(done.id, {"status": "umgesetzt"}, "A", later)
    assert not overview(register, today=later)["overdue"].any()
    assert list(overview(register, Filters(status=["umgesetzt"]))["title"]) == ["Kein Kitaplatz"]
    assert list(overview(register, Filters(level=["Land", "Kreis"]))["title"]) == [
        "Anerkennung dauert", "Wartezeit ABH"]
    assert list(overview(register, Filters(fields=["work"]))["title"]) == ["Kein Kitaplatz"]
    assert list(overview(register, Filters(year=2026))["municipality"]) == ["Kreis Gütersloh"]
    assert len(overview(register, Filters(municipality="Verl"))) == 2
    assert list(overview(register, Filters(text="abh"))["title"]) == ["Wartezeit ABH"]


def test_empty_overview_and_table(register):
    empty = overview(register, Filters(status=["verworfen"]))
    assert empty.empty and list(empty.columns) == list(overview(register).columns)
    assert render_table(empty) == "Keine Befunde."
    text = render_table(overview(register, today=TODAY))
    assert text.splitlines()[0].split()[:3] == ["ID", "Titel", "Konferenz"]
    assert "05.11.2025" in text and "Kita/Kinderbetreuung; Arbeit" in text
