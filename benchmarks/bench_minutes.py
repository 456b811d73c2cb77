"""Benchmark of the minutes: HTML, PDF and DOCX of one conference (6 cases, 15 findings).

Printed next to a floor measured in the same run: nbconvert executing an empty notebook with
nbclient and converting it to HTML, the least any notebook-made minutes cost (a kernel start
and an export). Target: all three formats, leak gate included, in at most 3× that floor.

The phases are timed on their own as well, to show where the time goes. They add up to more
than the whole: the kernel starts while the content is collected, and makes the Word file
while the page is converted to PDF.

    .venv/bin/python benchmarks/bench_minutes.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from timing import best_of

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from minutes_fixtures import build_conference  # noqa: E402

from kimtools.minutes import FORMATS, collect_minutes, make_minutes  # noqa: E402
from kimtools.minutes.gate import document_text  # noqa: E402
from kimtools.minutes.pdf import html_to_pdf  # noqa: E402
from kimtools.minutes.word import minutes_docx  # noqa: E402


def empty_notebook_html() -> str:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    NotebookClient(nb, kernel_name="python3").execute()
    return HTMLExporter().from_notebook_node(nb)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-protokoll-") as folder:
        conference = build_conference(Path(folder))
        register, conference_id = conference.register, conference.conference_id
        # the first run warms caches (fonts, vl-convert); its result feeds the phases below
        produced = make_minutes(register, conference_id, FORMATS)
        minutes = produced.minutes
        html = produced.documents["html"].decode("utf-8")

        # floor and minutes in turns, so that both meet the same state of the machine
        floors, totals = [], []
        for _ in range(args.repeat):
            floors.append(best_of(1, empty_notebook_html))
            totals.append(best_of(1, lambda: make_minutes(register, conference_id, FORMATS)))
        floor, total = min(floors), min(totals)
        phases = {
            "Inhalt sammeln (6 Zeitstrahlen)": best_of(
                args.repeat, lambda: collect_minutes(register, conference_id)),
            "PDF aus HTML (WeasyPrint)": best_of(args.repeat, lambda: html_to_pdf(html)),
            "DOCX mit Zeitstrahlen als PNG (Kernel)": best_of(
                args.repeat, lambda: minutes_docx(minutes)),
        }
        for fmt in FORMATS:
            data = produced.documents[fmt]
            phases[f"Text lesen {fmt.upper()} (Gate)"] = best_of(
                args.repeat, lambda data=data, fmt=fmt: document_text(fmt, data))
        sizes = ", ".join(f"{fmt.upper()} {len(data) // 1024} KiB"
                          for fmt, data in produced.documents.items())

    print(f"Protokoll: {len(minutes.cases)} Fälle, {len(minutes.findings)} Befunde ({sizes})")
    print(f"  Boden: leeres Notebook ausführen + nach HTML       {floor:6.2f} s"
          f"  (Läufe: {' '.join(f'{t:.2f}' for t in floors)})")
    print(f"  Protokoll HTML + PDF + DOCX mit Prüfung           {total:6.2f} s"
          f"  (Läufe: {' '.join(f'{t:.2f}' for t in totals)})")
    for name, seconds in phases.items():
        print(f"    davon einzeln: {name:38s} {seconds:6.2f} s")
    ratio = total / floor
    verdict = "im Ziel" if ratio <= 3 else "über dem Ziel"
    print(f"  Verhältnis zum Boden: {ratio:.1f}× (Ziel höchstens 3×: {verdict})")


if __name__ == "__main__":
    main()
