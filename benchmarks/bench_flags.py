"""Flag search on the free texts of a synthetic caseload, next to grep over the same bytes.

The review runs ``find_flags`` on every text of the chosen cases; this prints its throughput
and, measured in the same run, ``grep -F -i -c`` with the search's key words over the same text
as a floor (a plain substring scan: no pattern can be faster; in the C locale, since ``-i`` in
a UTF-8 locale is many times slower, and counting, so that grep reads every line). Floor and
subject alternate (benchmarks/harness.py), one row in the ``make bench`` table; the target,
10× the floor, is the one the scrubber has against the same kind of floor. Also how many texts
were flagged, per kind, so that a change that floods the review with flags shows here.

    .venv/bin/python benchmarks/bench_flags.py [--cases 2000] [--seed 1]

Figures (2,000 cases, 57,476 texts, 5.8 MB; ``make bench``): 1.48 s against grep's 0.05 s,
30× best and median; the 10× target is missed. The search runs its expressions per text with
Python's ``re`` and then rules of context on each hit; one scan of the notes for capitalised
words with ``re`` alone already costs 3–4× grep (bench_scrubber prints it), so 10× leaves room
for about three such scans. The scrubber's note explains why that needs compiled code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from harness import command, interleave, record

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
        print(f"{len(texts)} Texte, {size:.2f} MB; Markierungen: {dict(kinds)}")
        grep = shutil.which("grep")
        if grep is None:
            print("grep nicht gefunden: kein Vergleich")
            return 0
        text_file, words_file = Path(tmp) / "texte.txt", Path(tmp) / "woerter.txt"
        text_file.write_text(data, encoding="utf-8")
        words = ["einzig", "erste", "bei ", "dorf", "heimat", *flags._FIELD_OF,
                 *flags._RELIGIOUS]
        words_file.write_text("\n".join(words), encoding="utf-8")
        record(interleave(
            f"Markierungssuche, {len(texts)} Texte ({size:.1f} MB)",
            "LC_ALL=C grep -F -i -c, gleiche Wörter", command(
                [grep, "-F", "-i", "-c", "-f", str(words_file), str(text_file)],
                env={**os.environ, "LC_ALL": "C"}),
            lambda: [flags.find_flags(t) for t in texts], 10.0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
