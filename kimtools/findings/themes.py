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

import pandas as pd

from kimtools import codes
from kimtools.bulk import collector_paused
from kimtools.findings.model import (
    LEVELS,
    PRIORITIES,
    Conference,
    Finding,
    HistoryEntry,
    ThemeSource,
)

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


def theme_sources(findings: Iterable[Finding]) -> list[ThemeSource]:
    """What recurring themes read of findings (``Register.theme_sources`` reads the same
    straight from the register)."""
    return [ThemeSource(f.conference_id, f.title, f.institutions, f.cases, f.fields,
                        f.evidence.categories)
            for f in findings if f.status != "verworfen" and f.evidence is not None]


def recurring_themes(findings: Iterable[Finding] | Iterable[ThemeSource],
                     conferences: Mapping[str, Conference] | Iterable[Conference],
                     min_conferences: int = 2, min_cases: int = 2) -> pd.DataFrame:
    """Institution and category that recur across conferences and cases, most spread first.

    ``findings`` are findings or their ``ThemeSource``s in the order raised. One row per
    (institution, category) with the number of conferences, municipalities, distinct linked
    cases, findings and matching obstacles (from the findings' evidence), the Handlungsfelder
    and the findings' titles. Columns as in ``THEME_COLUMNS``.
    """
    with collector_paused():
        return _recurring_themes(_conferences(conferences), _sources(findings),
                                 min_conferences, min_cases)


def _recurring_themes(held: dict[str, Conference], sources: list[ThemeSource],
                      min_conferences: int, min_cases: int) -> pd.DataFrame:
    # per (institution key, category): the sources naming it and their matching obstacles;
    # the sets are built afterwards, once per theme, not once per finding and theme
    mentions: dict[tuple[str, str], list[tuple[ThemeSource, str, int]]] = {}
    for source in sources:
        categories = [(c, n) for c, n in source.categories.items() if n]
        if not categories:
            continue
        names = {institution_key(n): n.strip() for n in source.institutions if n.strip()}
        for key, spelling in names.items():
            for category, count in categories:
                mentions.setdefault((key, category), []).append((source, spelling, count))
    places = {i: c.municipality.strip() for i, c in held.items() if c.municipality.strip()}
    rows = []
    order = {code: rank for rank, code in enumerate(codes.FIELDS)}
    for (_, category), found in mentions.items():
        raised_at = {source.conference_id for source, _, _ in found}
        if len(raised_at) < min_conferences:
            continue
        cases = {case for source, _, _ in found for case in source.cases}
        if len(cases) < min_cases:
            continue
        fields = sorted({f for source, _, _ in found for f in source.fields},
                        key=lambda f: order.get(f, len(order)))
        rows.append({
            "Institution": Counter(spelling for _, spelling, _ in found).most_common(1)[0][0],
            "Kategorie": codes.label(codes.OBSTACLE_CATEGORIES, category),
            "Konferenzen": len(raised_at),
            "Kommunen": len({places[c] for c in raised_at if c in places}),
            "Fälle": len(cases),
            "Befunde": len(found),
            "Hürden": sum(count for _, _, count in found),
            "Handlungsfelder": ", ".join(codes.label(codes.FIELDS, f) for f in fields),
            "Befunde (Titel)": "; ".join(dict.fromkeys(source.title for source, _, _ in found)),
        })
    frame = pd.DataFrame(rows, columns=THEME_COLUMNS)
    if frame.empty:
        return frame
    frame = frame.sort_values(["Konferenzen", "Fälle", "Hürden", "Institution", "Kategorie"],
                              ascending=[False, False, False, True, True], kind="stable")
    return frame.reset_index(drop=True)


def _sources(findings: Iterable[Finding] | Iterable[ThemeSource]) -> list[ThemeSource]:
    items = list(findings)
    if all(isinstance(item, ThemeSource) for item in items):
        return items
    return theme_sources(items)


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
