"""What the register keeps (DESIGN §6): conferences, findings and the history of each finding.

Plain dataclasses, so the dashboard, the minutes and the exports share one vocabulary and can be
tested without a database. Validation returns German messages the coordination office can act
on, all at once instead of one per attempt.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kimtools import codes
from kimtools.durations import span_text

LEVELS: dict[str, str] = {
    "kommunal": "kommunal (Kommune)",
    "Kreis": "Kreis",
    "Lenkungsgruppe": "Lenkungsgruppe",
    "Land": "Land (Ministerium)",
}
STATUSES: dict[str, str] = {
    "neu": "neu",
    "übergeben": "übergeben",
    "in Bearbeitung": "in Bearbeitung",
    "umgesetzt": "umgesetzt",
    "verworfen": "verworfen",
}
PRIORITIES: dict[str, str] = {"hoch": "hoch", "mittel": "mittel", "niedrig": "niedrig"}
# A finding in one of these states is finished: it can no longer be overdue.
CLOSED_STATUSES = ("umgesetzt", "verworfen")

# The shape of a keyed case pseudonym (kimtools.privacy.keys, F- and 8 base32 letters). Checked
# here so that a raw file number typed by mistake never enters a register that will be merged.
CASE_PSEUDONYM = re.compile(r"F-[A-Z2-7]{8}")
TITLE_MAX = 200

# Finding attributes a user may change, with the German names the history shows.
FINDING_LABELS: dict[str, str] = {
    "created": "angelegt",
    "title": "Titel",
    "description": "Beschreibung",
    "fields": "Handlungsfelder",
    "institutions": "Institutionen",
    "cases": "Fälle",
    "evidence": "Belege",
    "measure": "Maßnahme",
    "responsible": "zuständig",
    "due_date": "fällig am",
    "priority": "Priorität",
    "level": "Ebene",
    "status": "Status",
}
EDITABLE = tuple(name for name in FINDING_LABELS if name != "created")


def new_id() -> str:
    """A random UUID4: registers of different municipalities merge without id clashes."""
    return str(uuid.uuid4())


def now_stamp() -> str:
    """UTC time with microseconds; the merge compares these to decide which version is newer."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass
class Attendee:
    """One attending institution and the role it had; names are not needed for the minutes'
    list of participants and stay out of a register that is merged at district level."""

    institution: str
    role: str = ""


@dataclass
class PresentedCase:
    """A case pseudonym shown at the conference, the package it came from and what was said."""

    case: str
    package: str = ""
    note: str = ""


@dataclass
class Conference:
    date: dt.date
    place: str = ""
    municipality: str = ""  # the municipality or the district (Kreis) that held it
    attendees: list[Attendee] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    cases: list[PresentedCase] = field(default_factory=list)
    chair: str = ""
    minute_taker: str = ""
    next_date: dt.date | None = None
    id: str = field(default_factory=new_id)
    created_at: str | None = None
    updated_at: str | None = None


#: What the days of an obstacle measure, per category: "Wartezeit" only where someone waits
#: for an authority; otherwise the time the obstacle has stood (open) or stood until resolved.
DURATION_WORDS: dict[str, str] = {
    "waiting_time": "Wartezeit",
    "responsibility": "Dauer der ungeklärten Zuständigkeit",
    "language_barrier": "Dauer der Sprachbarriere",
    "missing_offer": "Dauer ohne passendes Angebot",
    "documents": "Dauer bis die Dokumente vorlagen",
    "legal": "Dauer der rechtlichen Hürde",
    "cost": "Dauer der Kostenhürde",
    "digital_access": "Dauer ohne digitalen Zugang",
    "discrimination": "Dauer der Diskriminierungshürde",
    "other": "Dauer der Hürde",
}
MIXED_DURATION = "Dauer der Hürden (Kategorien gemischt)"


def duration_label(categories: Iterable[str]) -> str:
    """The label for the days of obstacles of these categories (one wording per category)."""
    found = set(categories)
    if len(found) == 1:
        return DURATION_WORDS.get(found.pop(), DURATION_WORDS["other"])
    return MIXED_DURATION if found else DURATION_WORDS["other"]


@dataclass
class Evidence:
    """What the packages show for a finding; computed (see evidence.py), never typed in."""

    cases: int = 0                  # linked cases found in the packages
    cases_with_obstacles: int = 0   # of those, cases with at least one matching obstacle
    obstacles: int = 0              # matching obstacles
    open_obstacles: int = 0         # of those, not resolved
    median_days: float | None = None
    max_days: int | None = None
    categories: dict[str, int] = field(default_factory=dict)
    missing_cases: list[str] = field(default_factory=list)  # linked, but in no package
    sources: list[str] = field(default_factory=list)        # packages the numbers come from
    resolution: str = "day"  # the coarsest time resolution of the cases: how days are shown

    def to_dict(self) -> dict:
        return {
            "cases": self.cases, "cases_with_obstacles": self.cases_with_obstacles,
            "obstacles": self.obstacles, "open_obstacles": self.open_obstacles,
            "median_days": self.median_days, "max_days": self.max_days,
            "categories": dict(self.categories), "missing_cases": list(self.missing_cases),
            "sources": list(self.sources), "resolution": self.resolution,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Evidence:
        return cls(**{key: data[key] for key in _EVIDENCE_KEYS if key in data})

    @property
    def duration_label(self) -> str:
        return duration_label(self.categories)

    def describe(self) -> str:
        """One German line for tables and minutes."""
        parts = [f"{self.cases} {'Fall' if self.cases == 1 else 'Fälle'}",
                 f"{self.obstacles} {'Hürde' if self.obstacles == 1 else 'Hürden'} "
                 f"({self.open_obstacles} offen)"]
        if self.median_days is not None and self.resolution == "day":
            parts.append(f"{self.duration_label} Median {_number(self.median_days)} Tage, "
                         f"max. {self.max_days} Tage")
        elif self.median_days is not None:
            parts.append(f"{self.duration_label} Median "
                         f"{span_text(self.median_days, self.resolution)}, "
                         f"max. {span_text(self.max_days, self.resolution)}")
        if self.missing_cases:
            parts.append(f"nicht in den Paketen: {', '.join(self.missing_cases)}")
        return "; ".join(parts)


_EVIDENCE_KEYS = tuple(Evidence().to_dict())


@dataclass
class Finding:
    title: str
    conference_id: str
    fields: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    description: str = ""
    evidence: Evidence | None = None
    measure: str = ""
    responsible: str = ""
    due_date: dt.date | None = None
    priority: str = "mittel"
    level: str = "kommunal"
    status: str = "neu"
    id: str = field(default_factory=new_id)
    created_at: str | None = None  # when it was raised, set by the register
    updated_at: str | None = None


class ThemeSource(NamedTuple):
    """What recurring themes read of a finding: the register gives just this, without
    building whole findings (themes.recurring_themes)."""

    conference_id: str
    title: str
    institutions: list[str]
    cases: list[str]
    fields: list[str]
    categories: dict[str, int]


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one attribute; the register only ever appends these."""

    finding_id: str
    at: str
    who: str
    field: str
    old: str | None
    new: str | None
    id: str = field(default_factory=new_id)

    @property
    def label(self) -> str:
        return FINDING_LABELS.get(self.field, self.field)


def _number(value: float) -> str:
    """German decimal comma, no trailing ,0."""
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def structural_problems(finding: Finding) -> list[str]:
    """Every rule that holds regardless of the date: also checked for findings merged in."""
    problems = []
    if not finding.title or not finding.title.strip():
        problems.append("Titel fehlt.")
    elif len(finding.title) > TITLE_MAX:
        problems.append(f"Titel ist länger als {TITLE_MAX} Zeichen; Details gehören in die "
                        "Beschreibung.")
    if not finding.conference_id:
        problems.append("Konferenz fehlt: jeder Befund wird in einer Konferenz festgehalten.")
    if not finding.fields:
        problems.append("Mindestens ein Handlungsfeld angeben.")
    for code in finding.fields:
        if code not in codes.FIELDS:
            problems.append(f"Handlungsfeld „{code}“ unbekannt; erlaubt: "
                            f"{', '.join(codes.FIELDS)}.")
    if len(set(finding.fields)) != len(finding.fields):
        problems.append("Ein Handlungsfeld ist doppelt angegeben.")
    if any(not name.strip() for name in finding.institutions):
        problems.append("Leere Institution angegeben.")
    for case in finding.cases:
        if not CASE_PSEUDONYM.fullmatch(case):
            problems.append(f"„{case}“ ist kein Fall-Pseudonym (erwartet z. B. F-7KQ2M4XA); "
                            "echte Fallnummern gehören nicht ins Register.")
    for value, allowed, name in ((finding.level, LEVELS, "Ebene"),
                                 (finding.status, STATUSES, "Status"),
                                 (finding.priority, PRIORITIES, "Priorität")):
        if value not in allowed:
            problems.append(f"{name} „{value}“ unbekannt; erlaubt: {', '.join(allowed)}.")
    if finding.due_date is not None and not isinstance(finding.due_date, dt.date):
        problems.append(f"Fälligkeitsdatum „{finding.due_date}“ ist kein Datum.")
    return problems


def validate_finding(finding: Finding, today: dt.date,
                     previous: Finding | None = None) -> list[str]:
    """German messages for everything wrong with a finding; empty when it may be saved.

    ``previous`` is the saved version when the finding is edited: a due date that is set or
    changed must not lie in the past, while one that has merely passed stays (it is overdue).
    """
    problems = structural_problems(finding)
    due = finding.due_date
    if (isinstance(due, dt.date) and due < today
            and (previous is None or previous.due_date != due)):
        problems.append(f"Fälligkeitsdatum {due:%d.%m.%Y} liegt in der Vergangenheit.")
    return problems


def validate_conference(conference: Conference) -> list[str]:
    """German messages for a conference that cannot be saved as it is."""
    problems = []
    if not isinstance(conference.date, dt.date):
        problems.append("Datum der Konferenz fehlt.")
    if conference.next_date is not None and (
            not isinstance(conference.next_date, dt.date)
            or (isinstance(conference.date, dt.date) and conference.next_date <= conference.date)):
        problems.append("Der nächste Termin muss ein Datum nach der Konferenz sein.")
    seen = set()
    for presented in conference.cases:
        if not CASE_PSEUDONYM.fullmatch(presented.case):
            problems.append(f"„{presented.case}“ ist kein Fall-Pseudonym (erwartet z. B. "
                            "F-7KQ2M4XA).")
        if presented.case in seen:
            problems.append(f"Fall {presented.case} ist doppelt aufgeführt.")
        seen.add(presented.case)
    if any(not a.institution.strip() for a in conference.attendees):
        problems.append("Teilnehmende ohne Institution.")
    return problems
