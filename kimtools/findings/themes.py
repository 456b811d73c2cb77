"""What the coordination office looks for across conferences: recurring themes, the list for the
next Lenkungsgruppe, and the small helpers of the register notebook (03_koordinierung.ipynb).

Plain functions over findings and conferences, tested without a kernel; the notebook's widgets
(``kimtools.widgets.coordination``) only display their tables.

Decisions:
- A *recurring theme* is an institution and an obstacle category that findings of at least two
  conferences name, with at least two different linked cases (``min_conferences``,
  ``min_cases``). Institutions come from the findings (what the conference addressed),
  categories from their evidence (what the packages show); a finding without evidence
  categories cannot show a category and is not counted. Institutions are compared after folding
  case and spaces ("Ausländerbehörde  kreis Gütersloh" = "Ausländerbehörde Kreis Gütersloh"),
  not by similarity: a district's Ausländerbehörde and a city's are different offices. Findings
  with status ``verworfen`` were judged not structural and are left out.
- The *Lenkungsgruppe list* holds findings of level Lenkungsgruppe or Land that are ``neu`` or
  ``übergeben`` (not yet taken up): the first to discuss, high priority first, then the earliest
  due date, then the oldest conference.
- The register has no comment column in its history; a comment given with a status change is
  kept with the name of who changed it (``who_with_comment``), so it is in the history, the
  exports and a merge like any other entry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from kimtools import codes
from kimtools.findings.model import LEVELS, PRIORITIES, Conference, Finding, HistoryEntry

THEME_COLUMNS = ["Institution", "Kategorie", "Konferenzen", "Kommunen", "Fälle", "Befunde",
                 "Hürden", "Handlungsfelder", "Befunde (Titel)"]
LENKUNGSGRUPPE_LEVELS = ("Lenkungsgruppe", "Land")
LENKUNGSGRUPPE_STATUSES = ("neu", "übergeben")
LENKUNGSGRUPPE_COLUMNS = ["ID", "Titel", "Ebene", "Status", "Priorität", "Handlungsfelder",
                          "Institutionen", "Belege", "Maßnahme", "zuständig", "fällig am",
                          "Konferenz", "Kommune/Kreis"]
HISTORY_COLUMNS = ["Zeitpunkt", "wer (Kommentar)", "Angabe", "alt", "neu"]
COMMENT_MARK = " – Kommentar: "


def german_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%d.%m.%Y}"


def institution_key(name: str) -> str:
    """How institutions are compared: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


def _conferences(conferences: Mapping[str, Conference] | Iterable[Conference]
                 ) -> dict[str, Conference]:
    if isinstance(conferences, Mapping):
        return dict(conferences)
    return {c.id: c for c in conferences}


@dataclass
class _Theme:
    spellings: Counter = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    conferences: set[str] = field(default_factory=set)
    municipalities: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)
    obstacles: int = 0


def recurring_themes(findings: Iterable[Finding],
                     conferences: Mapping[str, Conference] | Iterable[Conference],
                     min_conferences: int = 2, min_cases: int = 2) -> pd.DataFrame:
    """Institution and category that recur across conferences and cases, most spread first.

    One row per (institution, category) with the number of conferences, municipalities,
    distinct linked cases, findings and matching obstacles (from the findings' evidence), the
    Handlungsfelder and the findings' titles. Columns as in ``THEME_COLUMNS``.
    """
    held = _conferences(conferences)
    themes: dict[tuple[str, str], _Theme] = {}
    for finding in findings:
        if finding.status == "verworfen" or finding.evidence is None:
            continue
        categories = {c: n for c, n in finding.evidence.categories.items() if n}
        names = {institution_key(n): n.strip() for n in finding.institutions if n.strip()}
        for key, spelling in names.items():
            for category, count in categories.items():
                theme = themes.setdefault((key, category), _Theme())
                theme.spellings[spelling] += 1
                theme.findings.append(finding)
                theme.conferences.add(finding.conference_id)
                conference = held.get(finding.conference_id)
                if conference is not None and conference.municipality.strip():
                    theme.municipalities.add(conference.municipality.strip())
                theme.cases.update(finding.cases)
                theme.fields.update(finding.fields)
                theme.obstacles += count
    rows = []
    order = list(codes.FIELDS)
    for (_, category), theme in themes.items():
        if len(theme.conferences) < min_conferences or len(theme.cases) < min_cases:
            continue
        fields = sorted(theme.fields, key=lambda f: order.index(f) if f in order else len(order))
        rows.append({
            "Institution": theme.spellings.most_common(1)[0][0],
            "Kategorie": codes.label(codes.OBSTACLE_CATEGORIES, category),
            "Konferenzen": len(theme.conferences),
            "Kommunen": len(theme.municipalities),
            "Fälle": len(theme.cases),
            "Befunde": len(theme.findings),
            "Hürden": theme.obstacles,
            "Handlungsfelder": ", ".join(codes.label(codes.FIELDS, f) for f in fields),
            "Befunde (Titel)": "; ".join(dict.fromkeys(f.title for f in theme.findings)),
        })
    frame = pd.DataFrame(rows, columns=THEME_COLUMNS)
    if frame.empty:
        return frame
    frame = frame.sort_values(["Konferenzen", "Fälle", "Hürden", "Institution", "Kategorie"],
                              ascending=[False, False, False, True, True], kind="stable")
    return frame.reset_index(drop=True)


def lenkungsgruppe_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings for the next Lenkungsgruppe, in the order to discuss them."""
    priority = {name: rank for rank, name in enumerate(PRIORITIES)}
    chosen = [f for f in findings
              if f.level in LENKUNGSGRUPPE_LEVELS and f.status in LENKUNGSGRUPPE_STATUSES]
    return sorted(chosen, key=lambda f: (priority.get(f.priority, len(priority)),
                                         f.due_date or dt.date.max, f.created_at or "", f.id))


def lenkungsgruppe_items(findings: Iterable[Finding],
                         conferences: Mapping[str, Conference] | Iterable[Conference]
                         ) -> pd.DataFrame:
    """The Lenkungsgruppe list as a German table (``LENKUNGSGRUPPE_COLUMNS``)."""
    held = _conferences(conferences)
    rows = []
    for f in lenkungsgruppe_findings(findings):
        conference = held.get(f.conference_id)
        rows.append({
            "ID": f.id[:8], "Titel": f.title, "Ebene": LEVELS.get(f.level, f.level),
            "Status": f.status, "Priorität": f.priority,
            "Handlungsfelder": ", ".join(codes.label(codes.FIELDS, x) for x in f.fields),
            "Institutionen": "; ".join(f.institutions),
            "Belege": f.evidence.describe() if f.evidence is not None else "",
            "Maßnahme": f.measure, "zuständig": f.responsible,
            "fällig am": german_date(f.due_date),
            "Konferenz": german_date(conference.date) if conference else "",
            "Kommune/Kreis": conference.municipality if conference else "",
        })
    return pd.DataFrame(rows, columns=LENKUNGSGRUPPE_COLUMNS)


def filter_institution(frame: pd.DataFrame, text: str | None,
                       column: str = "institutions") -> pd.DataFrame:
    """Rows whose institutions contain ``text`` (case-insensitive; the overview joins them
    with "; "); all rows for an empty text."""
    wanted = institution_key(text or "")
    if not wanted or frame.empty:
        return frame
    keys = frame[column].fillna("").map(institution_key)
    return frame[keys.str.contains(wanted, regex=False)]


def who_with_comment(who: str, comment: str = "") -> str:
    """The history's "who" of a change with a comment: ``Name – Kommentar: …``."""
    who, comment = who.strip(), " ".join(comment.split())
    return f"{who}{COMMENT_MARK}{comment}" if comment else who


def _local(stamp: str) -> str:
    moment = dt.datetime.fromisoformat(stamp).astimezone()
    return f"{moment:%d.%m.%Y %H:%M}"


def history_table(entries: Iterable[HistoryEntry]) -> pd.DataFrame:
    """A finding's history as a German table, newest first; dates as people read them."""
    rows = []
    for e in sorted(entries, key=lambda e: e.at, reverse=True):
        old, new = e.old, e.new
        if e.field == "due_date":
            old, new = (german_date(dt.date.fromisoformat(v)) if v else v for v in (old, new))
        elif e.field == "level":
            old, new = (LEVELS.get(v, v) if v else v for v in (old, new))
        elif e.field == "fields":
            old, new = ("; ".join(codes.label(codes.FIELDS, c) for c in v.split("; "))
                        if v else v for v in (old, new))
        rows.append({"Zeitpunkt": _local(e.at), "wer (Kommentar)": e.who, "Angabe": e.label,
                     "alt": old or "", "neu": new or ""})
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)
