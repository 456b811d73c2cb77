"""Evidence of a finding, computed from the conference packages (never typed in).

The conference argues from what the cases show; numbers typed by hand would drift from them.
Decisions:
- A case found in several packages (presented at more than one conference) is counted once,
  from the newest package (manifest ``created``), which holds its latest state.
- An obstacle counts when its Handlungsfeld is one of the finding's fields and, if the finding
  names institutions, its institution contains one of them (case-insensitive): package
  institutions are free text such as "Ausländerbehörde Kreis Gütersloh".
- Days waited: from ``since_day`` to ``resolved_day``, or to the case's ``days_open`` while the
  obstacle is open. Obstacles without ``since_day`` are counted but have no waiting time.
  Packages keep days at each case's time resolution (the first day of its week, month or
  quarter; none at "phases only"), so a waiting time is exact to that unit only.
- The days are called "Wartezeit" only when every matching obstacle is of the category
  waiting time; other categories name what the days measure (``model.DURATION_WORDS``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from kimtools.durations import UNIT_DAYS, coarsest
from kimtools.findings.model import Evidence
from kimtools.package import ConferencePackage, month_text


def _source(package: ConferencePackage, number: int) -> str:
    if package.path is not None:
        return package.path.name
    return f"Paket {number} ({month_text(package.manifest.get('created'), 'ohne Datum')})"


def _newest_first(packages: Sequence[ConferencePackage]) -> list[tuple[int, ConferencePackage]]:
    """Later ``created`` first; among equal or missing dates, the later argument first."""
    numbered = list(enumerate(packages, start=1))
    return sorted(numbered, key=lambda item: (str(item[1].manifest.get("created") or ""),
                                              item[0]), reverse=True)


def _matches(institution: object, wanted: list[str]) -> bool:
    if not wanted:
        return True
    if institution is None or pd.isna(institution):
        return False
    text = str(institution).casefold()
    return any(name.casefold() in text for name in wanted)


def compute_evidence(packages: Iterable[ConferencePackage], case_pseudonyms: Iterable[str],
                     fields: Iterable[str], institutions: Iterable[str] = ()) -> Evidence:
    """Linked cases, matching obstacles (open ones) and days waited, from the packages."""
    packages = list(packages)
    wanted_cases = list(dict.fromkeys(case_pseudonyms))
    wanted_fields = set(fields)
    wanted_institutions = [name.strip() for name in institutions if name.strip()]
    found: dict[str, tuple[ConferencePackage, str]] = {}
    for number, package in _newest_first(packages):
        present = set(package.cases["case"].dropna().astype(str))
        for case in wanted_cases:
            if case in present and case not in found:
                found[case] = (package, _source(package, number))

    days: list[int] = []
    resolutions = set()
    categories: Counter[str] = Counter()
    obstacles = open_obstacles = 0
    cases_with_obstacles = set()
    for case, (package, _) in found.items():
        days_open = package.cases.loc[package.cases["case"] == case, "days_open"].iloc[0]
        rows = package.obstacles[package.obstacles["case"] == case]
        for row in rows.itertuples(index=False):
            if row.field not in wanted_fields or not _matches(row.institution,
                                                              wanted_institutions):
                continue
            obstacles += 1
            cases_with_obstacles.add(case)
            categories[str(row.category)] += 1
            is_open = pd.isna(row.resolved_day)
            open_obstacles += is_open
            end = days_open if is_open else row.resolved_day
            if not pd.isna(row.since_day) and not pd.isna(end):
                days.append(int(end) - int(row.since_day))
                resolutions.add(_resolution(package, case))
    return Evidence(
        cases=len(found), cases_with_obstacles=len(cases_with_obstacles), obstacles=obstacles,
        open_obstacles=int(open_obstacles),
        median_days=float(statistics.median(days)) if days else None,
        max_days=max(days) if days else None,
        categories=dict(sorted(categories.items())),
        missing_cases=[case for case in wanted_cases if case not in found],
        sources=sorted({source for _, source in found.values()}),
        resolution=coarsest(resolutions) if resolutions else "day")


def _resolution(package: ConferencePackage, case: str) -> str:
    """The case's time resolution from the manifest; "day" for packages made before it."""
    for entry in package.manifest.get("cases") or []:
        if isinstance(entry, dict) and entry.get("case") == case:
            value = entry.get("time_resolution")
            return value if value in (*UNIT_DAYS, "phase") else "day"
    return "day"
