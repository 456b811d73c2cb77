"""Stage 1 of the data flow: the raw caseload, which stays with the case manager.

Only the privacy stage may import this package; everything downstream of the conference
package reads packages (a test enforces it).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from kimtools.caseload.model import Caseload
from kimtools.caseload.problems import ERROR, WARNING, CaseloadError, Problem
from kimtools.caseload.reader import read_raw
from kimtools.caseload.schema import TABLES
from kimtools.caseload.validation import check_tables, type_table
from kimtools.caseload.writer import write_caseload

__all__ = ["Caseload", "CaseloadError", "Problem", "ERROR", "WARNING", "check_caseload",
           "read_caseload", "write_caseload"]


def check_caseload(path: str | os.PathLike, today: dt.date | None = None
                   ) -> tuple[Caseload | None, list[Problem]]:
    """Read and check a caseload; returns it (None when a table is unreadable) and all problems."""
    path = Path(path)
    today = today or dt.date.today()
    raws, problems = read_raw(path)
    typed = {}
    for name, raw in raws.items():
        present = set(raw.headers)
        frame, table_problems = type_table(raw, present)
        typed[name] = frame
        problems += table_problems
    empty = [name for name in ("cases", "persons") if name in typed and typed[name].empty]
    for name in empty:
        problems.append(Problem(ERROR, raws[name].display, 2, None, None,
                                f"Tabelle „{name}“ ({TABLES[name].label}) enthält nur die "
                                "Kopfzeile; erwartet: ab Zeile 2 mindestens eine Zeile."))
    if empty:
        return None, problems
    problems += check_tables(typed, raws, today)
    if len(typed) < 5:
        return None, problems
    caseload = Caseload(**{name: frame.reset_index(drop=True) for name, frame in typed.items()},
                        source=path)
    return caseload, problems


def read_caseload(path: str | os.PathLike, today: dt.date | None = None) -> Caseload:
    """The checked caseload; raises CaseloadError with every problem when any is an error."""
    caseload, problems = check_caseload(path, today)
    if caseload is None or any(p.is_error for p in problems):
        raise CaseloadError(problems)
    return caseload
