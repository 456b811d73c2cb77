"""Benchmark of the minutes: HTML, PDF and DOCX of one conference (6 cases, 15 findings).

Printed next to a floor measured in the same run: nbconvert executing an empty notebook with
nbclient and converting it to HTML, the least any notebook-made minutes cost (a kernel start
and an export). Target: all three formats, leak gate included, in at most 3× that floor. The
phases are timed on their own as well, to show where the time goes.

    .venv/bin/python benchmarks/bench_minutes.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from minutes_fixtures import build_conference  # noqa: E402

from kimtools.minutes import FORMATS, collect_minutes, make_minutes  # noqa: E402
from kimtools.minutes.gate import document_text  # noqa: E402
from kimtools.minutes.pdf import html_to_pdf, with_pictures  # noqa: E402
from kimtools.minutes.word import minutes_docx, timeline_png  # noqa: E402


def best_of(repeat: int, call: Callable[[], object]) -> tuple[float, object]:
    """Fastest of ``repeat`` runs in seconds (the least disturbed), and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times), result


def empty_notebook_html() -> str:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    NotebookClient(nb, kernel_name="python3").execute()
    return HTMLExporter().from_notebook_node(nb)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-protokoll-") as folder:
        conference = build_conference(Path(folder))
        register, conference_id = conference.register, conference.conference_id
        make_minutes(register, conference_id, FORMATS)  # warm caches (fonts, vl-convert)

        floor, _ = best_of(args.repeat, empty_notebook_html)
        total, produced = best_of(args.repeat, lambda: make_minutes(register, conference_id,
                                                                    FORMATS))
        minutes = produced.minutes
        html = produced.documents["html"].decode("utf-8")
        svgs = [s.timeline_svg for s in minutes.cases if s.timeline_svg]
        pictures = [timeline_png(svg) for svg in svgs]
        printed = with_pictures(html, pictures)
        phases = {
            "Inhalt sammeln (6 Zeitstrahlen)": best_of(
                args.repeat, lambda: collect_minutes(register, conference_id))[0],
            "Zeitstrahlen als PNG (für PDF und DOCX)": best_of(
                args.repeat, lambda: [timeline_png(svg) for svg in svgs])[0],
            "PDF aus HTML (WeasyPrint)": best_of(args.repeat, lambda: html_to_pdf(printed))[0],
            "DOCX": best_of(args.repeat, lambda: minutes_docx(
                minutes, {s.case: p for s, p in zip(
                    [s for s in minutes.cases if s.timeline_svg], pictures, strict=True)}))[0],
        }
        for fmt in FORMATS:
            data = produced.documents[fmt]
            phases[f"Text lesen {fmt.upper()} (Gate)"] = best_of(
                args.repeat, lambda data=data, fmt=fmt: document_text(fmt, data))[0]
        sizes = ", ".join(f"{fmt.upper()} {len(data) // 1024} KiB"
                          for fmt, data in produced.documents.items())

    print(f"Protokoll: {len(minutes.cases)} Fälle, {len(minutes.findings)} Befunde ({sizes})")
    print(f"  Boden: leeres Notebook ausführen + nach HTML       {floor:6.2f} s")
    print(f"  Protokoll HTML + PDF + DOCX mit Prüfung           {total:6.2f} s")
    for name, seconds in phases.items():
        print(f"    davon einzeln: {name:34s} {seconds:6.2f} s")
    ratio = total / floor
    verdict = "im Ziel" if ratio <= 3 else "über dem Ziel"
    print(f"  Verhältnis zum Boden: {ratio:.1f}× (Ziel höchstens 3×: {verdict})")


if __name__ == "__main__":
    main()
