"""From the register to checked minutes files: collect, gate, render, gate again, write.

The order is what keeps the promise "nothing is written on a hit": the typed texts are checked
before anything is rendered (fast, and the message names the place in the register), every
produced document is read back from its bytes and checked again (the page by the nbconvert
exporter, the Word file by the kernel that made it, the PDF here; with a caseload all of them
here once more), and only then is the file written, to a temporary name beside the target that
is renamed at the very end.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kimtools.bulk import collector_paused
from kimtools.files import atomic_write
from kimtools.minutes.content import Minutes, MinutesError, collect_minutes
from kimtools.minutes.gate import (
    MinutesLeak,
    caseload_gate,
    check_document,
    check_sources,
    document_text,
)

FORMATS = ("html", "pdf", "docx")
LABELS = {"html": "HTML", "pdf": "PDF", "docx": "DOCX"}


@dataclass
class Produced:
    """The checked documents of one conference's minutes, by format."""

    minutes: Minutes
    documents: dict[str, bytes] = field(default_factory=dict)


def make_minutes(register: str | os.PathLike, conference_id: str,
                 formats: Sequence[str] = FORMATS,
                 caseload: str | os.PathLike | None = None) -> Produced:
    """The minutes in the given formats, each checked by the leak gate; raises MinutesLeak.

    With ``caseload`` (a raw caseload folder or workbook) every identifier of it is checked
    as well; the raw-side reader is loaded only then.
    """
    # Laying out and reading back the documents makes millions of short-lived objects, and
    # each full collection walked the pandas, Altair and nbconvert objects of the whole process
    # too: about a fifth of the time. One run's garbage (some 30 MB) is collected afterwards.
    with collector_paused():
        return _make_minutes(register, conference_id, formats, caseload)


def _make_minutes(register, conference_id, formats, caseload) -> Produced:
    from kimtools.minutes.render import NotebookRun, notebook_html, parameterised_notebook
    from kimtools.privacy.scrubber import Scrubber

    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise MinutesError(f"Format „{unknown[0]}“ unbekannt; erwartet: html, pdf oder docx.")
    with tempfile.TemporaryDirectory(prefix="kimtools-protokoll-") as workdir:
        content = Path(workdir) / "inhalt.json"
        word = Path(workdir) / "protokoll.docx"
        checked: set[str] = set()  # formats the exporter or the kernel checked already
        run = None
        if {"html", "pdf"} & set(formats):
            # the kernel starts now and makes the Word file while the page becomes a PDF
            run = NotebookRun(parameterised_notebook(
                content=str(content), word=str(word) if "docx" in formats else ""),
                Path(workdir))
        try:
            minutes = collect_minutes(register, conference_id)
            scrubber = Scrubber()
            check = caseload_gate(caseload) if caseload is not None else None
            hits = check_sources(minutes, scrubber, check)
            if hits:
                raise MinutesLeak(hits)
            produced = Produced(minutes)
            if run is None and "docx" in formats:
                from kimtools.minutes.word import minutes_docx

                produced.documents["docx"] = minutes_docx(minutes)
            elif run is not None:
                content.write_text(minutes.to_json(), encoding="utf-8")
                html = notebook_html(run.page(), minutes.title)  # the exporter checks it
                if "html" in formats:
                    produced.documents["html"] = html.encode("utf-8")
                    checked.add("html")
                if "pdf" in formats:
                    from kimtools.minutes.pdf import html_to_pdf

                    produced.documents["pdf"] = html_to_pdf(html)
                run.result()
                run = None
                if "docx" in formats:  # the kernel checked it before writing it
                    produced.documents["docx"] = word.read_bytes()
                    checked.add("docx")
        finally:
            if run is not None:
                run.cancel()
    hits = []
    for fmt in formats:
        if fmt in checked and check is None:
            continue  # the same check on the same bytes; the caseload only this process has
        text = document_text(fmt, produced.documents[fmt])
        hits += check_document(text, minutes, LABELS[fmt], scrubber, check)
    if hits:
        raise MinutesLeak(hits)
    produced.documents = {fmt: produced.documents[fmt] for fmt in formats}
    return produced


def check_target(out: Path) -> None:
    """Before the work: a target that cannot be written is said at once."""
    if out.is_dir():
        raise MinutesError(f"{out} ist ein Ordner; bitte einen Dateinamen angeben.")
    if not out.parent.is_dir():
        raise MinutesError(f"Ordner {out.parent} fehlt; nichts geschrieben.")


def write_minutes(register: str | os.PathLike, conference_id: str, fmt: str,
                  out: str | os.PathLike,
                  caseload: str | os.PathLike | None = None) -> Produced:
    """Make one format and write it to ``out``; on a gate hit nothing is written."""
    return write_minutes_files(register, conference_id, {fmt: Path(out)}, caseload)


def output_paths(out: str | os.PathLike, formats: Sequence[str]) -> dict[str, Path]:
    """Where each format goes: ``out`` itself for one format, else its stem with each ending
    (protokoll.pdf or protokoll → protokoll.html, protokoll.pdf, protokoll.docx)."""
    out = Path(out)
    formats = list(dict.fromkeys(formats))
    if len(formats) == 1:
        return {formats[0]: out}
    stem = out.with_suffix("") if out.suffix.lstrip(".").lower() in FORMATS else out
    return {fmt: stem.with_name(f"{stem.name}.{fmt}") for fmt in formats}


def write_minutes_files(register: str | os.PathLike, conference_id: str,
                        targets: dict[str, Path],
                        caseload: str | os.PathLike | None = None) -> Produced:
    """Make every format of ``targets`` in one run (one kernel, one gate) and write them;
    on a gate hit or any error nothing is written."""
    for out in targets.values():
        check_target(Path(out))
    produced = make_minutes(register, conference_id, list(targets), caseload)
    for out in targets.values():
        check_target(Path(out))
    for fmt, out in targets.items():
        atomic_write(out, lambda stream, fmt=fmt: stream.write(produced.documents[fmt]))
    return produced
