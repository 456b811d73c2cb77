"""Obstacles and goals as German tables and sentences for the conference.

The conference looks for what recurs across cases (DESIGN §1), so besides one case's obstacles
there is a table over all cases of the package, grouped by institution and category. Plain
functions on DataFrames: tested without a kernel, shown by the dashboard as they are.
"""

from __future__ import annotations

import pandas as pd

from kimtools import codes
from kimtools.durations import UNIT_DAYS, coarsest, point_text, span_text
from kimtools.package import ConferencePackage
from kimtools.presentation._common import (
    case_row,
    day,
    int_column,
    label,
    of_case,
    plural,
    text,
    time_resolution,
)

OPEN = "offen"
RESOLVED = "gelöst"
NO_INSTITUTION = "ohne Institution"

# Durations and points in time as text at the case's time resolution ("14 Monate", "Monat 3"):
# a day number would claim a precision the package does not have.
OBSTACLE_COLUMNS = ["Handlungsfeld", "Institution", "Kategorie", "Dauer", "Status", "seit"]
RECURRING_COLUMNS = ["Institution", "Kategorie", "Fälle", "Hürden", "davon offen",
                     "Median Dauer", "längste Dauer", "Handlungsfelder"]
GOAL_COLUMNS = ["Handlungsfeld", "Ziel", "vereinbart", "fällig", "Status"]


def obstacle_days(obstacles: pd.DataFrame, days_open: pd.Series | int | None) -> pd.DataFrame:
    """Each obstacle with its end day (resolution or the package's "today") and its duration.

    `days_open` is one value for a case or a Series aligned with `obstacles`. Open obstacles
    count up to `days_open`, so a closed case's unresolved obstacle ends at the case's end.
    """
    frame = obstacles.copy()
    frame["since_day"] = int_column(frame["since_day"])
    frame["resolved_day"] = int_column(frame["resolved_day"])
    today = (days_open if isinstance(days_open, pd.Series)
             else pd.Series(days_open, index=frame.index, dtype="object"))
    frame["open"] = frame["resolved_day"].isna()
    frame["end_day"] = frame["resolved_day"].fillna(int_column(today))
    frame["days"] = frame["end_day"] - frame["since_day"]
    return frame


def _institution(value: object) -> str:
    return text(value) or NO_INSTITUTION


def _sorted_obstacles(package: ConferencePackage, case: str) -> pd.DataFrame:
    """One case's obstacles with their days, open ones first and the longest first."""
    days_open = day(case_row(package, case)["days_open"])
    frame = obstacle_days(of_case(package.obstacles, case), days_open)
    return frame.sort_values(["open", "days", "since_day"], ascending=[False, False, True],
                             na_position="last", kind="stable").reset_index(drop=True)


def case_obstacles(package: ConferencePackage, case: str) -> pd.DataFrame:
    """One case's obstacles, open ones first and the longest first: what still blocks."""
    frame = _sorted_obstacles(package, case)
    resolution = time_resolution(package, case)
    return pd.DataFrame({
        "Handlungsfeld": _strings(label(codes.FIELDS, f) for f in frame["field"]),
        "Institution": _strings(_institution(i) for i in frame["institution"]),
        "Kategorie": _strings(label(codes.OBSTACLE_CATEGORIES, c) for c in frame["category"]),
        "Dauer": _strings(span_text(d, resolution) for d in frame["days"]),
        "Status": _strings(OPEN if is_open else RESOLVED for is_open in frame["open"]),
        "seit": _strings(point_text(d, resolution) for d in frame["since_day"]),
    }, columns=OBSTACLE_COLUMNS)


def _strings(values) -> pd.Series:
    return pd.Series(list(values), dtype="string")


def case_obstacle_sentence(package: ConferencePackage, case: str) -> str:
    """One line for the case header, e.g. '3 Hürden, davon 2 offen; längste: …, 14 Monate',
    the duration at the case's time resolution."""
    table = case_obstacles(package, case)
    if table.empty:
        return "keine Hürden erfasst"
    count = len(table)
    open_count = int((table["Status"] == OPEN).sum())
    sentence = (f"{plural(count, 'Hürde', 'Hürden')}, davon "
                f"{open_count if open_count else 'keine'} offen")
    if time_resolution(package, case) not in UNIT_DAYS:
        # "phases only": no duration, but where it is still stuck ("Ausländerbehörde:
        # Wartezeit, offen")
        stuck = table[table["Status"] == OPEN]
        named = dict.fromkeys(f"{i if i != NO_INSTITUTION else f}: {c}, offen" for i, f, c in
                              zip(stuck["Institution"], stuck["Handlungsfeld"],
                                  stuck["Kategorie"], strict=True))
        return f"{sentence}; {'; '.join(named)}" if named else sentence
    days = _sorted_obstacles(package, case)["days"]
    if days.isna().all():
        return sentence
    longest = table.loc[int(days.astype("Float64").idxmax())]
    where = (longest["Institution"] if longest["Institution"] != NO_INSTITUTION
             else longest["Handlungsfeld"])
    lead = "längste: " if count > 1 else ""
    still = " (offen)" if longest["Status"] == OPEN and 0 < open_count < count else ""
    return (f"{sentence}; {lead}{where}, {longest['Kategorie']}, "
            f"{longest['Dauer']}{still}")


def recurring_obstacles(package: ConferencePackage) -> pd.DataFrame:
    """Obstacles of all cases grouped by institution and category, most cases first.

    The conference does not solve single cases: an institution and category that several cases
    share is a candidate for a structural finding.
    """
    days_open = package.cases.set_index("case")["days_open"]
    obstacles = package.obstacles
    frame = obstacle_days(obstacles, obstacles["case"].map(days_open))
    resolutions = {case: time_resolution(package, case) for case in package.cases["case"]}
    # across cases: at the coarsest resolution any of them shows numbers at; a case at
    # "phases only" adds no duration
    common = coarsest(resolutions.values())
    frame.loc[frame["case"].map(resolutions).eq("phase").to_numpy(), "days"] = pd.NA
    frame["Institution"] = [_institution(i) for i in frame["institution"]]
    frame["Kategorie"] = [label(codes.OBSTACLE_CATEGORIES, c) for c in frame["category"]]
    if frame.empty:
        return pd.DataFrame({column: pd.Series(dtype="string" if column in (
            "Institution", "Kategorie", "Handlungsfelder", "Median Dauer", "längste Dauer")
            else "Int64")
            for column in RECURRING_COLUMNS})
    grouped = frame.groupby(["Institution", "Kategorie"], sort=False)
    table = grouped.agg(**{
        "Fälle": ("case", "nunique"),
        "Hürden": ("case", "size"),
        "davon offen": ("open", "sum"),
        "Median Dauer": ("days", "median"),
        "längste Dauer": ("days", "max"),
        "Handlungsfelder": ("field", _fields_text),
    }).reset_index()
    for column in ("Fälle", "Hürden", "davon offen"):
        table[column] = table[column].astype("Int64")
    table = table.sort_values(["Fälle", "Hürden", "davon offen", "längste Dauer"],
                              ascending=False, kind="stable", na_position="last")
    for column in ("Median Dauer", "längste Dauer"):
        table[column] = [span_text(None if pd.isna(d) else round(d), common)
                         for d in table[column]]
    for column in ("Institution", "Kategorie", "Handlungsfelder", "Median Dauer",
                   "längste Dauer"):
        table[column] = table[column].astype("string")
    return table[RECURRING_COLUMNS].reset_index(drop=True)


def _fields_text(fields: pd.Series) -> str:
    order = list(codes.FIELDS)
    present = sorted({text(f) for f in fields} - {""},
                     key=lambda f: (order.index(f) if f in order else len(order), f))
    return ", ".join(label(codes.FIELDS, f) for f in present)


def goals_table(package: ConferencePackage, case: str) -> pd.DataFrame:
    """The goals of the case's Integrationsvereinbarung, in the order they were agreed."""
    case_row(package, case)
    goals = of_case(package.goals, case)
    resolution = time_resolution(package, case)
    return pd.DataFrame({
        "Handlungsfeld": _strings(label(codes.FIELDS, f) for f in goals["field"]),
        "Ziel": _strings(text(d) for d in goals["description"]),
        "vereinbart": _strings(point_text(d, resolution) for d in goals["agreed_day"]),
        "fällig": _strings(point_text(d, resolution) for d in goals["due_day"]),
        "Status": _strings(label(codes.GOAL_STATUS, s) for s in goals["status"]),
    }, columns=GOAL_COLUMNS)
