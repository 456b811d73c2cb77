"""What the minutes say, collected once from the register and the conference packages.

One plain dataclass feeds every format: the notebook renders it to HTML (and so to PDF), the
DOCX writer lays it out for Word, and the leak gate knows from it which text was typed in the
register, which came from an approved package, and which dates the minutes put in themselves.
It serialises to JSON, so the timelines are rendered once even though HTML is made in a kernel.

Reads the register and packages only (DESIGN §2): never the raw caseload.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kimtools import codes

try:  # the register stamps changes in UTC; the minutes speak German local time
    LOCAL_TIME: ZoneInfo | None = ZoneInfo("Europe/Berlin")
except ZoneInfoNotFoundError:  # Windows without the tzdata package: the machine's own zone
    LOCAL_TIME = None
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
# Profile lines the minutes keep: the pseudonym is the heading, the rest is for the dashboard.
PROFILE_KEYS = ("Bezeichnung", "Alter", "Geschlecht", "Herkunft", "Einreise", "Haushalt",
                "Aufenthaltsstatus", "Sprachen", "Kommune", "Träger", "Status", "Dauer",
                "Handlungsfelder")
OBSTACLE_KEYS = ("Handlungsfeld", "Institution", "Kategorie", "Dauer", "Status")
# The legends of a timeline are printed as text; their symbols by Vega shape ("bar": rect).
LEGEND_SYMBOLS = {"bar": "▬", "circle": "●", "square": "■", "triangle-up": "▲",
                  "diamond": "◆", "triangle-down": "▼", "triangle-right": "►", "cross": "✚"}
LEGEND_FALLBACK = "■"
# Attributes of Vega's SVG for screen readers and the dashboard's tooltips. The minutes leave
# them out: the aria labels repeat every event note in hidden text that a reader of the minutes
# never sees (and the leak gate would have to trust), and they double the size WeasyPrint parses.
_SCREEN_ONLY = re.compile(r'\s(?:aria-[a-z]+|role|class|pointer-events)="[^"]*"')
# vl-convert lays the text out in Liberation Sans (Arial's metrics); WeasyPrint's generic
# sans-serif is the wider DejaVu Sans, which pushed the right-aligned lane labels out of the
# picture. Naming the font keeps the measured and the printed text the same.
PRINT_FONT = 'font-family="Liberation Sans, Arial, sans-serif"'
# Vega gives marks an opacity (events 0.9, phase bands 0.18). For a single shape that is the
# same as fill and stroke opacity, but PDF writers turn each opacity into a transparency group:
# hundreds of them made WeasyPrint and every PDF reader (also the gate's) slow.
_SHAPE = re.compile(r"<(path|rect|line|circle|ellipse|polygon|polyline|text)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'\s([\w:-]+)="([^"]*)"')


class MinutesError(Exception):
    """Minutes that cannot be made as asked (unknown conference, unreadable register)."""


def day_text(day: dt.date | None) -> str:
    """A date as the minutes print it, 20.10.2026; the gate allows exactly these dates."""
    return "–" if day is None else f"{day:%d.%m.%Y}"


def long_day_text(day: dt.date) -> str:
    """With the weekday, as in a municipal invitation: Dienstag, 20.10.2026."""
    return f"{WEEKDAYS[day.weekday()]}, {day_text(day)}"


@dataclass
class LegendGroup:
    """One legend of a printed timeline: its title, and (label, colour, shape) per entry."""

    title: str
    entries: list[tuple[str, str, str]] = field(default_factory=list)

    def text(self) -> str:
        return f"{self.title}: " + ", ".join(label for label, _, _ in self.entries)


@dataclass
class CaseSection:
    """One presented case: pseudonym, profile, timeline and obstacles (package), note (register)."""

    case: str
    label: str = ""
    package: str = ""
    profile: list[tuple[str, str]] = field(default_factory=list)
    obstacle_sentence: str = ""
    obstacles: list[list[str]] = field(default_factory=list)  # rows of OBSTACLE_KEYS
    timeline_svg: str = ""
    legend: list[LegendGroup] = field(default_factory=list)
    note: str = ""
    missing: str = ""  # why the package part is absent, in German


@dataclass
class FindingEntry:
    """A finding raised at this conference, with its attributes as the minutes print them."""

    number: str  # "3.1", the heading number in the minutes
    id: str
    title: str
    description: str = ""
    fields: list[str] = field(default_factory=list)  # German labels
    institutions: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    evidence: str = ""
    measure: str = ""
    responsible: str = ""
    due_date: dt.date | None = None
    priority: str = ""
    level: str = ""
    status: str = ""


@dataclass
class StatusChange:
    """A finding of an earlier conference whose status changed since the previous conference."""

    id: str
    title: str
    raised_on: dt.date | None
    old: str
    new: str
    changed_on: dt.date
    level: str = ""
    responsible: str = ""
    due_date: dt.date | None = None


@dataclass
class Minutes:
    conference_id: str
    date: dt.date
    place: str = ""
    municipality: str = ""
    attendees: list[tuple[str, str]] = field(default_factory=list)  # (institution, role)
    agenda: list[str] = field(default_factory=list)
    chair: str = ""
    minute_taker: str = ""
    next_date: dt.date | None = None
    previous_date: dt.date | None = None
    cases: list[CaseSection] = field(default_factory=list)
    findings: list[FindingEntry] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Protokoll der Planungskonferenz vom {day_text(self.date)}"

    def known_dates(self) -> set[dt.date]:
        """Every date the minutes print themselves; no other day-precise date may appear."""
        days = {self.date, self.next_date, self.previous_date}
        days |= {f.due_date for f in self.findings}
        for change in self.changes:
            days |= {change.raised_on, change.changed_on, change.due_date}
        return {d for d in days if d is not None}

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, default=_json_default)

    @classmethod
    def from_json(cls, text: str) -> Minutes:
        data = json.loads(text)
        for case in data["cases"]:
            case["legend"] = [LegendGroup(g["title"], [tuple(e) for e in g["entries"]])
                              for g in case.get("legend", [])]
        data["cases"] = [_build(CaseSection, c) for c in data["cases"]]
        data["findings"] = [_build(FindingEntry, f) for f in data["findings"]]
        data["changes"] = [_build(StatusChange, c) for c in data["changes"]]
        return _build(cls, data)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} ist nicht als JSON darstellbar.")


def _build(kind: type, data: dict):
    """A dataclass from its JSON form: ISO dates back to dates, pairs back to tuples."""
    values = {}
    for item in fields(kind):
        value = data.get(item.name)
        if isinstance(value, str) and "dt.date" in str(item.type):
            value = dt.date.fromisoformat(value)
        elif item.name in ("attendees", "profile"):
            value = [tuple(pair) for pair in value or []]
        if item.name in data:
            values[item.name] = value
    return kind(**values)


# -- collecting from register and packages ------------------------------------------------------

def resolve_package(reference: str, register_path: Path) -> Path | None:
    """The package a presented case came from: absolute, or relative to the register's folder
    (where the coordination office keeps both), or to the working directory."""
    if not reference:
        return None
    path = Path(reference).expanduser()
    candidates = [path] if path.is_absolute() else [register_path.parent / path, Path.cwd() / path]
    return next((c for c in candidates if c.exists()), None)


def _local_day(stamp: str) -> dt.date:
    return dt.datetime.fromisoformat(stamp).astimezone(LOCAL_TIME).date()


def collect_minutes(register_path: str | os.PathLike, conference_id: str) -> Minutes:
    """The minutes of one conference (named by id, date or short id; see findings.lookup):
    register entries plus what its packages show."""
    from kimtools.findings import LEVELS, RegisterError, compute_evidence, open_register
    from kimtools.findings.lookup import ConferenceNotFound, find_conference
    from kimtools.package import PackageError, PackageIntegrityError
    from kimtools.trust import TrustError, load_trusted

    register_path = Path(register_path)
    try:
        with open_register(register_path, read_only=True) as register:
            known = {c.id: c for c in register.conferences()}
            try:
                conference = find_conference(known.values(), conference_id,
                                             f"im Register {register_path}")
            except ConferenceNotFound as exc:
                raise MinutesError(str(exc)) from None
            raised = register.findings(conference_id=conference.id)
            earlier = {c.id: c for c in known.values() if c.date < conference.date}
            others = [f for f in register.findings() if f.conference_id in earlier]
            history = register.history()
    except RegisterError as exc:
        raise MinutesError(str(exc)) from exc

    previous = max((c.date for c in earlier.values()), default=None)
    minutes = Minutes(
        conference_id=conference.id, date=conference.date, place=conference.place,
        municipality=conference.municipality,
        attendees=[(a.institution, a.role) for a in conference.attendees],
        agenda=list(conference.agenda), chair=conference.chair,
        minute_taker=conference.minute_taker, next_date=conference.next_date,
        previous_date=previous)

    packages = {}
    for presented in conference.cases:
        section = CaseSection(case=presented.case, note=presented.note,
                              package=Path(presented.package).name)
        path = resolve_package(presented.package, register_path)
        reason = detail = ""
        if path is None:
            reason = "nicht gefunden"
        else:
            try:
                package = packages.get(path) or load_trusted(path)
                packages[path] = package
                _fill_case(section, package)
            except (PackageIntegrityError, TrustError) as exc:
                raise MinutesError(f"{exc}\nKein Protokoll geschrieben.") from None
            except PackageError as exc:
                reason, detail = "nicht lesbar", f" ({exc})"
            except KeyError:
                reason = "enthält den Fall nicht"
        if reason:
            # the minutes name the package only; the command line says where it looked
            tail = "; Profil, Zeitstrahl und Hürden fehlen."
            section.missing = f"Konferenzpaket „{section.package or 'ohne Angabe'}“ {reason}{tail}"
            minutes.warnings.append(f"Fall {presented.case}: Konferenzpaket "
                                    f"„{presented.package or 'ohne Angabe'}“ {reason}{detail}"
                                    f"{tail}")
        minutes.cases.append(section)

    for number, finding in enumerate(raised, start=1):
        evidence = finding.evidence
        if evidence is None and packages:
            evidence = compute_evidence(packages.values(), finding.cases, finding.fields,
                                        finding.institutions)
        minutes.findings.append(FindingEntry(
            number=f"3.{number}", id=finding.id, title=finding.title,
            description=finding.description,
            fields=[codes.label(codes.FIELDS, f) for f in finding.fields],
            institutions=list(finding.institutions), cases=list(finding.cases),
            evidence=evidence.describe() if evidence is not None else "",
            measure=finding.measure, responsible=finding.responsible,
            due_date=finding.due_date, priority=finding.priority,
            level=LEVELS.get(finding.level, finding.level), status=finding.status))

    minutes.changes = _status_changes(others, history, earlier, previous, conference.date,
                                      LEVELS)
    return minutes


def _fill_case(section: CaseSection, package) -> None:
    from kimtools.presentation import (
        case_obstacle_sentence,
        case_obstacles,
        case_profile,
        print_timeline,
    )

    profile = case_profile(package, section.case)
    section.label = profile["Bezeichnung"]
    section.profile = [(key, profile[key]) for key in PROFILE_KEYS]
    section.obstacle_sentence = case_obstacle_sentence(package, section.case)
    table = case_obstacles(package, section.case)
    section.obstacles = [["" if value is None or str(value) == "<NA>" else str(value)
                          for value in row]
                         for row in table[list(OBSTACLE_KEYS)].astype(object).itertuples(
                             index=False)]
    timeline = print_timeline(package, section.case)
    section.timeline_svg = print_svg(timeline.svg, f"Zeitstrahl von Fall {section.case}")
    section.legend = [LegendGroup(legend.title, [(e.label, e.colour, e.shape)
                                                 for e in legend.entries])
                      for legend in timeline.legends]


def _shape_opacity(match: re.Match) -> str:
    """One shape's ``opacity`` folded into its fill and stroke opacity."""
    attributes = dict(_ATTRIBUTE.findall(match[2]))
    if "opacity" not in attributes:
        return match[0]
    opacity = float(attributes.pop("opacity"))
    if opacity < 1:
        for name in ("fill-opacity", "stroke-opacity"):
            attributes[name] = f"{float(attributes.get(name, 1)) * opacity:.4g}"
    closing = "/" if match[2].rstrip().endswith("/") else ""
    rendered = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return f"<{match[1]}{rendered}{closing}>"


def print_svg(svg: str, description: str) -> str:
    """The timeline SVG as printed: without hidden texts, with one short description."""
    svg = _SCREEN_ONLY.sub("", svg).replace('font-family="sans-serif"', PRINT_FONT)
    svg = _SHAPE.sub(_shape_opacity, svg)
    label = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _status_changes(findings, history, conferences, previous, until, levels) -> list[
        StatusChange]:
    """Status changes after the previous conference, up to this conference's day; the last
    change per finding, from the status before the first of them."""
    by_id = {f.id: f for f in findings}
    changes: dict[str, StatusChange] = {}
    for entry in history:
        if entry.field != "status" or entry.finding_id not in by_id:
            continue
        day = _local_day(entry.at)
        if (previous is not None and day <= previous) or day > until:
            continue
        finding = by_id[entry.finding_id]
        first = changes.get(finding.id)
        changes[finding.id] = StatusChange(
            id=finding.id, title=finding.title,
            raised_on=conferences[finding.conference_id].date,
            old=first.old if first else (entry.old or ""), new=entry.new or "", changed_on=day,
            level=levels.get(finding.level, finding.level), responsible=finding.responsible,
            due_date=finding.due_date)
    return [c for c in changes.values() if c.old != c.new]


def notebook_minutes(register: str, conference: str, content: str = "") -> Minutes | None:
    """What the minutes notebook shows: the content file ``kimtools minutes`` prepared (so the
    timelines are rendered once for all formats), or else collected from the register; None
    when register or conference is not given (the notebook then offers the selection)."""
    if content:
        return Minutes.from_json(Path(content).read_text(encoding="utf-8"))
    if not register or not conference:
        return None
    return collect_minutes(register, conference)
