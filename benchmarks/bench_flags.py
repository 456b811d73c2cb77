"""Flag search on the free texts of a synthetic caseload, next to grep over the same bytes.

The review runs ``find_flags`` on every text of the chosen cases; this prints its throughput
and, measured in the same run, ``grep -F -i -c`` with the search's key words over the same text
as a floor (a plain substring scan: no pattern can be faster). Also how many texts were
flagged, per kind, so that a change that floods the review with flags shows here.

    .venv/bin/python benchmarks/bench_flags.py [--cases 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from timing import best_of

from kimtools.caseload import read_caseload
from kimtools.privacy import flags
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2026, 10, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_synthetic_caseload(Path(tmp) / "caseload", cases=args.cases,
                                          seed=args.seed, as_of=AS_OF)
        caseload = read_caseload(folder, today=AS_OF)
        texts = [str(t) for frame, column in ((caseload.events, "note"),
                                              (caseload.obstacles, "description"),
                                              (caseload.goals, "description"))
                 for t in frame[column].dropna()]
        data = "\n".join(t.replace("\n", " ") for t in texts)
        size = len(data.encode("utf-8")) / 1e6
        kinds: Counter = Counter()
        for text in texts:
            kinds.update(f.kind for f in flags.find_flags(text))
        seconds = best_of(3, lambda: [flags.find_flags(t) for t in texts])
        print(f"{len(texts)} Texte, {size:.2f} MB; Markierungen: {dict(kinds)}")
        print(f"find_flags: {seconds:.2f} s = {size / seconds:.2f} MB/s")
        grep = shutil.which("grep")
        if grep is None:
            print("grep nicht gefunden: kein Vergleich")
            return 0
        text_file, words_file = Path(tmp) / "texte.txt", Path(tmp) / "woerter.txt"
        text_file.write_text(data, encoding="utf-8")
        words = ["einzig", "erste", "bei ", "dorf", "heimat", *flags._FIELD_OF,
                 *flags._RELIGIOUS]
        words_file.write_text("\n".join(words), encoding="utf-8")
        floor = best_of(3, lambda: subprocess.run(
            [grep, "-F", "-i", "-c", "-f", str(words_file), str(text_file)],
            capture_output=True, check=False))
        print(f"grep -F -i -f (gleiche Schlüsselwörter, gleicher Text): {floor:.3f} s = "
              f"{size / floor:.1f} MB/s; find_flags braucht das {seconds / floor:.0f}-fache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
