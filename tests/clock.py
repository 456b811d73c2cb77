"""The suite's clock: fixed reference days instead of today, and a clock frozen on demand.

Tests build their data for a fixed reference day and never read the real date (a ruff rule in
pyproject.toml forbids it in tests). Where the product itself reads the clock (a package records
when it was made, the register stamps every change, a kernel checks a caseload against today),
the test puts the clock on its reference day with `on_day`, which also reaches every Python
process started meanwhile (kernels, Voilà, commands) through ``frozen_clock/sitecustomize.py``.

``KIMTOOLS_TEST_TODAY=YYYY-MM-DD`` runs the whole suite with the clock on that day (see
`start_session_clock`); `make test-dates` does so for days spread over two years, so a test
that depends on the date fails here and not some morning in CI.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import time_machine

REFERENCE_DAY = dt.date(2026, 11, 1)
TODAY_ENV = "KIMTOOLS_TEST_TODAY"
SITECUSTOMIZE = Path(__file__).resolve().parent / "frozen_clock"


def morning(day: dt.date) -> dt.datetime:
    """09:00 UTC: the same calendar day in every time zone from UTC−9 to UTC+14."""
    return dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)


def _put_sitecustomize_on_path() -> None:
    parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(SITECUSTOMIZE) not in parts:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(SITECUSTOMIZE), *parts])


def session_day() -> dt.date | None:
    """The day the whole run is frozen at, or None for the real clock."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"{TODAY_ENV}={value!r} ist kein Datum (JJJJ-MM-TT).") from None


def start_session_clock() -> time_machine.travel | None:
    """Called once at start-up: subprocesses learn of the frozen clock; the run's own clock
    starts on `session_day()` if one is set."""
    _put_sitecustomize_on_path()
    day = session_day()
    if day is None:
        return None
    travel = time_machine.travel(morning(day), tick=True)
    travel.start()
    return travel


@contextmanager
def on_day(day: dt.date) -> Iterator[None]:
    """The clock of this process and of every Python process started meanwhile stands on
    `day` and runs on from 09:00 UTC."""
    _put_sitecustomize_on_path()
    before = os.environ.get(TODAY_ENV)
    os.environ[TODAY_ENV] = day.isoformat()
    try:
        with time_machine.travel(morning(day), tick=True):
            yield
    finally:
        if before is None:
            os.environ.pop(TODAY_ENV, None)
        else:
            os.environ[TODAY_ENV] = before
