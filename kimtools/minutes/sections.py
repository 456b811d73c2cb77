"""The sections of the minutes as HTML fragments, one per notebook cell.

The notebook stays thin: each cell shows one fragment, the nbconvert template
(``templates/nbconvert/kim-protokoll``) puts them on A4 pages with the print CSS. Fragments carry
no script, no style sheet and no link; the timelines are inline SVG, so the page renders with
the network cut and nothing is fetched when WeasyPrint makes the PDF.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from kimtools.minutes.content import (
    LEGEND_FALLBACK,
    LEGEND_SYMBOLS,
    OBSTACLE_KEYS,
    CaseSection,
    FindingEntry,
    LegendGroup,
    Minutes,
    day_text,
    long_day_text,
)

CONTENT_MIME = "application/vnd.kimtools.protokoll+json"
PROGRAMME = "Kommunales Integrationsmanagement (KIM)"
SUBTITLE = "Planungskonferenz im Kommunalen Integrationsmanagement (KIM)"
CONFIDENTIAL = "Vertraulich – pseudonymisiert"
PRIVACY_NOTE = ("Dieses Protokoll enthält ausschließlich pseudonymisierte Fallangaben "
                "(Fall-Pseudonyme, Altersgruppen, Zeiträume seit dem Erstkontakt in Wochen, "
                "Monaten oder Quartalen). "
                "Weitergabe nur an den Verteiler.")
DISTRIBUTION = "Teilnehmende der Planungskonferenz; Lenkungsgruppe KIM"
ATTENDEES = "Teilnehmende Institutionen"
SECTION_AGENDA = "1 Tagesordnung"
SECTION_CASES = "2 Vorgestellte Fälle"
SECTION_FINDINGS = "3 Strukturelle Befunde (generative Themen)"
SECTION_CHANGES = "4 Stand der Befunde aus früheren Konferenzen"
SECTION_NEXT = "5 Nächster Termin"
NO_NOTE = "Keine Diskussionsnotiz erfasst."
# Namespace declarations of the SVG root: an HTML parser puts inline <svg> into the SVG
# namespace by itself, so the page keeps no http URL at all, not even as a namespace name.
_XMLNS = re.compile(r'\sxmlns(?::\w+)?="[^"]*"')
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FINDING_ROWS = ("Beschreibung", "Handlungsfelder", "Institutionen", "Fälle",
                "Belege aus den Paketen", "Maßnahme", "Zuständig", "Fällig am", "Ebene",
                "Priorität", "Status")
FINDING_WIDE = ("Beschreibung", "Belege aus den Paketen", "Maßnahme")
FINDING_PAIRS = (("Handlungsfelder", "Institutionen"), ("Fälle", "Status"),
                 ("Zuständig", "Fällig am"), ("Ebene", "Priorität"))


@dataclass(frozen=True)
class Fragment:
    """HTML that a notebook cell displays; text/plain stays short so the notebook stays small."""

    html: str
    name: str = "Abschnitt"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self.html, "text/plain": f"<Protokoll: {self.name}>"}


@dataclass(frozen=True)
class ContentRecord:
    """The minutes' content as a notebook output the template does not print: the exporter's
    leak gate reads it back to know the sources and the dates the minutes may contain."""

    minutes: Minutes

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {CONTENT_MIME: json.loads(self.minutes.to_json()),
                "text/plain": "<Protokollinhalt für die Prüfung>"}


def when_made(section: Callable[[Minutes], Fragment]) -> Callable[[Minutes | None], Fragment]:
    """Nothing to show while no minutes are made: the notebook opened in JupyterLab or Voilà
    without a conference shows the selection instead (``widgets.minutes``), not an error."""
    @functools.wraps(section)
    def shown(minutes: Minutes | None) -> Fragment:
        return Fragment("", section.__name__) if minutes is None else section(minutes)

    return shown


def content_record(minutes: Minutes | None) -> ContentRecord | None:
    return None if minutes is None else ContentRecord(minutes)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def paragraphs(text: str, css: str = "") -> str:
    """Typed text as paragraphs: blank lines separate them, single line breaks stay."""
    css_attr = f' class="{css}"' if css else ""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(f"<p{css_attr}>{'<br>'.join(_e(line) for line in block.splitlines())}</p>"
                   for block in blocks)


def _table(head: list[str], rows: list[list[str]], css: str = "liste",
           widths: list[str] | None = None) -> str:
    cols = "".join(f'<col style="width:{w}">' for w in widths) if widths else ""
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<table class="{css}"><colgroup>{cols}</colgroup><thead><tr>{header}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _facts(rows: list[tuple[str, str]], css: str) -> str:
    """A two-column table of label and value (the title block, a finding)."""
    body = "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="{css}"><tbody>{body}</tbody></table>'


@when_made
def title_block(minutes: Minutes) -> Fragment:
    """Sender, title, key data and the list of attending institutions."""
    sender = " · ".join(p for p in (minutes.municipality, PROGRAMME) if p)
    facts = [
        ("Datum", _e(long_day_text(minutes.date))),
        ("Ort", _e(minutes.place or "–")),
        ("Kreis/Kommune", _e(minutes.municipality or "–")),
        ("Sitzungsleitung", _e(minutes.chair or "–")),
        ("Protokoll", _e(minutes.minute_taker or "–")),
        ("Vorgestellte Fälle", _e(len(minutes.cases))),
        ("Strukturelle Befunde", _e(len(minutes.findings))),
        ("Verteiler", _e(DISTRIBUTION)),
    ]
    attendees = _table(["Nr.", "Institution", "Funktion"],
                       [[str(i), inst, role or "–"]
                        for i, (inst, role) in enumerate(minutes.attendees, start=1)],
                       widths=["9%", "56%", "35%"])
    html = (f'<header class="titelblock">'
            f'<p class="absender">{_e(sender)}</p>'
            f'<p class="stempel">{_e(CONFIDENTIAL)}</p>'
            f'<h1>Protokoll</h1>'
            f'<p class="untertitel">{_e(SUBTITLE)}</p>'
            f'<p class="laufzeile">{_e(minutes.title)}</p>'
            f"{_facts(facts, 'eckdaten')}"
            f'<p class="hinweis">{_e(PRIVACY_NOTE)}</p>'
            f"</header>"
            f'<section class="teilnehmende"><h2 class="ohne-nummer">{ATTENDEES}</h2>'
            f"{attendees if minutes.attendees else '<p>–</p>'}</section>")
    return Fragment(html, "Kopf")


@when_made
def agenda_section(minutes: Minutes) -> Fragment:
    items = "".join(f"<tr><th>TOP {i}</th><td>{_e(item)}</td></tr>"
                    for i, item in enumerate(minutes.agenda, start=1))
    body = (f'<table class="tagesordnung"><tbody>{items}</tbody></table>' if items
            else "<p>Keine Tagesordnung erfasst.</p>")
    return Fragment(f'<section class="abschnitt"><h2>{SECTION_AGENDA}</h2>{body}</section>',
                    "Tagesordnung")


def legend_html(groups: list[LegendGroup]) -> str:
    """The legends of a timeline as one paragraph: a coloured symbol before each label."""
    parts = []
    for group in groups:
        entries = " ".join(
            f'<span class="eintrag"><span class="symbol" style="color: '
            f'{colour if _COLOUR.fullmatch(colour) else "#000000"}">'
            f"{LEGEND_SYMBOLS.get(shape, LEGEND_FALLBACK)}</span>\u00a0{_e(label)}</span>"
            for label, colour, shape in group.entries)
        parts.append(f'<span class="gruppe"><span class="titel">{_e(group.title)}:</span> '
                     f"{entries}</span>")
    return f'<p class="legende">{" ".join(parts)}</p>' if parts else ""


def case_html(section: CaseSection, number: int) -> str:
    """One presented case; the timeline is inline SVG, scaled to the text width by CSS."""
    title = f"2.{number} Fall {section.case}" + (f" – {section.label}" if section.label else "")
    parts = [f'<section class="fall"><h3>{_e(title)}</h3>']
    if section.missing:
        parts.append(f'<p class="warnung">{_e(section.missing)}</p>')
    if section.profile:
        pairs = section.profile
        rows = []
        for i in range(0, len(pairs), 2):
            cells = [f"<th>{_e(k)}</th><td>{_e(v)}</td>" for k, v in pairs[i:i + 2]]
            if len(cells) == 1:
                cells = [cells[0].replace("<td>", '<td colspan="3">', 1)]
            rows.append(f"<tr>{''.join(cells)}</tr>")
        parts.append(f'<h4>Kurzprofil</h4><table class="profil"><colgroup><col style="width:19%">'
                     f'<col style="width:31%"><col style="width:19%"><col style="width:31%">'
                     f'</colgroup><tbody>{"".join(rows)}</tbody></table>')
    if section.timeline_svg:
        svg = _XMLNS.sub("", section.timeline_svg)
        parts.append(f'<figure class="zeitstrahl">{svg}{legend_html(section.legend)}'
                     f"<figcaption>Zeitstrahl von Fall {_e(section.case)}: Phasen, Ereignisse, "
                     "Hürden und Ziele seit dem Erstkontakt</figcaption></figure>")
    if section.obstacle_sentence or section.obstacles:
        parts.append(f"<h4>Hürden</h4><p>{_e(section.obstacle_sentence)}</p>")
        if section.obstacles:
            parts.append(_table(list(OBSTACLE_KEYS), section.obstacles,
                                widths=["22%", "36%", "20%", "9%", "13%"]))
    parts.append("<h4>Ergebnis der Beratung</h4>")
    parts.append(paragraphs(section.note, "notiz") or f'<p class="leer">{NO_NOTE}</p>')
    parts.append("</section>")
    return "".join(parts)


@when_made
def cases_section(minutes: Minutes) -> Fragment:
    intro = (f"<p>Das Case Management hat {len(minutes.cases)} Fälle pseudonymisiert "
             "vorgestellt. Die Angaben stammen aus den freigegebenen Konferenzpaketen; die "
             "Ergebnisse der Beratung hat die Koordinierungsstelle festgehalten.</p>")
    cases = "".join(case_html(s, i) for i, s in enumerate(minutes.cases, start=1))
    return Fragment(f'<section class="abschnitt"><h2>{SECTION_CASES}</h2>{intro}{cases}'
                    "</section>", "Fälle")


def finding_rows(entry: FindingEntry) -> list[tuple[str, str]]:
    """Label and plain text of every attribute of a finding, in the order the minutes print."""
    return list(zip(FINDING_ROWS, (
        entry.description or "–", ", ".join(entry.fields) or "–",
        ", ".join(entry.institutions) or "–", ", ".join(entry.cases) or "–",
        entry.evidence or "–", entry.measure or "–", entry.responsible or "–",
        day_text(entry.due_date), entry.level or "–", entry.priority or "–",
        entry.status or "–"), strict=True))


def finding_layout(entry: FindingEntry) -> list[list[tuple[str, str]]]:
    """The rows of a finding's table: long texts over the full width, short ones in pairs,
    so that three findings fit on a page."""
    values = dict(finding_rows(entry))
    wide = [[(key, values[key])] for key in FINDING_WIDE]
    pairs = [[(a, values[a]), (b, values[b])] for a, b in FINDING_PAIRS]
    return [wide[0], *pairs[:2], wide[1], wide[2], *pairs[2:]]


def _finding_table(entry: FindingEntry) -> str:
    rows = []
    for row in finding_layout(entry):
        if len(row) == 1:
            key, value = row[0]
            rows.append(f"<tr><th>{_e(key)}</th><td colspan=\"3\">{paragraphs(value)}</td></tr>")
        else:
            rows.append("<tr>" + "".join(f"<th>{_e(k)}</th><td>{_e(v)}</td>" for k, v in row)
                        + "</tr>")
    return ('<table class="befund"><colgroup><col style="width:20%"><col style="width:30%">'
            '<col style="width:20%"><col style="width:30%"></colgroup>'
            f"<tbody>{''.join(rows)}</tbody></table>")


@when_made
def findings_section(minutes: Minutes) -> Fragment:
    if not minutes.findings:
        return Fragment(f'<section class="abschnitt"><h2>{SECTION_FINDINGS}</h2><p>In dieser '
                        "Konferenz wurden keine strukturellen Befunde festgehalten.</p>"
                        "</section>", "Befunde")
    count = len(minutes.findings)
    intro = (f"<p>Die Konferenz hat {count} strukturelle "
             f"{'Befund' if count == 1 else 'Befunde'} festgehalten. Die Belege sind aus den "
             "Konferenzpaketen berechnet; Maßnahmen, Zuständigkeiten und Fristen wurden in der "
             "Sitzung vereinbart.</p>")
    overview = _table(["Nr.", "Befund", "Ebene", "Zuständig", "Fällig am"],
                      [[f.number, f.title, f.level, f.responsible or "–", day_text(f.due_date)]
                       for f in minutes.findings],
                      widths=["6%", "41%", "17%", "23%", "13%"])
    details = "".join(f'<section class="befund"><h3>{_e(f.number)} {_e(f.title)}</h3>'
                      f"{_finding_table(f)}</section>" for f in minutes.findings)
    return Fragment(f'<section class="abschnitt"><h2>{SECTION_FINDINGS}</h2>{intro}'
                    f'<h3 class="ohne-nummer">Übersicht</h3>{overview}{details}</section>',
                    "Befunde")


@when_made
def changes_section(minutes: Minutes) -> Fragment:
    since = (f"seit der letzten Konferenz am {day_text(minutes.previous_date)}"
             if minutes.previous_date else "seit ihrer Aufnahme")
    if not minutes.changes:
        body = f"<p>Der Status früherer Befunde hat sich {since} nicht geändert.</p>"
    else:
        body = (f"<p>Befunde früherer Konferenzen, deren Status sich {since} geändert hat:</p>"
                + _table(["Befund", "aufgenommen", "Status bisher", "Status neu",
                          "geändert am", "Zuständig", "Fällig am"],
                         [[c.title, day_text(c.raised_on), c.old, c.new, day_text(c.changed_on),
                           c.responsible or "–", day_text(c.due_date)] for c in minutes.changes],
                         widths=["26%", "12.5%", "11%", "12%", "12.5%", "14%", "12%"]))
    return Fragment(f'<section class="abschnitt"><h2>{SECTION_CHANGES}</h2>{body}</section>',
                    "Frühere Befunde")


@when_made
def closing_section(minutes: Minutes) -> Fragment:
    if minutes.next_date:
        next_text = (f"Die nächste Planungskonferenz findet am "
                     f"<strong>{_e(long_day_text(minutes.next_date))}</strong> statt. Ort und "
                     "Tagesordnung folgen mit der Einladung.")
    else:
        next_text = "Der nächste Termin wird mit der Einladung bekannt gegeben."
    signatures = (
        '<table class="unterschriften"><tbody><tr>'
        f'<td><span class="linie"></span>Sitzungsleitung<br>{_e(minutes.chair or "")}</td>'
        f'<td><span class="linie"></span>Protokoll<br>{_e(minutes.minute_taker or "")}</td>'
        "</tr></tbody></table>")
    return Fragment(f'<section class="abschnitt schluss"><h2>{SECTION_NEXT}</h2>'
                    f"<p>{next_text}</p>{signatures}</section>", "Nächster Termin")
