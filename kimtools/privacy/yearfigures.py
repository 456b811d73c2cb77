"""A provider's year in figures, from the raw caseload: the part of the annual report that
stays on the case manager's side until it is suppressed.

Only suppressed tables (kimtools.suppression) leave this module; the report writer downstream
never sees the caseload. Years are calendar years; a case counts as accompanied when it was
open on any day of the year, an event or obstacle when its date falls in (or, for obstacles,
its time open overlaps) the year.
"""

from __future__ import annotations

import pandas as pd

from kimtools import codes
from kimtools.caseload import Caseload
from kimtools.suppression import NOTE, Table, count_table, show_count, show_median

UNKNOWN = "(ohne Angabe)"
# Institutions with fewer obstacles in the year are pooled: a row of "< 3" cells says nothing,
# and a named school or Kita with one obstacle comes close to naming a family.
POOL_BELOW = 5
POOLED = f"weitere Institutionen (je unter {POOL_BELOW} Hürden)"


def _window(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


def consultations(caseload: Caseload, year: int) -> Table:
    """Contacts of the year by kind (Beratung, Telefonat, Begleitung, Antrag …)."""
    start, end = _window(year)
    events = caseload.events[caseload.events["date"].between(start, end)]
    counts = events["kind"].astype(str).value_counts()
    kinds = [k for k in codes.EVENT_KINDS if counts.get(k, 0)]
    return count_table("Beratungen und weitere Kontakte nach Art", "Art",
                       [codes.EVENT_KINDS[k] for k in kinds], ["Kontakte"],
                       [[int(counts[k])] for k in kinds])


def clients(caseload: Caseload, year: int) -> Table:
    """Clients accompanied (one client per case): carried over or new, closed or still open."""
    start, end = _window(year)
    cases = caseload.cases
    accompanied = cases[(cases["opened_on"] <= end)
                        & (cases["closed_on"].isna() | (cases["closed_on"] >= start))]
    new = accompanied["opened_on"] >= start
    closed = accompanied["closed_on"].notna() & (accompanied["closed_on"] <= end)
    grid = [[int((~new & closed).sum()), int((~new & ~closed).sum())],
            [int((new & closed).sum()), int((new & ~closed).sum())]]
    return count_table("Begleitete Klient:innen", "Aufnahme",
                       ["aus dem Vorjahr übernommen", f"{year} neu aufgenommen"],
                       [f"{year} abgeschlossen", "am Jahresende weiter begleitet"], grid)


def main_topics(caseload: Caseload, year: int) -> Table:
    """Handlungsfelder by clients with a contact in the field, most first: the main topics.

    A client counts in every field worked on, so the column has no total."""
    start, end = _window(year)
    events = caseload.events[caseload.events["date"].between(start, end)]
    events = events[events["field"].notna()]
    per_field = events.groupby(events["field"].astype(str))["case_id"].nunique()
    order = sorted(per_field.index, key=lambda f: (-per_field[f], list(codes.FIELDS).index(f)
                                                   if f in codes.FIELDS else 99))
    rows = [[codes.label(codes.FIELDS, f), show_count(int(per_field[f]))] for f in order]
    chart = [(codes.label(codes.FIELDS, f), int(per_field[f])) for f in order
             if int(per_field[f]) >= 3]
    return Table("Hauptthemen: Handlungsfelder", ["Handlungsfeld", "Klient:innen"],
                 rows, "Eine Klientin, ein Klient zählt in jedem bearbeiteten Handlungsfeld; "
                 "daher keine Summe (und keine Kontaktzahlen, deren Summe oben steht).", chart)


def _year_obstacles(caseload: Caseload, year: int) -> pd.DataFrame:
    start, end = _window(year)
    obstacles = caseload.obstacles
    obstacles = obstacles[obstacles["since"].notna() & (obstacles["since"] <= end)
                          & (obstacles["resolved_on"].isna()
                             | (obstacles["resolved_on"] >= start))].copy()
    obstacles["institution"] = obstacles["institution"].fillna(UNKNOWN).astype(str)
    obstacles["category"] = obstacles["category"].astype(str)
    until = obstacles["resolved_on"].where(obstacles["resolved_on"] <= end, end)
    obstacles["days"] = (until - obstacles["since"]).dt.days
    sizes = obstacles["institution"].value_counts()
    small = obstacles["institution"].map(sizes) < POOL_BELOW
    obstacles.loc[small & (obstacles["institution"] != UNKNOWN), "institution"] = POOLED
    return obstacles


def obstacles(caseload: Caseload, year: int) -> Table:
    """Obstacles open during the year, institution by category."""
    frame = _year_obstacles(caseload, year)
    table = pd.crosstab(frame["institution"], frame["category"])
    categories = [c for c in codes.OBSTACLE_CATEGORIES if c in table.columns]
    institutions = sorted(table.index, key=lambda i: (i in (POOLED, UNKNOWN), i == UNKNOWN,
                                                     -table.loc[i].sum(), i))
    return count_table("Hürden nach Institution und Kategorie", "Institution", institutions,
                       [codes.OBSTACLE_CATEGORIES[c] for c in categories],
                       [[int(table.loc[i, c]) for c in categories] for i in institutions],
                       note="Hürden, die im Jahr bestanden (auch vorher entstandene).")


def waiting_times(caseload: Caseload, year: int, obstacle_table: Table) -> Table:
    """Median days open of the waiting-time obstacles per institution; the count cells are
    those of the obstacle table, so no second table undoes its suppression."""
    frame = _year_obstacles(caseload, year)
    frame = frame[frame["category"] == "waiting_time"]
    column = obstacle_table.header.index(codes.OBSTACLE_CATEGORIES["waiting_time"]) \
        if codes.OBSTACLE_CATEGORIES["waiting_time"] in obstacle_table.header else None
    shown = {row[0]: row[column] for row in obstacle_table.rows} if column else {}
    days = frame.groupby("institution")["days"].apply(list)
    order = sorted(days.index, key=lambda i: (i in (POOLED, UNKNOWN), i == UNKNOWN,
                                              -len(days[i]), i))
    rows = [[i, shown.get(i, show_count(len(days[i]))), show_median(days[i])] for i in order]
    return Table("Wartezeiten nach Institution", ["Institution", "Hürden „Wartezeit“",
                                                 "Median Tage offen"], rows,
                 "Tage vom Entstehen bis zur Lösung, bei offenen bis zum Jahresende; "
                 "Median erst ab drei Hürden.")


class ReportLeak(Exception):
    """A table cell holds an identifier of the caseload; the German lines say where."""

    def __init__(self, leaks: list[str]):
        super().__init__(f"Der Jahresbericht enthielte {len(leaks)} Kennung(en) aus dem "
                         "Fallbestand (Prüfung auf Kennungen); bitte die Institution im "
                         "Fallbestand allgemein benennen.")
        self.leaks = leaks


def caseload_tables(caseload: Caseload, year: int) -> list[Table]:
    """The provider's tables of the annual report, all suppressed and through the leak gate:
    institution names are free text of the caseload and could hold a person's name."""
    from kimtools.privacy.leakgate import LeakGate
    from kimtools.privacy.lexicon import NameLexicon

    obstacle_table = obstacles(caseload, year)
    tables = [consultations(caseload, year), clients(caseload, year),
              main_topics(caseload, year), obstacle_table,
              waiting_times(caseload, year, obstacle_table)]
    gate = LeakGate(caseload, NameLexicon.default().stop_words)
    leaks = [f"{table.title}, Zeile „{row[0]}“: {leak.kind}"
             for table in tables for row in table.rows
             for leak in gate.scan_text(" | ".join(row))]
    if leaks:
        raise ReportLeak(leaks)
    return tables


__all__ = ["NOTE", "ReportLeak", "caseload_tables"]
