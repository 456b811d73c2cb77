"""The coordination office's main view of the register: one row per finding.

One SQL query does the filtering and the overdue flag, so the notebook stays responsive with
tens of thousands of findings; pandas only turns dates and field codes into what people read.
``overview_query`` is public so that the benchmark can time the same SQL without pandas.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kimtools import codes
from kimtools.findings.model import CLOSED_STATUSES
from kimtools.findings.register import Register

if TYPE_CHECKING:  # pandas loads with the first overview, not with the register
    import pandas as pd

COLUMNS = ("id", "title", "conference_id", "conference_date", "municipality", "field_codes",
           "institutions", "cases", "status", "level", "priority", "due_date", "overdue",
           "responsible", "updated_at")
# German column headers for tables shown to people.
LABELS: dict[str, str] = {
    "id": "ID", "title": "Titel", "conference_id": "Konferenz-ID",
    "conference_date": "Konferenz", "municipality": "Kommune/Kreis",
    "fields": "Handlungsfelder", "field_codes": "Handlungsfeld-Codes",
    "institutions": "Institutionen", "cases": "Fälle", "status": "Status", "level": "Ebene",
    "priority": "Priorität", "due_date": "fällig am", "overdue": "überfällig",
    "responsible": "zuständig", "updated_at": "geändert",
}


@dataclass
class Filters:
    """What the overview may be narrowed to; empty means no restriction."""

    status: Sequence[str] = ()
    level: Sequence[str] = ()
    fields: Sequence[str] = ()        # findings with at least one of these Handlungsfelder
    municipality: str | None = None
    year: int | None = None           # year of the conference where it was raised
    conference_id: str | None = None
    overdue_only: bool = False
    text: str | None = None           # in title, description or measure, case-insensitive


def overview_query(filters: Filters | None = None,
                   today: dt.date | None = None) -> tuple[str, dict]:
    """SQL and parameters of the overview; columns as in ``COLUMNS``."""
    filters = filters or Filters()
    params: dict[str, object] = {"today": (today or dt.date.today()).isoformat()}
    closed = ", ".join(f"'{s}'" for s in CLOSED_STATUSES)
    overdue = (f"(f.due_date IS NOT NULL AND f.due_date < :today "
               f"AND f.status NOT IN ({closed}))")
    where = []

    def listed(column: str, name: str, values: Sequence[str]) -> str:
        names = [f":{name}{i}" for i in range(len(values))]
        params.update({n[1:]: v for n, v in zip(names, values, strict=True)})
        return f"{column} IN ({', '.join(names)})"

    if filters.status:
        where.append(listed("f.status", "status", filters.status))
    if filters.level:
        where.append(listed("f.level", "level", filters.level))
    if filters.fields:
        where.append("EXISTS (SELECT 1 FROM json_each(f.fields) WHERE "
                     + listed("value", "field", filters.fields) + ")")
    if filters.municipality:
        where.append("c.municipality = :municipality")
        params["municipality"] = filters.municipality
    if filters.year is not None:
        where.append("c.date BETWEEN :year_start AND :year_end")
        params.update(year_start=f"{filters.year:04d}-01-01", year_end=f"{filters.year:04d}-12-31")
    if filters.conference_id:
        where.append("f.conference_id = :conference_id")
        params["conference_id"] = filters.conference_id
    if filters.overdue_only:
        where.append(overdue)
    if filters.text:
        where.append("(instr(lower(f.title), :text) OR instr(lower(f.description), :text) "
                     "OR instr(lower(f.measure), :text))")
        params["text"] = filters.text.lower()
    sql = f"""
        SELECT f.id, f.title, f.conference_id, c.date, c.municipality, f.fields,
            f.institutions, json_array_length(f.cases), f.status, f.level, f.priority,
            f.due_date, {overdue}, f.responsible, f.updated_at
        FROM findings f JOIN conferences c ON c.id = f.conference_id
        {'WHERE ' + ' AND '.join(where) if where else ''}
        ORDER BY c.date DESC, f.created_at DESC, f.id"""
    return sql, params


def _translate(column: pd.Series, convert: Callable[[str], str]) -> pd.Series:
    """Convert each distinct stored value once: few combinations, many rows."""
    unique = column.unique()
    return column.map(dict(zip(unique, map(convert, unique), strict=True)))


def overview(register: Register, filters: Filters | None = None,
             today: dt.date | None = None) -> pd.DataFrame:
    """All findings matching ``filters`` with conference date, municipality, Handlungsfelder
    (German), institutions, status, level and whether they are overdue.

    ``field_codes`` holds the codes joined with ";" (as in packages), ``fields`` their German
    labels joined with "; ", in the order recorded (the first is the main field).
    """
    import pandas as pd

    sql, params = overview_query(filters, today)
    rows = register.query(sql, params)
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    frame["conference_date"] = pd.to_datetime(frame["conference_date"], format="%Y-%m-%d")
    frame["due_date"] = pd.to_datetime(frame["due_date"], format="%Y-%m-%d")
    frame["overdue"] = frame["overdue"].astype(bool)
    frame["cases"] = frame["cases"].astype("int64")
    stored_fields = frame["field_codes"]
    frame["field_codes"] = _translate(stored_fields, lambda s: ";".join(json.loads(s)))
    frame.insert(5, "fields", _translate(stored_fields, lambda s: "; ".join(
        codes.label(codes.FIELDS, code) for code in json.loads(s))))
    frame["institutions"] = _translate(frame["institutions"],
                                       lambda s: "; ".join(json.loads(s)))
    return frame


def render_table(frame: pd.DataFrame, width: int = 48) -> str:
    """A German plain-text table of an overview for the terminal."""
    import pandas as pd

    if frame.empty:
        return "Keine Befunde."
    shown = pd.DataFrame({
        "ID": frame["id"].str[:8],
        "Titel": frame["title"].map(lambda t: t if len(t) <= width else t[:width - 1] + "…"),
        "Konferenz": frame["conference_date"].dt.strftime("%d.%m.%Y"),
        "Kommune/Kreis": frame["municipality"],
        "Handlungsfelder": frame["fields"],
        "Ebene": frame["level"],
        "Status": frame["status"],
        "fällig am": frame["due_date"].dt.strftime("%d.%m.%Y").fillna(""),
        "überfällig": frame["overdue"].map({True: "ja", False: ""}),
    })
    return shown.to_string(index=False)
