"""Benchmark of the synthetic caseload generator: 2,000 cases generated and written as CSV.

`make demo` and the tests generate caseloads, so this must stay fast. The time is printed next
to a floor measured in the same run: writing the very same five tables with plain
``DataFrame.to_csv`` (no generation, no date formatting, no truth file), the least any writer
of these files has to do. Exits non-zero when generating and writing take more than 30 s.

    .venv/bin/python benchmarks/bench_synth.py [--cases 2000] [--seed 1] [--format csv]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from synthetic import generate_caseload, write_synthetic_caseload

AS_OF = dt.date(2026, 11, 1)
LIMIT_SECONDS = 30.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", dest="fmt", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "caseload"
        start = time.perf_counter()
        path = write_synthetic_caseload(out, args.cases, args.seed, args.fmt, AS_OF)
        total = time.perf_counter() - start

        start = time.perf_counter()
        caseload = generate_caseload(args.cases, args.seed, AS_OF)
        generation = time.perf_counter() - start

        floor_dir = Path(tmp) / "floor"
        floor_dir.mkdir()
        start = time.perf_counter()
        for name, frame in caseload.tables.items():
            frame.to_csv(floor_dir / f"{name}.csv", index=False)
        floor = time.perf_counter() - start
        size = sum(f.stat().st_size for f in (path.parent if path.is_file() else path).iterdir())

    print(f"synthetic caseload: {args.cases} cases, seed {args.seed}, {args.fmt}, "
          f"district {caseload.district}")
    for name, frame in caseload.tables.items():
        print(f"  {name:10s} {len(frame):7,d} rows")
    print(f"  truth      {len(caseload.truth):7,d} identifiers")
    print(f"  files      {size / 1e6:7.1f} MB")
    print(f"generate + write: {total:6.2f} s   (generate alone {generation:.2f} s)")
    print(f"floor to_csv:     {floor:6.2f} s   ratio {total / floor:.1f}x")
    if total > LIMIT_SECONDS:
        print(f"TOO SLOW: more than {LIMIT_SECONDS:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
