"""Exports of the register (CSV, XLSX, JSON) and the merge of another register's JSON export.

Decisions:
- CSV is for German Excel: UTF-8 with BOM, ";" as separator, dates as TT.MM.JJJJ; it holds the
  findings only. XLSX has a sheet "Befunde" and a sheet "Verlauf". JSON is the exchange format
  between registers (``EXPORT_FORMAT``, version ``EXPORT_VERSION``) and holds everything a merge
  needs: conferences, findings with evidence, and each finding's history.
- Every text cell of CSV and XLSX passes ``excel_safe``: a spreadsheet never runs a formula that
  came from a typed title.
- Discussion notes on individual cases stay in the register where they were typed (the minutes
  print them); they are not part of any export, since a structural finding needs no case talk
  to travel to the district.
- With ``--status`` or ``--level`` an export holds the matching findings and only the
  conferences they were raised in; without filters, every conference.
- Files are written to a temporary file beside the target and renamed: a reader never sees half
  an export, and a failure leaves the old file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kimtools import codes
from kimtools.files import atomic_write, neutralise_formula
from kimtools.findings.model import (
    FINDING_LABELS,
    Attendee,
    Conference,
    Evidence,
    Finding,
    HistoryEntry,
    PresentedCase,
    now_stamp,
    structural_problems,
    validate_conference,
)
from kimtools.findings.register import MergeResult, Register, RegisterError

EXPORT_FORMAT = "kimtools-befundregister-export"
EXPORT_VERSION = 1
FORMATS = ("csv", "xlsx", "json")

FINDING_HEADERS: dict[str, str] = {
    "id": "ID", "title": "Titel", "description": "Beschreibung",
    "fields": "Handlungsfelder", "institutions": "Institutionen",
    "cases": "Fälle (Pseudonyme)", "evidence_cases": "Belege: Fälle",
    "evidence_obstacles": "Belege: Hürden", "evidence_open": "Belege: offene Hürden",
    "evidence_median": "Belege: Wartetage (Median)", "evidence_max": "Belege: Wartetage (max.)",
    "measure": "Maßnahme", "responsible": "zuständig", "due_date": "fällig am",
    "priority": "Priorität", "level": "Ebene", "status": "Status",
    "conference_date": "Konferenz am", "municipality": "Kommune/Kreis",
    "conference_id": "Konferenz-ID", "created_at": "angelegt", "updated_at": "geändert",
}
HISTORY_HEADERS: dict[str, str] = {
    "finding_id": "Befund-ID", "title": "Befund", "at": "Zeitpunkt", "who": "wer",
    "field": "Angabe", "old": "alt", "new": "neu",
}


class ExportError(RegisterError):
    """An export that cannot be written or a file that cannot be merged; names the file."""


def excel_safe(value: object) -> object:
    """A cell value a spreadsheet shows as text: formula starts get a leading apostrophe."""
    return neutralise_formula(value) if isinstance(value, str) else value


# -- JSON representation --------------------------------------------------------------------

def conference_to_dict(c: Conference) -> dict:
    return {
        "id": c.id, "date": c.date.isoformat(), "place": c.place,
        "municipality": c.municipality,
        "attendees": [{"institution": a.institution, "role": a.role} for a in c.attendees],
        "agenda": list(c.agenda),
        "cases": [{"case": p.case, "package": p.package} for p in c.cases],
        "chair": c.chair, "minute_taker": c.minute_taker,
        "next_date": None if c.next_date is None else c.next_date.isoformat(),
        "created_at": c.created_at, "updated_at": c.updated_at,
    }


def finding_to_dict(f: Finding, history: Iterable[HistoryEntry]) -> dict:
    return {
        "id": f.id, "conference_id": f.conference_id, "title": f.title,
        "description": f.description, "fields": list(f.fields),
        "institutions": list(f.institutions), "cases": list(f.cases),
        "evidence": None if f.evidence is None else f.evidence.to_dict(),
        "measure": f.measure, "responsible": f.responsible,
        "due_date": None if f.due_date is None else f.due_date.isoformat(),
        "priority": f.priority, "level": f.level, "status": f.status,
        "created_at": f.created_at, "updated_at": f.updated_at,
        "history": [{"id": e.id, "at": e.at, "who": e.who, "field": e.field, "old": e.old,
                     "new": e.new} for e in history],
    }


@dataclass
class Selection:
    """What one export holds."""

    conferences: list[Conference]
    findings: list[Finding]
    history: dict[str, list[HistoryEntry]]


def select(register: Register, status: Iterable[str] = (),
           level: Iterable[str] = ()) -> Selection:
    status, level = list(status), list(level)
    findings = register.findings(status=status, level=level)
    conferences = register.conferences()
    if status or level:
        raised = {f.conference_id for f in findings}
        conferences = [c for c in conferences if c.id in raised]
    wanted = {f.id for f in findings}
    history: dict[str, list[HistoryEntry]] = {f.id: [] for f in findings}
    for entry in register.history():
        if entry.finding_id in wanted:
            history[entry.finding_id].append(entry)
    return Selection(conferences, findings, history)


def export_document(register: Register, status: Iterable[str] = (),
                    level: Iterable[str] = ()) -> dict:
    """The JSON export as a dict (format, version, conferences, findings with history)."""
    status, level = list(status), list(level)
    chosen = select(register, status, level)
    return {
        "format": EXPORT_FORMAT, "format_version": EXPORT_VERSION,
        "exported_at": now_stamp(), "register_id": register.info.register_id,
        "filters": {"status": status, "level": level},
        "conferences": [conference_to_dict(c) for c in chosen.conferences],
        "findings": [finding_to_dict(f, chosen.history[f.id]) for f in chosen.findings],
    }


# -- tables for people ----------------------------------------------------------------------

def _local(stamp: str | None) -> dt.datetime | None:
    """A stored UTC time as local wall-clock time without zone (what a spreadsheet shows)."""
    if stamp is None:
        return None
    return dt.datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None, microsecond=0)


def finding_rows(chosen: Selection) -> list[dict]:
    """One dict per finding with the keys of ``FINDING_HEADERS``; dates as date objects."""
    conferences = {c.id: c for c in chosen.conferences}
    rows = []
    for f in chosen.findings:
        c = conferences.get(f.conference_id)
        e = f.evidence
        rows.append({
            "id": f.id, "title": f.title, "description": f.description,
            "fields": "; ".join(codes.label(codes.FIELDS, x) for x in f.fields),
            "institutions": "; ".join(f.institutions), "cases": "; ".join(f.cases),
            "evidence_cases": None if e is None else e.cases,
            "evidence_obstacles": None if e is None else e.obstacles,
            "evidence_open": None if e is None else e.open_obstacles,
            "evidence_median": None if e is None else e.median_days,
            "evidence_max": None if e is None else e.max_days,
            "measure": f.measure, "responsible": f.responsible, "due_date": f.due_date,
            "priority": f.priority, "level": f.level, "status": f.status,
            "conference_date": None if c is None else c.date,
            "municipality": "" if c is None else c.municipality,
            "conference_id": f.conference_id, "created_at": _local(f.created_at),
            "updated_at": _local(f.updated_at),
        })
    return rows


def history_rows(chosen: Selection) -> list[dict]:
    titles = {f.id: f.title for f in chosen.findings}
    return [{"finding_id": e.finding_id, "title": titles[e.finding_id], "at": _local(e.at),
             "who": e.who, "field": e.label, "old": e.old, "new": e.new}
            for f in chosen.findings for e in chosen.history[f.id]]


def _csv_text(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return "" if value is None else value


# -- writing --------------------------------------------------------------------------------

def _write_csv(chosen: Selection, stream: io.BufferedWriter) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([excel_safe(h) for h in FINDING_HEADERS.values()])
    for row in finding_rows(chosen):
        writer.writerow([excel_safe(_csv_text(row[k])) for k in FINDING_HEADERS])
    stream.write(text.getvalue().encode("utf-8-sig"))


def _write_xlsx(chosen: Selection, stream: io.BufferedWriter) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def cell(value: object) -> object:
        if isinstance(value, str):
            return excel_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
        return value

    book = Workbook()
    sheets = (("Befunde", FINDING_HEADERS, finding_rows(chosen)),
              ("Verlauf", HISTORY_HEADERS, history_rows(chosen)))
    for number, (title, headers, rows) in enumerate(sheets):
        sheet = book.active if number == 0 else book.create_sheet()
        sheet.title = title
        sheet.append([cell(h) for h in headers.values()])
        for header in sheet[1]:
            header.font = Font(bold=True)
        for row in rows:
            sheet.append([cell(row[k]) for k in headers])
        for column in sheet.iter_cols(min_row=2):
            for item in column:
                if isinstance(item.value, dt.datetime):
                    item.number_format = "DD.MM.YYYY HH:MM"
                elif isinstance(item.value, dt.date):
                    item.number_format = "DD.MM.YYYY"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for number, header in enumerate(headers.values(), start=1):
            sheet.column_dimensions[get_column_letter(number)].width = max(
                12, min(40, len(header) + 4))
    book.save(stream)


def export_register(register: Register, out: str | os.PathLike, fmt: str,
                    status: Iterable[str] = (), level: Iterable[str] = ()) -> Path:
    """Write the (filtered) register as csv, xlsx or json, all at once."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"Format „{fmt}“ unbekannt; erwartet: {', '.join(FORMATS)}.")
    if out.resolve() == register.path.resolve():
        raise ExportError(f"{out} ist das Register selbst; bitte eine andere Zieldatei wählen.")
    if out.is_dir():
        raise ExportError(f"{out} ist ein Ordner; bitte einen Dateinamen angeben.")
    status, level = list(status), list(level)
    if fmt == "json":
        data = json.dumps(export_document(register, status, level), ensure_ascii=False,
                          indent=2).encode("utf-8")
        return atomic_write(out, lambda stream: stream.write(data))
    chosen = select(register, status, level)
    writer = _write_csv if fmt == "csv" else _write_xlsx
    return atomic_write(out, lambda stream: writer(chosen, stream))


# -- reading and merging --------------------------------------------------------------------

class _Reader:
    """Reads the records of a JSON export and collects every problem with its place."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, obj: dict, key: str, where: str, optional: bool = False) -> str:
        value = obj.get(key, "" if optional else None)
        if not isinstance(value, str):
            self.problems.append(f"{where}: „{key}“ fehlt oder ist kein Text.")
            return ""
        return value

    def texts(self, obj: dict, key: str, where: str) -> list[str]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(f"{where}: „{key}“ muss eine Liste von Texten sein.")
            return []
        return value

    def day(self, obj: dict, key: str, where: str, optional: bool = False) -> dt.date | None:
        value = obj.get(key)
        if value is None and optional:
            return None
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problems.append(f"{where}: „{key}“ ist kein Datum JJJJ-MM-TT ({value!r}).")
            return None

    def stamp(self, obj: dict, key: str, where: str) -> str | None:
        value = obj.get(key)
        try:
            if dt.datetime.fromisoformat(value).tzinfo is None:
                raise ValueError
            return value
        except (TypeError, ValueError):
            self.problems.append(f"{where}: „{key}“ ist kein Zeitstempel mit Zeitzone "
                                 f"({value!r}).")
            return None

    def optional_text(self, obj: dict, key: str, where: str) -> str | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            self.problems.append(f"{where}: „{key}“ ist kein Text.")
            return None
        return value

    def records(self, obj: dict, key: str, where: str) -> list[dict]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problems.append(f"{where}: „{key}“ muss eine Liste von Objekten sein.")
            return []
        return value


@dataclass
class ExportData:
    conferences: list[Conference]
    findings: list[Finding]
    history: list[HistoryEntry]


def parse_document(data: object) -> tuple[ExportData, list[str]]:
    """Records of a JSON export and every problem found (empty when it may be merged)."""
    read = _Reader()
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        return ExportData([], [], []), ["kein Export eines kimtools-Befundregisters "
                                        f"(„format“ ist nicht „{EXPORT_FORMAT}“)."]
    version = data.get("format_version")
    if version != EXPORT_VERSION:
        return ExportData([], [], []), [
            f"Exportversion {version!r} wird nicht unterstützt (diese kimtools-Version liest "
            f"Version {EXPORT_VERSION})."]
    conferences = []
    for number, item in enumerate(read.records(data, "conferences", "Datei"), start=1):
        where = f"Konferenz {number} ({item.get('id', 'ohne ID')})"
        conference = Conference(
            id=read.text(item, "id", where), date=read.day(item, "date", where),
            place=read.text(item, "place", where, optional=True),
            municipality=read.text(item, "municipality", where, optional=True),
            attendees=[Attendee(read.text(a, "institution", where),
                                read.text(a, "role", where, optional=True))
                       for a in read.records(item, "attendees", where)],
            agenda=read.texts(item, "agenda", where),
            cases=[PresentedCase(read.text(p, "case", where),
                                 read.text(p, "package", where, optional=True))
                   for p in read.records(item, "cases", where)],
            chair=read.text(item, "chair", where, optional=True),
            minute_taker=read.text(item, "minute_taker", where, optional=True),
            next_date=read.day(item, "next_date", where, optional=True),
            created_at=read.stamp(item, "created_at", where),
            updated_at=read.stamp(item, "updated_at", where))
        read.problems += [f"{where}: {p}" for p in validate_conference(conference)]
        conferences.append(conference)
    findings, history = [], []
    for number, item in enumerate(read.records(data, "findings", "Datei"), start=1):
        where = f"Befund {number} ({item.get('id', 'ohne ID')})"
        evidence = item.get("evidence")
        if evidence is not None and not isinstance(evidence, dict):
            read.problems.append(f"{where}: „evidence“ muss ein Objekt sein.")
            evidence = None
        finding = Finding(
            id=read.text(item, "id", where), conference_id=read.text(item, "conference_id", where),
            title=read.text(item, "title", where),
            description=read.text(item, "description", where, optional=True),
            fields=read.texts(item, "fields", where),
            institutions=read.texts(item, "institutions", where),
            cases=read.texts(item, "cases", where),
            evidence=None if evidence is None else Evidence.from_dict(evidence),
            measure=read.text(item, "measure", where, optional=True),
            responsible=read.text(item, "responsible", where, optional=True),
            due_date=read.day(item, "due_date", where, optional=True),
            priority=read.text(item, "priority", where), level=read.text(item, "level", where),
            status=read.text(item, "status", where),
            created_at=read.stamp(item, "created_at", where),
            updated_at=read.stamp(item, "updated_at", where))
        read.problems += [f"{where}: {p}" for p in structural_problems(finding)]
        findings.append(finding)
        for entry in read.records(item, "history", where):
            history.append(HistoryEntry(
                finding_id=finding.id, at=read.stamp(entry, "at", where) or "",
                who=read.text(entry, "who", where), field=read.text(entry, "field", where),
                old=read.optional_text(entry, "old", where),
                new=read.optional_text(entry, "new", where), id=read.text(entry, "id", where)))
    for kind, records in (("Konferenz", conferences), ("Befund", findings),
                          ("Verlaufseintrag", history)):
        ids = [r.id for r in records]
        for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
            read.problems.append(f"{kind} {duplicate} kommt mehrfach vor.")
    for entry in history:
        if entry.field not in FINDING_LABELS:
            read.problems.append(f"Verlaufseintrag {entry.id}: Angabe „{entry.field}“ "
                                 "unbekannt.")
    return ExportData(conferences, findings, history), read.problems


def load_export(source: str | os.PathLike) -> ExportData:
    """Read and check a JSON export completely; ExportError names the file and the problems."""
    source = Path(source)
    try:
        data = json.loads(source.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError as exc:
        raise ExportError(f"Exportdatei nicht gefunden: {source}. Nichts geändert.") from exc
    except OSError as exc:
        raise ExportError(f"Exportdatei {source} ist nicht lesbar ({exc.strerror}). "
                          "Nichts geändert.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"Exportdatei {source} ist kein lesbares JSON ({exc}). "
                          "Nichts geändert.") from exc
    records, problems = parse_document(data)
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … und {len(problems) - 20} weitere" if len(problems) > 20 else ""
        raise ExportError(f"Exportdatei {source} kann nicht übernommen werden:\n  {shown}"
                          f"{more}\nNichts geändert.")
    return records


def merge_export(register: Register, source: str | os.PathLike) -> MergeResult:
    """Merge another register's JSON export in one transaction; nothing changes on error."""
    return merge_records(register, load_export(source), source)


def merge_records(register: Register, records: ExportData,
                  source: str | os.PathLike) -> MergeResult:
    """Merge records read by ``load_export`` from ``source`` (named in error messages)."""
    try:
        return register.import_records(records.conferences, records.findings, records.history)
    except (RegisterError, sqlite3.Error) as exc:
        raise ExportError(f"Exportdatei {source} kann nicht übernommen werden: {exc} "
                          "Nichts geändert.") from exc
