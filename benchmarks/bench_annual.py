"""Benchmark of the annual report's caseload part: the suppressed tables of a year.

The floor, measured in the same run, is the plain count the tables rest on (events by kind,
cases open in the year, obstacles by institution and category with pandas, unsuppressed); the
difference is what the suppression, the German tables and the leak gate over every cell (its
index of the caseload's identifiers and the name lexicon included) cost. The report of a
large provider must stay a matter of seconds: the target is 5 s, written as a ratio against
the floor of the same run. Floor and subject alternate (benchmarks/harness.py), one row in the
``make bench`` table.

    .venv/bin/python benchmarks/bench_annual.py [--cases 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
from pathlib import Path

import pandas as pd
from harness import interleave, record

from kimtools.caseload import read_caseload
from kimtools.privacy.yearfigures import caseload_tables
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2026, 11, 1)
LIMIT_SECONDS = 5.0


def plain_counts(caseload, year: int) -> None:
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    caseload.events[caseload.events["date"].between(start, end)]["kind"].value_counts()
    cases = caseload.cases
    ((cases["opened_on"] <= end) & (cases["closed_on"].isna() | (cases["closed_on"] >= start))
     ).sum()
    pd.crosstab(caseload.obstacles["institution"], caseload.obstacles["category"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic_caseload(Path(folder) / "caseload", cases=args.cases, seed=5,
                                        as_of=AS_OF)
        caseload = read_caseload(path, today=AS_OF)
    comparison = interleave(f"Jahresbericht, Tabellen von {args.cases} Fällen",
                            "nur zählen (pandas, unverdeckt)",
                            lambda: plain_counts(caseload, AS_OF.year),
                            lambda: caseload_tables(caseload, AS_OF.year), 1.0)
    comparison.target = round(LIMIT_SECONDS / statistics.median(comparison.floor), 1)
    obstacle_table = caseload_tables(caseload, AS_OF.year)[3]
    locked = sum(row.count("x") for row in obstacle_table.rows)
    hidden = sum(row.count("< 3") for row in obstacle_table.rows)
    print(f"Jahresbericht, Fallbestand mit {args.cases} Fällen, Jahr {AS_OF.year}")
    print(f"  Hürdentabelle: {len(obstacle_table.rows)} Zeilen, {hidden} Zellen „< 3“, "
          f"{locked} gesperrt")
    record(comparison)


if __name__ == "__main__":
    main()
