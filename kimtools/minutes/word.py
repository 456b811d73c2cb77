"""The minutes as a Word document (python-docx), for offices that edit and file in Word.

Same content and numbering as the HTML/PDF, built from the ``Minutes`` dataclass directly:
real Word headings (so the navigation pane and a table of contents work), bordered tables with
a repeated header row, the timelines as PNG pictures (rendered locally by vl-convert from the
same SVG), and a page header and footer with "Vertraulich – pseudonymisiert" and page numbers
as Word fields.
"""

from __future__ import annotations

import io
import os

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from kimtools.minutes.content import (
    LEGEND_FALLBACK,
    LEGEND_SYMBOLS,
    OBSTACLE_KEYS,
    CaseSection,
    Minutes,
    day_text,
    long_day_text,
)
from kimtools.minutes.sections import (
    ATTENDEES,
    CONFIDENTIAL,
    DISTRIBUTION,
    NO_NOTE,
    PRIVACY_NOTE,
    PROGRAMME,
    SECTION_AGENDA,
    SECTION_CASES,
    SECTION_CHANGES,
    SECTION_FINDINGS,
    SECTION_NEXT,
    SUBTITLE,
    finding_layout,
)

FONT = "Arial"
TABLE_STYLE = "KIM Tabelle"
TABLE_STYLE_ID = "KIMTabelle"  # what python-docx makes of the name
SYMBOL_FONT = "Segoe UI Symbol"  # Word's own font for ◆ and ✚, which Arial lacks
BLUE = RGBColor(0x1F, 0x3A, 0x5F)
RED = RGBColor(0x8B, 0x00, 0x00)
HEAD_FILL = "DFE6EF"
LABEL_FILL = "F0F3F7"
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(2.4), "bottom": Cm(2.2), "left": Cm(2.4), "right": Cm(1.8)}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]
LABEL_WIDTH = Cm(5.0)


def timeline_png(svg: str) -> bytes:
    """The printed timeline as PNG at about 200 dpi over the text width; rendered offline."""
    import vl_convert as vlc

    return vlc.svg_to_png(svg, scale=1.0)


def word_file(minutes: Minutes | None, path: str | os.PathLike) -> None:
    """The minutes notebook's Word file: made, checked by the leak gate, then written.

    Nothing happens without a path. ``kimtools minutes`` has the kernel make it while the
    page is converted to PDF (and checks the bytes once more only against a caseload, which
    the kernel never sees); in JupyterLab the same cell writes a checked Word file.
    """
    if not path or minutes is None:
        return
    from kimtools.files import atomic_write
    from kimtools.minutes.gate import MinutesLeak, check_document, check_sources, docx_text

    data = minutes_docx(minutes)
    hits = check_sources(minutes) + check_document(docx_text(data), minutes, "DOCX")
    if hits:
        raise MinutesLeak(hits)
    atomic_write(path, lambda stream: stream.write(data))


def minutes_docx(minutes: Minutes) -> bytes:
    """The DOCX bytes, with each timeline rendered here as a PNG picture."""
    document = Document()
    _page_setup(document, minutes)
    _styles(document)
    props = document.core_properties
    props.title = minutes.title
    props.subject = "Planungskonferenz " + PROGRAMME
    props.author = props.last_modified_by = "kimtools"
    props.comments = props.keywords = ""

    _title_block(document, minutes)
    document.add_heading(SECTION_AGENDA, level=1)
    if minutes.agenda:
        _facts(document, [(f"TOP {i}", item) for i, item in enumerate(minutes.agenda, 1)],
               label_width=Cm(2.2))
    else:
        document.add_paragraph("Keine Tagesordnung erfasst.")

    document.add_heading(SECTION_CASES, level=1)
    document.add_paragraph(f"Das Case Management hat {len(minutes.cases)} Fälle pseudonymisiert "
                           "vorgestellt. Die Angaben stammen aus den freigegebenen "
                           "Konferenzpaketen; die Ergebnisse der Beratung hat die "
                           "Koordinierungsstelle festgehalten.")
    for number, section in enumerate(minutes.cases, start=1):
        _case(document, section, number)

    _findings(document, minutes)
    _changes(document, minutes)
    _closing(document, minutes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document, minutes: Minutes) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    sender = " · ".join(p for p in (minutes.municipality, PROGRAMME) if p)

    header = section.header.paragraphs[0]
    _right_tab(header)
    _run(header, sender, size=7.5)
    _run(header, "\t" + CONFIDENTIAL, size=7.5, bold=True, color=RED)
    _border(header, "bottom")

    footer = section.footer.paragraphs[0]
    _right_tab(footer)
    _run(footer, f"{CONFIDENTIAL} · {minutes.title}\tSeite ", size=7.5)
    _field(footer, "PAGE")
    _run(footer, " von ", size=7.5)
    _field(footer, "NUMPAGES")
    _border(footer, "top")


def _right_tab(paragraph) -> None:
    """One right tab at the margin; the default Header/Footer style's centre and right tabs
    (8.25 and 16.5 cm) are cleared, or the second text would land in the middle."""
    stops = paragraph.paragraph_format.tab_stops
    for position in (Twips(4680), Twips(9360)):
        stops.add_tab_stop(position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


def _keep_together(table) -> None:
    """Rows are not split, and every row stays with the next: Word moves the whole table (and
    the heading before it) to the next page instead of breaking it."""
    for number, row in enumerate(table.rows):
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))
        if number < len(table.rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    # Table text as a style, not as formatting on every run: Word users restyle all tables at
    # once, and python-docx writes each run's formatting element by element (slowly).
    cells = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(9)
    cells.paragraph_format.space_after = Pt(0)
    assert cells.style_id == TABLE_STYLE_ID
    for name, size in (("Title", 22), ("Heading 1", 13), ("Heading 2", 11), ("Heading 3", 10)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = BLUE if name != "Heading 3" else RGBColor(0x22, 0x22, 0x22)
        style.element.rPr.rFonts.set(qn("w:asciiTheme"), "")
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 8)
        style.paragraph_format.space_after = Pt(4)


def _run(paragraph, text: str, size: float | None = None, bold: bool = False,
         italic: bool = False, color: RGBColor | None = None):
    """A run with only the formatting asked for; the rest comes from the paragraph's style."""
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "15")
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _border(paragraph, side: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", "666666")):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _cell_text(cell, text: str, bold: bool = False) -> None:
    """Cell text with line breaks kept; blank lines start a new paragraph."""
    paragraph = cell.paragraphs[0]
    for index, block in enumerate(str(text).replace("\r\n", "\n").split("\n\n")):
        if index:
            paragraph = cell.add_paragraph()
        # the style's id set on the paragraph itself: python-docx would look the style up
        # among all styles of the document for every single cell
        paragraph._p.get_or_add_pPr().style = TABLE_STYLE_ID
        lines = block.split("\n")
        for number, line in enumerate(lines):
            run = _run(paragraph, line, bold=bold)
            if number < len(lines) - 1:
                run.add_break()


def _table(document, head: list[str], rows: list[list[str]], widths: list[float]):
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        _cell_text(cell, text, bold=True)
        _shade(cell, HEAD_FILL)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _cell_text(cell, text)
    _widths(table, [TEXT_WIDTH * w for w in widths])
    document.add_paragraph()
    return table


def _facts(document, rows: list[tuple[str, str]], label_width: int = LABEL_WIDTH):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=True)
        _shade(cells[0], LABEL_FILL)
        _cell_text(cells[1], value)
    _widths(table, [label_width, TEXT_WIDTH - label_width])
    document.add_paragraph()
    return table


def _widths(table, widths) -> None:
    """Column widths for Word and LibreOffice alike: grid columns and every cell (a merged
    cell gets the sum of the columns it spans)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = int(width)
    for row in table.rows:
        column = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = int(sum(widths[column:column + span]))
            column += span


def _title_block(document, minutes: Minutes) -> None:
    sender = " · ".join(p for p in (minutes.municipality, PROGRAMME) if p)
    paragraph = document.add_paragraph()
    _run(paragraph, sender, size=9)
    _border(paragraph, "bottom")
    stamp = document.add_paragraph()
    _run(stamp, CONFIDENTIAL.upper(), size=8.5, bold=True, color=RED)
    document.add_paragraph("Protokoll", style="Title")
    subtitle = document.add_paragraph()
    _run(subtitle, SUBTITLE, size=12)
    _facts(document, [
        ("Datum", long_day_text(minutes.date)),
        ("Ort", minutes.place or "–"),
        ("Kreis/Kommune", minutes.municipality or "–"),
        ("Sitzungsleitung", minutes.chair or "–"),
        ("Protokoll", minutes.minute_taker or "–"),
        ("Vorgestellte Fälle", str(len(minutes.cases))),
        ("Strukturelle Befunde", str(len(minutes.findings))),
        ("Verteiler", DISTRIBUTION),
    ])
    note = document.add_paragraph()
    _run(note, PRIVACY_NOTE, size=8.5, italic=True)
    document.add_heading(ATTENDEES, level=1)
    if minutes.attendees:
        _table(document, ["Nr.", "Institution", "Funktion"],
               [[str(i), inst, role or "–"]
                for i, (inst, role) in enumerate(minutes.attendees, start=1)],
               [0.09, 0.56, 0.35])
    else:
        document.add_paragraph("–")


def _case(document, section: CaseSection, number: int) -> None:
    title = f"2.{number} Fall {section.case}" + (f" – {section.label}" if section.label else "")
    document.add_heading(title, level=2)
    if section.missing:
        _run(document.add_paragraph(), section.missing, italic=True, color=RED)
    if section.profile:
        document.add_heading("Kurzprofil", level=3)
        table = document.add_table(rows=0, cols=4)
        table.style = "Table Grid"
        pairs = section.profile
        for i in range(0, len(pairs), 2):
            cells = table.add_row().cells
            if len(pairs[i:i + 2]) == 1:
                cells[1].merge(cells[3])
            for offset, (key, value) in enumerate(pairs[i:i + 2]):
                _cell_text(cells[2 * offset], key)
                _shade(cells[2 * offset], LABEL_FILL)
                _cell_text(cells[2 * offset + 1], value)
        _widths(table, [TEXT_WIDTH * w for w in (0.19, 0.31, 0.19, 0.31)])
        document.add_paragraph()
    if section.timeline_svg:
        document.add_picture(io.BytesIO(timeline_png(section.timeline_svg)), width=TEXT_WIDTH)
        _legend(document, section)
        caption = document.add_paragraph()
        _run(caption, f"Zeitstrahl von Fall {section.case}: Phasen, Ereignisse, Hürden und "
                      "Ziele seit dem Erstkontakt", size=8, italic=True)
    if section.obstacle_sentence or section.obstacles:
        document.add_heading("Hürden", level=3)
        document.add_paragraph(section.obstacle_sentence)
        if section.obstacles:
            _table(document, list(OBSTACLE_KEYS), section.obstacles,
                   [0.22, 0.36, 0.20, 0.09, 0.13])
    document.add_heading("Ergebnis der Beratung", level=3)
    if section.note.strip():
        for block in section.note.replace("\r\n", "\n").split("\n\n"):
            if block.strip():
                document.add_paragraph(block.strip())
    else:
        _run(document.add_paragraph(), NO_NOTE, italic=True)


def _legend(document, section: CaseSection) -> None:
    """The timeline's legends below the picture: a coloured symbol before each label."""
    if not section.legend:
        return
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    for number, group in enumerate(section.legend):
        _run(paragraph, ("   " if number else "") + f"{group.title}: ", size=8, bold=True)
        for index, (label, colour, shape) in enumerate(group.entries):
            symbol = _run(paragraph, LEGEND_SYMBOLS.get(shape, LEGEND_FALLBACK), size=8,
                          color=_rgb(colour))
            symbol.font.name = SYMBOL_FONT
            _run(paragraph, "\u00a0" + label + (",  " if index < len(group.entries) - 1
                                                else ""), size=8)


def _rgb(colour: str) -> RGBColor:
    try:
        return RGBColor.from_string(colour.lstrip("#").upper())
    except ValueError:
        return RGBColor(0, 0, 0)


def _findings(document, minutes: Minutes) -> None:
    document.add_heading(SECTION_FINDINGS, level=1)
    if not minutes.findings:
        document.add_paragraph("In dieser Konferenz wurden keine strukturellen Befunde "
                               "festgehalten.")
        return
    count = len(minutes.findings)
    document.add_paragraph(f"Die Konferenz hat {count} strukturelle "
                           f"{'Befund' if count == 1 else 'Befunde'} festgehalten. Die Belege "
                           "sind aus den Konferenzpaketen berechnet; Maßnahmen, Zuständigkeiten "
                           "und Fristen wurden in der Sitzung vereinbart.")
    document.add_heading("Übersicht", level=3)
    _table(document, ["Nr.", "Befund", "Ebene", "Zuständig", "Fällig am"],
           [[f.number, f.title, f.level, f.responsible or "–", day_text(f.due_date)]
            for f in minutes.findings], [0.06, 0.41, 0.17, 0.23, 0.13])
    for finding in minutes.findings:
        document.add_heading(f"{finding.number} {finding.title}", level=2)
        _finding_table(document, finding)


def _finding_table(document, finding) -> None:
    """Four columns; long texts span the three to the right of their label."""
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for layout in finding_layout(finding):
        cells = table.add_row().cells
        if len(layout) == 1:
            cells[1].merge(cells[3])
        for offset, (label, value) in enumerate(layout):
            _cell_text(cells[2 * offset], label, bold=True)
            _shade(cells[2 * offset], LABEL_FILL)
            _cell_text(cells[2 * offset + 1], value)
    _widths(table, [TEXT_WIDTH * w for w in (0.2, 0.3, 0.2, 0.3)])
    _keep_together(table)
    document.add_paragraph()


def _changes(document, minutes: Minutes) -> None:
    document.add_heading(SECTION_CHANGES, level=1)
    since = (f"seit der letzten Konferenz am {day_text(minutes.previous_date)}"
             if minutes.previous_date else "seit ihrer Aufnahme")
    if not minutes.changes:
        document.add_paragraph(f"Der Status früherer Befunde hat sich {since} nicht geändert.")
        return
    document.add_paragraph(f"Befunde früherer Konferenzen, deren Status sich {since} geändert "
                           "hat:")
    _table(document, ["Befund", "aufgenommen", "Status bisher", "Status neu", "geändert am",
                      "Zuständig", "Fällig am"],
           [[c.title, day_text(c.raised_on), c.old, c.new, day_text(c.changed_on),
             c.responsible or "–", day_text(c.due_date)] for c in minutes.changes],
           [0.26, 0.125, 0.11, 0.12, 0.125, 0.14, 0.12])


def _closing(document, minutes: Minutes) -> None:
    document.add_heading(SECTION_NEXT, level=1)
    paragraph = document.add_paragraph()
    if minutes.next_date:
        _run(paragraph, "Die nächste Planungskonferenz findet am ")
        _run(paragraph, long_day_text(minutes.next_date), bold=True)
        _run(paragraph, " statt. Ort und Tagesordnung folgen mit der Einladung.")
    else:
        _run(paragraph, "Der nächste Termin wird mit der Einladung bekannt gegeben.")
    for _ in range(3):
        document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    for cell, (role, name) in zip(table.rows[0].cells, (("Sitzungsleitung", minutes.chair),
                                                         ("Protokoll", minutes.minute_taker)),
                                  strict=True):
        line = cell.paragraphs[0]
        _run(line, "_" * 34, size=9)
        _cell_text_lines(cell, [role, name or ""])


def _cell_text_lines(cell, lines: list[str]) -> None:
    for line in lines:
        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, line, size=9)
