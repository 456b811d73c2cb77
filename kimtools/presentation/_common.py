"""Small helpers shared by the presentation modules: one case's rows, missing values, wording.

Everything here reads a `ConferencePackage` only; the presentation never sees the raw caseload.
"""

from __future__ import annotations

import html

import pandas as pd

from kimtools import codes
from kimtools.package import ConferencePackage

# Shown where the pseudonymisation suppressed a value ("*") or the package has none.
SUPPRESSED = "*"
NOT_SHOWN = "keine Angabe"
DAYS_PER_MONTH = 365.25 / 12


def case_row(package: ConferencePackage, case: str) -> pd.Series:
    """The case's row of `cases`; an unknown pseudonym is an error the dashboard can show."""
    rows = package.cases[package.cases["case"] == case]
    if rows.empty:
        raise KeyError(f"Fall {case} ist nicht im Konferenzpaket.")
    return rows.iloc[0]


#: Time resolution → how the unit is named when durations are shown at it.
RESOLUTION_WORDS = {"week": "Wochen", "month": "Monate", "quarter": "Quartale",
                    "phase": "nur Phasen"}


def time_resolution(package: ConferencePackage, case: str) -> str:
    """The case's time resolution from the manifest; "day" for packages made before it."""
    for entry in package.manifest.get("cases") or []:
        if isinstance(entry, dict) and entry.get("case") == case:
            value = entry.get("time_resolution")
            return value if value in RESOLUTION_WORDS else "day"
    return "day"


def of_case(frame: pd.DataFrame, case: str) -> pd.DataFrame:
    """Rows of one case, in package order, with a fresh index."""
    return frame[frame["case"] == case].reset_index(drop=True)


def text(value: object) -> str:
    """A cell as plain text: missing values become the empty string, never "<NA>"."""
    if value is None or value is pd.NA:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def day(value: object) -> int | None:
    """A day cell as a Python int (JSON-safe) or None."""
    return None if text(value) == "" else int(value)


def shorten(value: object, limit: int) -> str:
    """Free text cut at a word boundary for a tooltip: the conference reads, not studies."""
    words = " ".join(text(value).split())
    if len(words) <= limit:
        return words
    cut = words[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return f"{cut}…"


def plural(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count == 1 else plural_form}"


def days_text(days: int) -> str:
    """'1 Tag' / '412 Tage'."""
    return plural(days, "Tag", "Tage")


def duration_text(days: int) -> str:
    """A span in the words people use in a meeting: '3 Wochen', '8 Monate', '1 Jahr 2 Monate'."""
    if days < 0:
        return days_text(days)
    if days < 14:
        return days_text(days)
    if days < 61:
        return plural(round(days / 7), "Woche", "Wochen")
    months = round(days / DAYS_PER_MONTH)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(plural(years, "Jahr", "Jahre"))
    if months:
        parts.append(plural(months, "Monat", "Monate"))
    return " ".join(parts)


def label(vocabulary: dict[str, str], value: object) -> str:
    """German label of a code cell; a missing cell is '–' (never '<NA>')."""
    return codes.label(vocabulary, text(value) or None)


def int_column(values: object) -> pd.Series:
    """Day columns as nullable integers, whatever the frame was built with."""
    return pd.Series(values).astype("Float64").round().astype("Int64")


def table_html(frame: pd.DataFrame, empty: str) -> str:
    """A DataFrame as an escaped HTML table with German empty text; missing values as '–'."""
    if frame.empty:
        return f"<p>{html.escape(empty)}</p>"
    shown = frame.astype("object").where(frame.notna(), "–")
    return shown.to_html(index=False, escape=True, classes="kim-table", border=0)
