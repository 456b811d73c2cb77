"""Benchmark of the minutes as a user makes them: `kimtools minutes --format html,pdf,docx`.

One conference of 6 cases and 15 findings. The subject is the command line in a new process
(process start, imports, kernel, leak gate and writing included); the floor is what any
notebook-made document costs a user, `jupyter nbconvert --to html --execute` of an empty
notebook, also a new process. Both alternate (harness.interleave). Target: at most 3×.

The warm-up run leaves the place names of the scrubber in the cache folder, as a user's first
run does (module ``kimtools.privacy.placedata``); that first run takes about 4 s longer.

    .venv/bin/python benchmarks/bench_minutes.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import nbformat
from harness import command, interleave, record

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from minutes_fixtures import build_conference  # noqa: E402

BIN = Path(sys.executable).parent
TARGET = 3.0


def empty_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    path = folder / "leer.ipynb"
    nbformat.write(nb, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-protokoll-") as name:
        folder = Path(name)
        conference = build_conference(folder)
        empty = empty_notebook(folder)
        floor = command([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--execute",
                         str(empty), "--output-dir", str(folder / "leer")])
        subject = command([str(BIN / "kimtools"), "minutes", "--db", str(conference.register),
                           "--conference", conference.conference_id[:8],
                           "--format", "html,pdf,docx", "--out", str(folder / "protokoll")])
        comparison = interleave(
            "kimtools minutes --format html,pdf,docx (6 Fälle, 15 Befunde)",
            "jupyter nbconvert --to html --execute (leer)", floor, subject, TARGET,
            rounds=args.rounds)
        sizes = ", ".join(f"{fmt.upper()} {(folder / f'protokoll.{fmt}').stat().st_size // 1024}"
                          " KiB" for fmt in ("html", "pdf", "docx"))
    record(comparison)
    print(f"  Dateien: {sizes}")


if __name__ == "__main__":
    main()
