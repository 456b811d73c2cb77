"""The annual report as DOCX (for the Sachbericht) and XLSX (for the Verwendungsnachweis).

Both files are built in memory and written only when both are complete, so a failure leaves
no half report. Cells are the suppressed texts of kimtools.suppression; in the workbook,
numbers go in as numbers (to be added up in Excel), text is made formula-safe.
"""

from __future__ import annotations

import errno
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kimtools.files import atomic_write, neutralise_formula, rewrite_undoably
from kimtools.suppression import NOTE, Table


class ReportError(Exception):
    """A German message for the user: why no report was written."""


@dataclass
class Section:
    """A part of the report: the provider's casework or the coordination office's register."""

    title: str
    source: str
    tables: list[Table]


def report_paths(out: str | os.PathLike, year: int) -> tuple[Path, Path]:
    """`out` as a folder (existing, or written with a trailing slash) or as a file stem."""
    text = str(out)
    out = Path(out)
    if out.is_dir() or text.endswith(("/", "\\")):
        out = out / f"jahresbericht_{year}"
    elif out.suffix.lower() in (".docx", ".xlsx"):
        out = out.with_suffix("")
    return out.with_name(out.name + ".docx"), out.with_name(out.name + ".xlsx")


def write_report(sections: list[Section], year: int, out: str | os.PathLike,
                 title: str = "") -> tuple[Path, Path]:
    """Write `jahresbericht_<year>.docx` and `.xlsx` (or the given stem); returns both paths."""
    docx_path, xlsx_path = report_paths(out, year)
    if docx_path.parent.exists() and not docx_path.parent.is_dir():
        raise ReportError(f"Zielordner „{docx_path.parent}“ ist eine Datei.")
    heading = title or f"Jahresbericht {year}"
    docx_bytes = _docx(sections, year, heading)
    xlsx_bytes = _xlsx(sections, year, heading)
    try:
        undo = rewrite_undoably(docx_path, lambda stream: stream.write(docx_bytes))
    except OSError as exc:
        raise _not_written(docx_path, exc) from exc
    try:
        atomic_write(xlsx_path, lambda stream: stream.write(xlsx_bytes))
    except OSError as exc:
        undo()  # the Word file as it was before: both or neither
        raise _not_written(xlsx_path, exc) from exc
    return docx_path, xlsx_path


_REASONS = {errno.ENOTDIR: "ein Teil des Pfads ist eine Datei, kein Ordner",
            errno.EISDIR: "dort liegt ein Ordner dieses Namens",
            errno.EACCES: "keine Schreibberechtigung", errno.EPERM: "keine Schreibberechtigung",
            errno.ENOSPC: "der Datenträger ist voll", errno.EROFS: "nur lesbarer Datenträger"}


def _not_written(path: Path, exc: OSError) -> ReportError:
    reason = _REASONS.get(exc.errno, f"Fehler des Betriebssystems ({exc.errno})")
    return ReportError(f"„{path}“ kann nicht geschrieben werden: {reason}.")


def _chart_png(table: Table) -> bytes:
    """A horizontal bar chart of the shown values (suppressed ones are left out)."""
    import json

    import altair as alt
    import pandas as pd
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    data = pd.DataFrame(table.chart, columns=["Kategorie", "Anzahl"])
    chart = alt.Chart(data, width=420, height=max(60, 22 * len(data))).mark_bar(
        color="#2f5d8a").encode(
        x=alt.X("Anzahl:Q", title="Anzahl", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("Kategorie:N", sort=None, title=None),
    ).properties(title=table.title)
    spec = json.loads(chart.to_json())
    return vlc.vegalite_to_png(json.dumps(spec), vl_version=vl_version_for_vl_convert(),
                               scale=2)


def _docx(sections: list[Section], year: int, heading: str) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = heading
    document.core_properties.author = ""
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(heading, level=0)
    document.add_paragraph(f"Berichtsjahr {year} (1. Januar bis 31. Dezember). {NOTE}")
    for section in sections:
        document.add_heading(section.title, level=1)
        document.add_paragraph(section.source)
        for table in section.tables:
            document.add_heading(table.title, level=2)
            if table.empty:
                document.add_paragraph("Keine Einträge in diesem Jahr.")
                continue
            grid = document.add_table(rows=1, cols=len(table.header))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in table.rows:
                for cell, text in zip(grid.add_row().cells, row, strict=True):
                    cell.text = text
            if len(table.header) > 6:  # the obstacle table: ten categories across the page
                for row in grid.rows:
                    for cell in row.cells:
                        for run in cell.paragraphs[0].runs:
                            run.font.size = Pt(7)
            if table.note:
                document.add_paragraph(table.note).runs[0].italic = True
            if len(table.chart) >= 2:
                document.add_picture(io.BytesIO(_chart_png(table)), width=Cm(15))
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", title)[:31].strip()
    base, number = name, 2
    while name in used:
        name = f"{base[:28]} {number}"
        number += 1
    used.add(name)
    return name


def _value(text: str) -> int | str:
    return int(text) if text.isdigit() else neutralise_formula(text)


def _xlsx(sections: list[Section], year: int, heading: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    info = workbook.active
    info.title = "Hinweise"
    info.append([neutralise_formula(heading)])
    info.append([f"Berichtsjahr {year}"])
    info.append([neutralise_formula(NOTE)])
    for section in sections:
        info.append([neutralise_formula(f"{section.title}: {section.source}")])
    info["A1"].font = Font(bold=True, size=14)
    used = {info.title}
    for section in sections:
        for table in section.tables:
            sheet = workbook.create_sheet(_sheet_name(table.title, used))
            sheet.append([neutralise_formula(table.title)])
            sheet["A1"].font = Font(bold=True)
            sheet.append([])
            sheet.append([neutralise_formula(h) for h in table.header])
            for cell in sheet[3]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append([neutralise_formula(row[0]), *(_value(c) for c in row[1:])])
            if table.note:
                sheet.append([])
                sheet.append([neutralise_formula(table.note)])
            sheet.column_dimensions["A"].width = 38
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
