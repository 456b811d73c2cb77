"""Synthetic caseloads survive the trip through CSV and XLSX and check without a problem."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kimtools.caseload import check_caseload, read_caseload, write_caseload
from kimtools.caseload.schema import TABLES
from synthetic import generate_caseload, write_synthetic_caseload

AS_OF = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory):
    return write_synthetic_caseload(tmp_path_factory.mktemp("synth") / "caseload", cases=40,
                                    seed=11, as_of=AS_OF)


def test_synthetic_caseload_has_no_problems(synthetic_csv):
    _, problems = check_caseload(synthetic_csv, today=AS_OF)
    assert problems == []


def test_csv_and_xlsx_roundtrip(synthetic_csv, tmp_path):
    first = read_caseload(synthetic_csv, today=AS_OF)
    book = read_caseload(write_caseload(first.tables(), tmp_path / "c.xlsx", fmt="xlsx"),
                         today=AS_OF)
    again = read_caseload(write_caseload(book.tables(), tmp_path / "c"), today=AS_OF)
    for name in TABLES:
        pd.testing.assert_frame_equal(first.table(name), book.table(name))
        pd.testing.assert_frame_equal(first.table(name), again.table(name))


def test_read_values_equal_generated_values(synthetic_csv):
    generated = generate_caseload(40, seed=11, as_of=AS_OF).tables
    loaded = read_caseload(synthetic_csv, today=AS_OF)
    for name, table in TABLES.items():
        for column in table.columns:
            mine = loaded.table(name)[column.name]
            theirs = generated[name][column.name]
            if column.kind == "date":
                theirs = pd.to_datetime(theirs)
                assert (mine.isna() == theirs.isna()).all(), (name, column.name)
                assert (mine.dropna() == theirs.dropna()).all(), (name, column.name)
            else:
                expected = theirs.astype("string").str.strip().replace("", pd.NA)
                got = mine.astype("string")
                assert got.fillna("∅").tolist() == expected.fillna("∅").tolist(), (
                    name, column.name)


def test_synthetic_xlsx_reads_like_csv(synthetic_csv, tmp_path):
    book = write_synthetic_caseload(tmp_path / "book.xlsx", cases=40, seed=11, fmt="xlsx",
                                    as_of=AS_OF)
    from_book = read_caseload(book, today=AS_OF)
    from_csv = read_caseload(synthetic_csv, today=AS_OF)
    for name in TABLES:
        pd.testing.assert_frame_equal(from_book.table(name), from_csv.table(name))
