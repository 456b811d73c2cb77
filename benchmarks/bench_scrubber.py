"""Scrubber on hand-written notes, clean prose and synthetic cases; speed against grep.

Prints, in one run:

- recall per class on the hand-written corpus (tests/data/notes_handwritten.txt) and on the
  held-out set (tests/data/notes_heldout.txt): of the strings a note must lose, how many are
  gone from the scrubbed text;
- false replacements per 10,000 words of clean KIM prose (tests/data/prose_*.txt);
- recall per identifier type on a synthetic caseload with ground truth;
- speed: scrubbing the notes of N synthetic cases (a scrubber per case, built in the timing,
  one pass over the notes of each case as ``pseudonymise`` does) against ``LC_ALL=C grep -F
  -i -f IDS`` over the same text with the same identifiers (every name part of every person),
  its output kept in a file; floor and subject interleaved on ``harness.py`` (≥ 5 rounds, best
  and median, load average), kept for the table of ``make bench``. Target: at most 10×.

    .venv/bin/python benchmarks/bench_scrubber.py [--cases 10000] [--rounds 5]

Exits non-zero when a strict leak is left in the first hand-written corpus.

Figures (10,000 cases, 28.0 MB of notes, 5,850 identifiers, ``--cases 10000 --rounds 5``;
the machine is shared, so the load average stands with each):

- before the shortcuts below: 169× best / 186× median (grep 0.20 s, scrubber 34.5 s best;
  load 3.91 2.54 1.21);
- after: 96× / 100× (grep 0.30 s, scrubber 28.5 s best; load 21.4 15.0 15.5, rounds from 28 to
  78 s); a second run at load 30.8 19.6 18.0 gave 166× / 106× with rounds from 45 to 114 s,
  so at such load the wall-clock ratio says little;
- CPU time of the same work on 2,000 cases (5.6 MB), which a busy neighbour disturbs less:
  7.3–8.7 s before, 5.0–5.8 s after, grep 0.059 s: 124–147× before, 86–99× after.

Where the time went before (2,000 cases, share of the scrubber's time): firm and facility
expressions 15 %, handles and file numbers 14 %, name variants 14 %, persons' names 13 %,
number patterns 11 %, building the scrubber (one alternation compiled per case) 11 %, name
lexicon 9 %, places 6 %, titled names 4 %, joining overlaps 3 %. What changed: every firm,
facility and handle expression runs only on the notes that hold its own keyword (a grouped
word search or ``str.find``, module ``triggers``) instead of all twenty on every note with a
digit; persons' names are found by their few spellings with ``str.find`` in the order one
alternation would try them, so nothing is compiled per case; titles are tried only where a
title word stands; name variants judge each word of a case once and reject most by their
first letter. Findings are the same (compared detection by detection on a 2,000-case caseload,
both corpora and the prose; ``tests/test_scrubber_fastpaths.py``).

After: name variants 18 %, number patterns 16 %, persons' names 16 % (folding the text is a
third of it), lexicon 12 %, places 8 %, firms and facilities 8 %, handles 7 %, building the
scrubber 6 %, titled names 5 %, joining overlaps 4 %. 10× is out of reach in this design:
it leaves 0.2 ms for a case's 2,800 characters (about 150 capitalised words), less than one
Python step per word, while the lexicon, the variants and the places each look at every
capitalised word with rules of context, and the number patterns try a dozen expressions at
each capital letter and digit of a note that holds a number. What would reach it is moving
these word loops out of Python (one scan of the words shared by all matchers in compiled
code), not another shortcut.

The benchmark prints that limit too: one scan of the same notes for capitalised words with
Python's ``re`` alone, nothing done with them. On 2,000 cases (5.7 MB, load 0.7) it took
0.17 s, 3.1× grep's whole search, so three such scans use up the 10× budget; the scrubber
took 4.26 s, 79× grep, the time of 25 such scans for its twenty-odd matchers and their
rules of context. Moving a look-behind behind the first letter of an expression (so that
``re`` looks only at capitals) saves a quarter of a scan, not a factor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from handwritten import HELDOUT, NOTES, load_notes, prose_words  # noqa: E402
from harness import interleave, record  # noqa: E402
from timing import best_of  # noqa: E402

from kimtools.privacy.passes import SEPARATOR  # noqa: E402
from kimtools.privacy.patterns import CAP_WORD  # noqa: E402
from kimtools.privacy.places import PlaceFinder  # noqa: E402
from kimtools.privacy.scrubber import KnownPerson, Scrubber  # noqa: E402

AS_OF = dt.date(2025, 6, 30)
#: A capitalised word, not inside another: what the lexicon, the variants and the places scan.
CAPITALISED = re.compile(rf"(?<![\w'’ʼ-]){CAP_WORD}")
TEXT_COLUMNS = {"events": "note", "obstacles": "description", "goals": "description"}
ID_COLUMNS = {"events": "event_id", "obstacles": "obstacle_id", "goals": "goal_id"}


def corpus_recall(path: Path = NOTES, title: str = "Hand-written corpus") -> int:
    totals, caught = Counter(), Counter()
    for note in load_notes(path):
        out = Scrubber(note.persons, places=PlaceFinder(note.municipality, note.district)
                       ).scrub(note.text)[0]
        for kind, text in note.leaks:
            totals[kind] += 1
            caught[kind] += text not in out
    print(f"{title}: recall per class (strict: the string is gone)")
    for kind in sorted(totals):
        share = caught[kind] / totals[kind]
        print(f"  {kind:12s} {caught[kind]:4d}/{totals[kind]:4d} = {share:.1%}")
    leaks = sum(totals.values()) - sum(caught.values())
    print(f"  strict leaks: {leaks}")
    return leaks


def prose_false_replacements() -> None:
    text, words = prose_words()
    detections = Scrubber().analyze(text)
    print(f"Clean prose: {len(detections)} replacements in {words} words = "
          f"{len(detections) * 10_000 / words:.2f} per 10,000 words (target < 1)")
    for det in detections[:10]:
        print(f"  {det.type}: {det.text!r}")


def _persons(caseload) -> dict[str, list[KnownPerson]]:
    found: dict[str, list[KnownPerson]] = {}
    for row in caseload.tables["persons"].itertuples():
        found.setdefault(str(row.case_id), []).append(KnownPerson(
            str(row.person_id), row.given_name, row.family_name, f"Person {len(found)}",
            role=row.role, gender=getattr(row, "gender", None)))
    return found


def _texts(caseload) -> dict[str, list[tuple[str, str, str]]]:
    """case → [(table, row id, text)]."""
    texts: dict[str, list[tuple[str, str, str]]] = {}
    for table, column in TEXT_COLUMNS.items():
        for row in caseload.tables[table].itertuples():
            value = getattr(row, column)
            if isinstance(value, str) and value:
                texts.setdefault(str(row.case_id), []).append(
                    (table, str(getattr(row, ID_COLUMNS[table])), value))
    return texts


def synthetic_recall(caseload) -> None:
    truth: dict[tuple[str, str], list[dict]] = {}
    for item in caseload.truth:
        if item["table"] in TEXT_COLUMNS and item["column"] == TEXT_COLUMNS[item["table"]]:
            truth.setdefault((item["table"], str(item["row_id"])), []).append(item)
    persons = _persons(caseload)
    totals, hits = Counter(), Counter()
    for case_id, rows in _texts(caseload).items():
        scrubber = Scrubber(persons.get(case_id, []))
        for table, row_id, text in rows:
            detections = scrubber.analyze(text)
            for item in truth.get((table, row_id), []):
                totals[item["type"]] += 1
                hits[item["type"]] += any(d.start <= item["start"] and item["end"] <= d.end
                                          for d in detections)
    print("Synthetic notes: recall per identifier type")
    for kind in sorted(totals):
        print(f"  {kind:12s} {hits[kind]:5d}/{totals[kind]:5d} = {hits[kind] / totals[kind]:.1%}")


def speed(caseload, rounds: int, workdir: Path) -> None:
    persons = _persons(caseload)
    texts = _texts(caseload)
    joined = "\n".join(t for rows in texts.values() for _, _, t in rows) + "\n"
    source = workdir / "notes.txt"
    source.write_text(joined, encoding="utf-8")
    ids = sorted({part for people in persons.values() for p in people
                  for part in f"{p.given_name} {p.family_name}".split() if len(part) > 1})
    pattern_file = workdir / "ids.txt"
    pattern_file.write_text("\n".join(ids) + "\n", encoding="utf-8")
    output = workdir / "grep-out.txt"
    env = {**os.environ, "LC_ALL": "C"}

    def floor() -> None:
        with output.open("wb") as out:
            subprocess.run(["grep", "-F", "-i", "-f", str(pattern_file), str(source)],
                           stdout=out, env=env, check=False)

    def subject() -> None:
        places = PlaceFinder("Köln", "Köln")
        for case_id, rows in texts.items():
            scrubber = Scrubber(persons.get(case_id, []), places=places)
            scrubber.scrub_many([text for _, _, text in rows])

    size = len(joined.encode("utf-8")) / 1e6
    comparison = interleave(
        f"Freitext: {len(texts)} Fälle, {size:.1f} MB Notizen, {len(ids)} Kennungen",
        "LC_ALL=C grep -F -i -f IDS (Ausgabe behalten)", floor, subject, target=10,
        rounds=rounds)
    print(f"Speed: {size / min(comparison.subject):.1f} MB/s scrubber, "
          f"{size / min(comparison.floor):.1f} MB/s grep")
    record(comparison)

    def word_scan() -> None:
        for rows in texts.values():
            CAPITALISED.findall(SEPARATOR.join(text for _, _, text in rows))

    scan = best_of(rounds, word_scan)
    print(f"  One scan of the same notes with Python's re (capitalised words, as the name "
          f"rules need them): {scan:.2f} s = {scan / min(comparison.floor):.1f}× grep; the "
          f"scrubber's time is {min(comparison.subject) / scan:.0f} such scans")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    leaks = corpus_recall()
    corpus_recall(HELDOUT, "Held-out set (known leaks: tests/test_scrubber_heldout.py)")
    prose_false_replacements()
    from synthetic import generate_caseload

    synthetic_recall(generate_caseload(cases=200, seed=7, as_of=AS_OF))
    caseload = generate_caseload(cases=args.cases, seed=11, as_of=AS_OF)
    with tempfile.TemporaryDirectory() as tmp:
        speed(caseload, args.rounds, Path(tmp))
    sys.exit(1 if leaks else 0)


if __name__ == "__main__":
    main()
