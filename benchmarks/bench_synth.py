"""Benchmark of the synthetic caseload generator: 2,000 cases generated and written as CSV.

`make demo` and the tests generate caseloads, so this must stay fast. The time is printed next
to a floor measured in the same run: writing the very same five tables with plain
``DataFrame.to_csv`` (no generation, no date formatting, no truth file), the least any writer
of these files has to do. Floor and subject alternate (benchmarks/harness.py), one row in the
``make bench`` table; the target is the absolute 30 s written as a ratio against the floor of
the same run. Exits non-zero when generating and writing take more than 30 s (median).

    .venv/bin/python benchmarks/bench_synth.py [--cases 2000] [--seed 1] [--format csv]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import statistics
import sys
import tempfile
from pathlib import Path

from harness import interleave, record

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
        rounds = itertools.count()
        caseload = generate_caseload(args.cases, args.seed, AS_OF)

        def subject() -> Path:
            return write_synthetic_caseload(Path(tmp) / f"caseload{next(rounds)}", args.cases,
                                            args.seed, args.fmt, AS_OF)

        def floor() -> None:
            folder = Path(tmp) / f"floor{next(rounds)}"
            folder.mkdir()
            for name, frame in caseload.tables.items():
                frame.to_csv(folder / f"{name}.csv", index=False)

        path = subject()
        size = sum(f.stat().st_size for f in (path.parent if path.is_file() else path).iterdir())
        comparison = interleave(f"Synthetischer Fallbestand, {args.cases} Fälle ({args.fmt})",
                                "to_csv der fünf fertigen Tabellen", floor, subject, 1.0)
    comparison.target = round(LIMIT_SECONDS / statistics.median(comparison.floor), 1)
    print(f"synthetic caseload: {args.cases} cases, seed {args.seed}, {args.fmt}, "
          f"district {caseload.district}")
    for name, frame in caseload.tables.items():
        print(f"  {name:10s} {len(frame):7,d} rows")
    print(f"  truth      {len(caseload.truth):7,d} identifiers")
    print(f"  files      {size / 1e6:7.1f} MB")
    record(comparison)
    if statistics.median(comparison.subject) > LIMIT_SECONDS:
        print(f"TOO SLOW: more than {LIMIT_SECONDS:.0f} s", file=sys.stderr)
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
