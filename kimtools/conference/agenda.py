"""The agenda of a Planungskonferenz built from the packages the case managers sent (§5a).

Each package is checked on the way in as the dashboard checks one (schema, signature and
checksums, size limits, a key the coordination office confirmed) and must be approved; no case
pseudonym may come in twice. Every package becomes one agenda item (TOP) with its presenting
provider, its cases and the planned minutes. The register keeps the agenda text and, for every
presented case, the package it came from, so the conference can be shown again from the
register alone. Reads packages only, never the raw caseload.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kimtools.findings import lookup
from kimtools.findings.model import Conference, PresentedCase
from kimtools.findings.register import Register
from kimtools.package import COLUMNS, ConferencePackage, PackageError
from kimtools.trust import TrustStore, load_trusted

MINUTES_PER_CASE = 15
MAX_PACKAGES = 40  # far beyond a conference day; a longer list is a mistake, not a plan
_PLANNED = re.compile(r"\((\d{1,3}) Min\.\)\s*$")


class ConferenceError(Exception):
    """A conference that cannot be built: the message names the package and the reason."""


@dataclass
class AgendaItem:
    """One TOP: the cases of one package, presented by its provider."""

    number: int
    package: ConferencePackage
    cases: list[str]
    minutes: int

    @property
    def provider(self) -> str:
        return ", ".join(self.package.providers) or "Träger ohne Angabe"

    def label(self, case: str) -> str:
        """The readable label the package gives the case ("Klientin A"), else its pseudonym."""
        rows = self.package.cases.loc[self.package.cases["case"] == case, "label"]
        value = rows.iloc[0] if len(rows) else pd.NA
        return case if pd.isna(value) or not str(value).strip() else str(value)

    def text(self) -> str:
        """The agenda line as the register and the minutes keep it."""
        shown = ", ".join(f"{self.label(case)} ({case})" for case in self.cases)
        return f"Fallvorstellung {self.provider}: {shown} ({self.minutes} Min.)"

    def heading(self) -> str:
        return f"TOP {self.number} · {self.provider} · {self.minutes} Min."


@dataclass
class ConferencePlan:
    date: dt.date
    place: str
    items: list[AgendaItem] = field(default_factory=list)
    conference_id: str | None = None

    @property
    def packages(self) -> list[ConferencePackage]:
        return [item.package for item in self.items]

    @property
    def cases(self) -> list[str]:
        """Every presented case in the order of the agenda."""
        return [case for item in self.items for case in item.cases]

    def item_of(self, case: str) -> AgendaItem:
        return next(item for item in self.items if case in item.cases)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    def describe(self) -> str:
        """The agenda as German text for the command line."""
        lines = [f"Planungskonferenz am {self.date:%d.%m.%Y}"
                 + (f", {self.place}" if self.place else "")
                 + (f" (ID {self.conference_id})" if self.conference_id else ""),
                 f"{len(self.items)} Tagesordnungspunkte, {len(self.cases)} Fälle, "
                 f"{self.minutes} Minuten geplant"]
        for item in self.items:
            lines.append(f"  {item.heading()} · Paket {item.package.path}")
            lines += [f"      {item.label(case)} – {case}" for case in item.cases]
        return "\n".join(lines)


def _refused(path: object, reason: str) -> ConferenceError:
    return ConferenceError(f"Paket {path} abgelehnt: {reason}\nKeine Konferenz angelegt; "
                           "nichts geschrieben.")


def collect_packages(paths: list[str | os.PathLike], store: TrustStore | None = None
                     ) -> list[ConferencePackage]:
    """Every package loaded and checked, in the given order; ConferenceError on the first one
    that cannot be part of the conference."""
    if not paths:
        raise ConferenceError("Keine Konferenzpakete angegeben; bitte mindestens ein Paket "
                              "(Ordner oder .zip) nennen.")
    if len(paths) > MAX_PACKAGES:
        raise ConferenceError(f"{len(paths)} Pakete sind zu viele für eine Konferenz "
                              f"(höchstens {MAX_PACKAGES}). Nichts geschrieben.")
    store = store or TrustStore.load()
    packages: list[ConferencePackage] = []
    seen: dict[Path, Path] = {}
    owner: dict[str, Path] = {}
    for given in paths:
        path = Path(given)
        resolved = path.resolve()
        if resolved in seen:
            raise _refused(path, f"es ist zweimal angegeben (wie {seen[resolved]}).")
        seen[resolved] = path
        try:
            package = load_trusted(path, store)
        except PackageError as exc:
            raise _refused(path, str(exc)) from None
        if not package.approved:
            raise _refused(path, "es ist nicht freigegeben (keine Freigabe im Manifest). Die "
                                 "Fallmanagerin muss die Ersetzungen prüfen und das Paket "
                                 "freigeben.")
        if package.cases.empty:
            raise _refused(path, "es enthält keinen Fall.")
        for case in package.case_ids():
            if case in owner:
                raise _refused(path, f"Fall {case} ist schon in Paket {owner[case]}; ein "
                                     "Pseudonym darf in einer Konferenz nur einmal vorkommen.")
            owner[case] = path
        packages.append(package)
    return packages


def plan_conference(packages: list[ConferencePackage], date: dt.date, place: str = "",
                    minutes_per_case: int = MINUTES_PER_CASE) -> ConferencePlan:
    """One TOP per package, in the order the packages were given."""
    items = [AgendaItem(number, package, package.case_ids(),
                        minutes_per_case * len(package.cases))
             for number, package in enumerate(packages, start=1)]
    return ConferencePlan(date=date, place=place, items=items)


def package_reference(package: ConferencePackage, register_path: Path) -> str:
    """How a presented case names its package: relative to the register's folder when the
    package lies below it, else absolute (as the findings widget and the minutes read it)."""
    path = Path(package.path).resolve()
    try:
        return str(path.relative_to(Path(register_path).resolve().parent))
    except ValueError:
        return str(path)


def _resolve(reference: str, register_path: Path) -> Path | None:
    path = Path(reference).expanduser()
    candidates = [path] if path.is_absolute() else [register_path.parent / path,
                                                    Path.cwd() / path]
    return next((c for c in candidates if c.exists()), None)


def create_conference(register: Register, plan: ConferencePlan,
                      municipality: str = "") -> Conference:
    """Save the conference with its agenda and, per case, the package it came from."""
    conference = Conference(
        date=plan.date, place=plan.place, municipality=municipality,
        agenda=[item.text() for item in plan.items],
        cases=[PresentedCase(case, package_reference(item.package, register.path))
               for item in plan.items for case in item.cases])
    saved = register.add_conference(conference)
    plan.conference_id = saved.id
    return saved


def find_conference(register: Register, wanted: str) -> Conference:
    """A conference by its id, a short id or its date, as everywhere in kimtools."""
    try:
        return lookup.find_conference(register.conferences(), wanted,
                                      where=f"im Register {register.path}")
    except lookup.ConferenceNotFound as exc:
        raise ConferenceError(str(exc)) from None


def load_plan(register: Register, wanted: str, store: TrustStore | None = None
              ) -> ConferencePlan:
    """The conference's agenda, its packages loaded and checked again (keys confirmed)."""
    conference = find_conference(register, wanted)
    store = store or TrustStore.load()
    groups: dict[str, list[str]] = {}
    for presented in conference.cases:
        groups.setdefault(presented.package, []).append(presented.case)
    if not groups:
        raise ConferenceError(f"Konferenz vom {conference.date:%d.%m.%Y} hat keine "
                              "vorgestellten Fälle; bitte mit „kimtools konferenz anlegen“ "
                              "aus den Paketen anlegen.")
    items = []
    planned = conference.agenda if len(conference.agenda) == len(groups) else []
    for number, (reference, cases) in enumerate(groups.items(), start=1):
        path = _resolve(reference, register.path) if reference else None
        if path is None:
            raise ConferenceError(f"Paket „{reference or 'ohne Angabe'}“ von TOP {number} "
                                  f"nicht gefunden (gesucht neben {register.path} und im "
                                  "aktuellen Ordner).")
        try:
            package = load_trusted(path, store)
        except PackageError as exc:
            raise ConferenceError(f"Paket {path} von TOP {number} abgelehnt: {exc}") from None
        missing = [case for case in cases if case not in set(package.case_ids())]
        if missing:
            raise ConferenceError(f"Paket {path} von TOP {number} enthält die Fälle "
                                  f"{', '.join(missing)} nicht (mehr).")
        match = _PLANNED.search(planned[number - 1]) if planned else None
        minutes = int(match.group(1)) if match else MINUTES_PER_CASE * len(cases)
        items.append(AgendaItem(number, package, cases, minutes))
    return ConferencePlan(conference.date, conference.place, items, conference.id)


def merged_package(packages: list[ConferencePackage]) -> ConferencePackage:
    """All cases of the conference as one package-shaped view, for the view across cases.

    Pseudonyms are unique across the conference (checked on the way in); labels are not, so
    per-case views keep using the case's own package."""
    tables = {name: pd.concat([getattr(p, name) for p in packages], ignore_index=True)
              if packages else pd.DataFrame(columns=list(columns))
              for name, columns in COLUMNS.items()}
    approved = all(p.approved for p in packages)
    manifest = {"created": max((str(p.manifest.get("created", "")) for p in packages),
                               default=""),
                "approval": {"packages": len(packages)} if approved and packages else None}
    return ConferencePackage(manifest=manifest, path=None, **tables)
