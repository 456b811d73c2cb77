"""The in-memory caseload: five typed tables, as the rest of the case manager's side sees them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kimtools.caseload.schema import TABLES


@dataclass
class Caseload:
    """The five tables of one caseload, typed: dates as datetime64, codes as categoricals,
    ids and text as strings (missing values as <NA>)."""

    cases: pd.DataFrame
    persons: pd.DataFrame
    events: pd.DataFrame
    obstacles: pd.DataFrame
    goals: pd.DataFrame
    source: Path | None = None

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(name)
        return getattr(self, name)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}

    def clients(self) -> pd.DataFrame:
        """One row per case: the person with role client."""
        return self.persons[self.persons["role"] == "client"]
