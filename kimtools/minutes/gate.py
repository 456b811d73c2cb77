"""The leak gate of the minutes: nothing is written that names a person or a private date.

The coordination office has no raw caseload, and what it typed during the conference (notes,
findings, agenda) is new text that no pseudonymisation has seen. So the gate works in two steps:

1. Every text typed into the register is analysed on its own by the scrubber (names after
   titles and role words and from the lexicon, phone, e-mail, IBAN, file numbers, addresses,
   day-precise dates). A hit names its place (which finding and attribute, which case's
   discussion note) and the word, so it can be fixed in the register.
2. The finished document (HTML, and the text extracted from the produced PDF and DOCX bytes)
   is analysed again, as a backstop for text that entered on the way (template, notebook,
   converter). There a detection is allowed when it is a date the minutes put in themselves
   (conference, next date, due dates, dates of status changes: compared by value, so the
   format does not matter) or text of a source that is cleared already: the approved packages,
   text kimtools generates (evidence, labels) and typed text that passed step 1.

The chair and the minute-taker are named on purpose: names in those two fields are allowed.
Where the caller has the source caseload, every identifier of it is checked as well, in the
sources and in the document (``caseload_gate``; it imports the raw-side reader only then).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from kimtools.minutes.content import OBSTACLE_KEYS, Minutes, MinutesError
from kimtools.minutes.vocabulary import only_tool_words
from kimtools.privacy.scrubber import Detection, Scrubber

# Detections of these types in the chair and minute-taker fields are the people meant there.
STAFF_TYPES = {"name", "person"}
_MONTHS = {name: number for number, names in enumerate((
    ("januar", "jan", "jänner"), ("februar", "feb"), ("märz", "mär", "mrz", "maerz", "marz"),
    ("april", "apr"), ("mai",), ("juni", "jun"), ("juli", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
    ("dezember", "dez")), start=1) for name in names}
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORD_DATE = re.compile(r"(\d{1,2})\.?\s*([^\W\d_]+)\.?\s*(\d{4})?")


# Where a hit can be fixed: text typed into the register, content of a conference package (not
# editable here), or text only the program wrote (a fault to report).
IN_REGISTER, IN_PACKAGE, IN_PROGRAM = "register", "package", "program"
REMEDIES = {
    IN_REGISTER: "Fundstellen im Befundregister: dort korrigieren (Namen durch Rollen wie "
                 "„Klientin A“ oder „die Sachbearbeitung“ ersetzen, Daten nur als Monat angeben) "
                 "und das Protokoll neu erstellen.",
    IN_PACKAGE: "Fundstellen aus einem Konferenzpaket lassen sich im Register nicht ändern: "
                "bitte das Paket vom Träger korrigieren und neu pseudonymisieren lassen.",
    IN_PROGRAM: "Fundstellen ohne Quelle hat das Programm selbst geschrieben: bitte den Vorfall "
                "mit dieser Meldung an die Betreuung von kimtools melden.",
}


@dataclass(frozen=True)
class Hit:
    """One thing that may not go out: where, the word, why, and where it can be fixed."""

    place: str
    word: str
    reason: str
    remedy: str = IN_REGISTER

    def __str__(self) -> str:
        return f"{self.place}: „{self.word}“ ({self.reason})"


class MinutesLeak(MinutesError):
    """The gate found something; nothing was written."""

    def __init__(self, hits: list[Hit]):
        self.hits = hits
        shown = "\n".join(f"  - {hit}" for hit in hits[:25])
        more = f"\n  … und {len(hits) - 25} weitere" if len(hits) > 25 else ""
        remedies = "\n".join(text for remedy, text in REMEDIES.items()
                             if any(hit.remedy == remedy for hit in hits))
        super().__init__(
            f"Protokoll nicht geschrieben: {len(hits)} "
            f"{'Fundstelle' if len(hits) == 1 else 'Fundstellen'} mit Namen, Kontaktdaten "
            f"oder tagesgenauen Daten.\n{shown}{more}\n{remedies}")


@dataclass(frozen=True)
class Source:
    """A text of the minutes and where it came from."""

    place: str
    text: str
    typed: bool  # typed into the register (checked in step 1) or cleared already
    staff: bool = False  # chair or minute-taker: names allowed


def sources(minutes: Minutes) -> list[Source]:
    """Every text the minutes print, with a place a person can find in the register."""
    typed: list[Source] = [
        Source("Konferenz, Ort", minutes.place, True),
        Source("Konferenz, Kreis/Kommune", minutes.municipality, True),
        Source("Konferenz, Sitzungsleitung", minutes.chair, True, staff=True),
        Source("Konferenz, Protokoll", minutes.minute_taker, True, staff=True),
    ]
    for number, (institution, role) in enumerate(minutes.attendees, start=1):
        typed.append(Source(f"Teilnehmende, Zeile {number} (Institution)", institution, True))
        typed.append(Source(f"Teilnehmende, Zeile {number} (Funktion)", role, True))
    typed += [Source(f"Tagesordnung, TOP {n}", item, True)
              for n, item in enumerate(minutes.agenda, start=1)]
    cleared: list[Source] = []
    for section in minutes.cases:
        typed.append(Source(f"Diskussionsnotiz zu Fall {section.case}", section.note, True))
        where = f"Fall {section.case} (Konferenzpaket {section.package})"
        cleared.append(Source(where, section.label, False))
        cleared += [Source(f"{where}, Profil {key}", value, False)
                    for key, value in section.profile]
        cleared.append(Source(f"{where}, Hürden", section.obstacle_sentence, False))
        cleared += [Source(f"{where}, Hürden ({key})", value, False)
                    for row in section.obstacles for key, value in zip(OBSTACLE_KEYS, row,
                                                                       strict=False)]
        cleared.append(Source(f"{where}, Zeitstrahl", svg_text(section.timeline_svg), False))
        cleared += [Source(f"{where}, Legende des Zeitstrahls", group.text(), False)
                    for group in section.legend]
    for finding in minutes.findings:
        where = f"Befund {finding.number} „{_short(finding.title)}“"
        typed += [Source(f"{where}, Titel", finding.title, True),
                  Source(f"{where}, Beschreibung", finding.description, True),
                  Source(f"{where}, Maßnahme", finding.measure, True),
                  Source(f"{where}, Zuständig", finding.responsible, True)]
        typed += [Source(f"{where}, Institution", name, True) for name in finding.institutions]
        cleared += [Source(f"{where}, Belege", finding.evidence, False),
                    Source(f"{where}, Handlungsfelder", ", ".join(finding.fields), False)]
    for change in minutes.changes:
        where = f"Früherer Befund „{_short(change.title)}“"
        typed += [Source(f"{where}, Titel", change.title, True),
                  Source(f"{where}, Zuständig", change.responsible, True)]
    return [s for s in typed + cleared if s.text and s.text.strip()]


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "…"


def parse_date(text: str) -> dt.date | None:
    """The date a detection stands for (20.10.2026, 20.10.26, 2026-10-20, 20. Oktober 2026)."""
    text = text.strip().casefold()
    try:
        if match := _ISO_DATE.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NUMERIC_DATE.fullmatch(text):
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return dt.date(year, int(match[2]), int(match[1]))
        if (match := _WORD_DATE.fullmatch(text)) and match[2] in _MONTHS and match[3]:
            return dt.date(int(match[3]), _MONTHS[match[2]], int(match[1]))
    except ValueError:
        return None
    return None


def check_sources(minutes: Minutes, scrubber: Scrubber | None = None,
                  caseload: CaseloadCheck | None = None) -> list[Hit]:
    """Step 1: every typed text on its own, strictly; with a caseload every source, where the
    minutes' own words count only in what people typed."""
    scrubber = scrubber or Scrubber()
    hits: list[Hit] = []
    for source in sources(minutes):
        remedy = IN_REGISTER if source.typed else IN_PACKAGE
        if source.typed:
            hits += [Hit(source.place, d.text, d.reason) for d in scrubber.analyze(source.text)
                     if not (source.staff and d.type in STAFF_TYPES)]
        if caseload is not None:
            hits += [Hit(source.place, word, reason, remedy)
                     for word, reason in caseload(source.text)
                     if not (source.staff and reason.startswith("Name"))
                     and (source.typed or not only_tool_words(word))]
    return _unique(hits)


def check_document(text: str, minutes: Minutes, label: str, scrubber: Scrubber | None = None,
                   caseload: CaseloadCheck | None = None) -> list[Hit]:
    """Step 2: the text of a finished document, with the minutes' own dates and sources."""
    scrubber = scrubber or Scrubber()
    known = minutes.known_dates()
    all_sources = sources(minutes)
    staff = [s.text for s in all_sources if s.staff]
    corpus = "\n".join(_normal(s.text) for s in all_sources)
    text = _mask(_lines(text), staff)
    hits = []
    for detection in scrubber.analyze(text):
        if _allowed(detection, known, corpus):
            continue
        hits.append(Hit(f"Protokoll ({label})", detection.text,
                        f"{detection.reason}; im Umfeld: „{_context(text, detection)}“",
                        IN_PROGRAM))
    if caseload is not None:
        for word, reason in caseload(text):
            if (reason == "Datum" and parse_date(word) in known) or only_tool_words(word):
                continue
            hits.append(Hit(f"Protokoll ({label})", word, reason, IN_PROGRAM))
    return _unique(hits)


def _allowed(detection: Detection, known: set[dt.date], corpus: str) -> bool:
    if detection.type == "date":
        return parse_date(detection.text) in known
    if _normal(detection.text) in corpus:
        return True
    # A finder may join words the layout puts side by side ("Bildung/Schule Institutionen
    # Schulamt" looks like a school's name); each word typed (and checked in step 1) or written
    # by the minutes themselves is no leak.
    words = detection.text.split()
    return len(words) > 1 and all(_typed_word(word, corpus) or only_tool_words(word.casefold())
                                  for word in words)


def _typed_word(word: str, corpus: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", corpus) is not None


def _normal(text: str) -> str:
    """Whitespace as one space and soft hyphens gone: PDF and DOCX break lines elsewhere."""
    return " ".join(text.replace("\u00ad", "").split())


def _lines(text: str) -> str:
    """A document's text with its line structure kept: table cells and paragraphs stay apart,
    so that a row number does not become the house number of the cell before it."""
    lines = (" ".join(line.replace("\u00ad", "").split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _mask(text: str, phrases: Iterable[str]) -> str:
    """Blank out the given phrases wherever the document wrapped them."""
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = phrase.split()
        if words:
            pattern = r"\s+".join(re.escape(word) for word in words)
            text = re.sub(pattern, lambda match: re.sub(r"\S", " ", match[0]), text)
    return text


def _context(text: str, detection: Detection, width: int = 40) -> str:
    before = text[max(0, detection.start - width):detection.start].lstrip()
    after = text[detection.end:detection.end + width].rstrip()
    return " ".join(f"{before}{detection.text}{after}".split())


def _unique(hits: list[Hit]) -> list[Hit]:
    return list(dict.fromkeys(hits))


# -- text of the produced documents ----------------------------------------------------------

class _TextOf(HTMLParser):
    """Visible text and the attributes a reader or screen reader gets (alt, title, aria)."""

    SKIP = {"style", "script"}
    ATTRIBUTES = {"alt", "title", "aria-label"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        self.parts += [value for name, value in attrs if name in self.ATTRIBUTES and value]
        if tag in ("p", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "div", "text"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def svg_text(svg: str) -> str:
    return html_text(svg) if svg else ""


def pdf_text(data: bytes) -> str:
    """Every page's text, the bookmarks and the document information of a PDF.

    Read with PDFium, the reader of Chromium: a page takes about a millisecond, where a pure
    Python reader spent half the time of the whole minutes on the table borders' operators.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise MinutesError(f"Das erzeugte PDF ist nicht lesbar: {exc}") from exc
    try:
        parts = []
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        parts += [item.get_title() for item in document.get_toc()]
        parts += [value for value in document.get_metadata_dict().values() if value]
    finally:
        document.close()
    return "\n".join(parts)


def docx_text(data: bytes) -> str:
    """Paragraphs, tables (also nested), headers, footers and core properties of a DOCX."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts: list[str] = []

    def blocks(container) -> None:
        parts.extend(p.text for p in container.paragraphs)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    blocks(cell)

    blocks(document)
    for section in document.sections:
        blocks(section.header)
        blocks(section.footer)
    props = document.core_properties
    parts += [props.title or "", props.subject or "", props.author or "", props.keywords or "",
              props.comments or "", props.last_modified_by or ""]
    return "\n".join(parts)


def document_text(fmt: str, data: bytes) -> str:
    """The text of a produced document, read back from its bytes."""
    if fmt == "html":
        return html_text(data.decode("utf-8"))
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "docx":
        return docx_text(data)
    raise MinutesError(f"Format „{fmt}“ unbekannt; erwartet: html, pdf oder docx.")


# -- the optional check against a raw caseload -----------------------------------------------

CaseloadCheck = Callable[[str], list[tuple[str, str]]]


def caseload_gate(path: str | os.PathLike) -> CaseloadCheck:
    """A check for every identifier of a raw caseload: ``text -> [(word, reason)]``.

    Only where the caller has the caseload (a case manager making the minutes of their own
    cases); the reader and the leak gate are imported here, never when the minutes load.
    """
    from kimtools.caseload import CaseloadError, read_caseload
    from kimtools.privacy.leakgate import LeakGate
    from kimtools.privacy.lexicon import NameLexicon

    try:
        caseload = read_caseload(path)
    except CaseloadError as exc:
        raise MinutesError(f"Fallbestand {path} nicht lesbar: {exc}") from exc
    gate = LeakGate(caseload, NameLexicon.default().stop_words)

    def check(text: str) -> list[tuple[str, str]]:
        return [(leak.text, leak.kind + (f" aus dem Fallbestand ({leak.owner})"
                                         if leak.owner else ""))
                for leak in gate.scan_text(text)]

    return check
