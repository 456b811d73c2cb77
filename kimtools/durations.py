"""Durations and points in time as a package shows them: at the case's time resolution.

A package stores every day since first contact at the start of its unit (weeks, months,
quarters) or not at all ("phases only"); a day number would claim a precision the package does
not have, so everything a user reads goes through these two functions. "day" is the resolution
of packages made before time resolutions existed.
"""

from __future__ import annotations

DAYS_PER_MONTH = 365.25 / 12
#: Days per unit of each time resolution; "phase" has no unit: no numbers at all.
UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH, "quarter": 3 * DAYS_PER_MONTH}
_UNIT_NAMES = {"day": ("Tag", "Tage"), "week": ("Woche", "Wochen"),
               "month": ("Monat", "Monate"), "quarter": ("Quartal", "Quartale")}
NO_TIME = "ohne Zeitangabe"


def _whole(value: object) -> int | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else round(number)


def _count(number: int, resolution: str) -> str:
    singular, plural = _UNIT_NAMES[resolution]
    return f"{number} {singular if number == 1 else plural}"


def span_text(days: object, resolution: str) -> str:
    """A duration at the resolution ("14 Monate"); "phases only" shows none, a missing
    duration is the empty string."""
    if resolution not in UNIT_DAYS:
        return NO_TIME
    whole = _whole(days)
    if whole is None:
        return ""
    return _count(round(whole / UNIT_DAYS[resolution]), resolution)


def point_text(days: object, resolution: str) -> str:
    """A point since first contact: "Monat 14" (the 14th month since first contact; "Tag 412"
    in older packages), before first contact "3 Monate davor"."""
    if resolution not in UNIT_DAYS:
        return NO_TIME
    whole = _whole(days)
    if whole is None:
        return ""
    if resolution == "day":
        return f"Tag {whole}" if whole >= 0 else f"{_count(-whole, 'day')} davor"
    number = round(whole / UNIT_DAYS[resolution])
    if number < 0:
        return f"{_count(-number, resolution)} davor"
    return f"{_UNIT_NAMES[resolution][0]} {number + 1}"


def coarsest(resolutions: object) -> str:
    """The coarsest resolution that still shows numbers, for figures across cases; "phase"
    when none does."""
    present = set(resolutions)  # type: ignore[call-overload]
    return next((r for r in ("quarter", "month", "week", "day") if r in present), "phase")
