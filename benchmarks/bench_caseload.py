"""Reading and checking a district's caseload: target under 5 s for 2,000 cases.

Prints the time of `check_caseload` next to a floor measured in the same run: pandas reading the
same five CSV files as plain text, which any reader has to do at least.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import pandas as pd
from timing import best_of

from kimtools.caseload import check_caseload
from kimtools.caseload.schema import TABLES
from synthetic import write_synthetic_caseload

CASES = 2000
TARGET_SECONDS = 5.0




def main() -> int:
    as_of = dt.date(2026, 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_synthetic_caseload(Path(tmp) / "caseload", cases=CASES, seed=1,
                                          as_of=as_of)
        floor = best_of(3, lambda: [pd.read_csv(folder / f"{name}.csv", dtype=str,
                                                keep_default_na=False) for name in TABLES])
        result = {}

        def check() -> None:
            result["caseload"], result["problems"] = check_caseload(folder, today=as_of)

        seconds = best_of(3, check)
    rows = {name: len(frame) for name, frame in result["caseload"].tables().items()}
    verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
    print(f"check_caseload, {CASES} cases {rows}: {seconds:.2f} s "
          f"({len(result['problems'])} problems)")
    print(f"floor (pandas.read_csv of the five files as text): {floor:.2f} s; "
          f"ratio {seconds / floor:.1f}x")
    print(f"target under {TARGET_SECONDS:.0f} s: {verdict}")
    return 0 if seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
