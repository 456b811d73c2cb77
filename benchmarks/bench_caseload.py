"""Reading and checking 10,000 cases: target at most 3x `pandas.read_csv` of the five files.

Floor and subject run interleaved (A B A B …, five rounds each) so that load from other
processes hits both alike; best and median are printed. Peak memory of each is measured in a
fresh process against the size of the raw files (target: subject at most 3x the raw files),
and a 3 MB .xlsx zip bomb must be refused in under 5 s and 300 MB.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from harness import Comparison, record

CASES = 10_000
ROUNDS = 5
TARGET_RATIO = 3.0
TARGET_MEMORY = 3.0  # peak memory / raw file size
BOMB_SECONDS, BOMB_MB = 5.0, 300
AS_OF = dt.date(2026, 10, 1)

CHILD = """
import datetime as dt, json, resource, sys, time
from pathlib import Path
import pandas as pd
from kimtools.caseload import check_caseload
from kimtools.caseload.schema import TABLES
from kimtools.caseload import validation
validation._countries(); validation._languages()
def peak():
    # VmHWM belongs to this process image; ru_maxrss would inherit the parent's peak
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
what, path = sys.argv[1], Path(sys.argv[2])
before = peak()
start = time.perf_counter()
if what == "floor":
    frames = [pd.read_csv(path / f"{n}.csv", dtype=str, keep_default_na=False) for n in TABLES]
    errors = 0
else:
    loaded, problems = check_caseload(path, today=dt.date(2026, 10, 1))
    errors = sum(p.is_error for p in problems)
seconds = time.perf_counter() - start
after = peak()
print(json.dumps({"seconds": seconds, "peak": after - before, "errors": errors}))
"""


def floor(folder: Path) -> None:
    import pandas as pd

    from kimtools.caseload.schema import TABLES

    for name in TABLES:
        pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def interleaved(calls: dict[str, object], rounds: int) -> dict[str, list[float]]:
    """Seconds of each call, run in turn A B A B … so both see the same machine."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return times


def child(what: str, path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, what, str(path)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def zip_bomb(folder: Path) -> Path:
    """A workbook with one member of 3 GB of zeros: about 3 MB on disk."""
    from synthetic import write_synthetic_caseload

    file = write_synthetic_caseload(folder / "bombe.xlsx", cases=5, seed=1, fmt="xlsx",
                                    as_of=AS_OF)
    chunk = bytes(2**20)
    with zipfile.ZipFile(file, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet9.xml", "w", force_zip64=True) as stream:
        for _ in range(3 * 1024):
            stream.write(chunk)
    return file


def main() -> int:
    from kimtools.caseload import check_caseload
    from kimtools.caseload.schema import TABLES
    from synthetic import write_synthetic_caseload

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_synthetic_caseload(Path(tmp) / "caseload", cases=CASES, seed=1,
                                          as_of=AS_OF)
        raw = sum((folder / f"{name}.csv").stat().st_size for name in TABLES)
        check_caseload(folder, today=AS_OF)  # warm imports and caches for both
        times = interleaved({"floor": lambda: floor(folder),
                             "subject": lambda: check_caseload(folder, today=AS_OF)}, ROUNDS)
        best = {k: min(v) for k, v in times.items()}
        median = {k: statistics.median(v) for k, v in times.items()}
        ratio = best["subject"] / best["floor"]
        print(f"{CASES} cases, {raw / 2**20:.0f} MB of CSV, {ROUNDS} interleaved rounds")
        print(f"  floor   pandas.read_csv of the five files: best {best['floor']:.2f} s, "
              f"median {median['floor']:.2f} s")
        print(f"  subject check_caseload:                  best {best['subject']:.2f} s, "
              f"median {median['subject']:.2f} s")
        met = ratio <= TARGET_RATIO
        ok &= met
        record(Comparison(f"check_caseload, {CASES} Fälle", "pandas.read_csv der fünf Dateien",
                          times["floor"], times["subject"], TARGET_RATIO, os.getloadavg()),
               show=False)
        print(f"  ratio best {ratio:.1f}x, median "
              f"{median['subject'] / median['floor']:.1f}x; target <= {TARGET_RATIO:.0f}x: "
              f"{'met' if met else 'MISSED'}")

        memory = {what: child(what, folder) for what in ("floor", "subject")}
        factor = memory["subject"]["peak"] / raw
        met = factor <= TARGET_MEMORY
        ok &= met
        print(f"  peak memory: floor {memory['floor']['peak'] / 2**20:.0f} MB "
              f"({memory['floor']['peak'] / raw:.1f}x raw), subject "
              f"{memory['subject']['peak'] / 2**20:.0f} MB ({factor:.1f}x raw); target <= "
              f"{TARGET_MEMORY:.0f}x raw: {'met' if met else 'MISSED'}")

        bomb = zip_bomb(Path(tmp))
        size = bomb.stat().st_size
        start = time.perf_counter()
        refused = child("subject", bomb)
        seconds = time.perf_counter() - start
        met = refused["errors"] > 0 and seconds < BOMB_SECONDS \
            and refused["peak"] < BOMB_MB * 2**20
        ok &= met
        print(f"zip bomb {size / 2**20:.1f} MB (3 GB unpacked): refused={refused['errors'] > 0}"
              f", {seconds:.2f} s with process start, peak +{refused['peak'] / 2**20:.0f} MB; "
              f"target < {BOMB_SECONDS:.0f} s and < {BOMB_MB} MB: {'met' if met else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
