"""The suite's synthetic conference packages, made the way a case manager makes one.

Every builder works on a fixed reference day: the caseload is generated for it, read and checked
against it, and the package is made and approved on it (the clock stands on that day meanwhile,
since a package records when it was made). `test_clock_guard` replays the builders on other
days and requires the same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from clock import REFERENCE_DAY, on_day

DISTRICT = "Kreis Gütersloh"


@dataclass(frozen=True)
class SyntheticPackage:
    caseload_dir: Path  # the raw caseload, as the case manager keeps it
    caseload: object  # kimtools.caseload.Caseload, read on `day`
    draft: object  # kimtools.privacy.pseudonymise.Draft
    package: Path  # the written conference package
    key_file: Path
    day: dt.date

    @property
    def pseudonyms(self) -> list[str]:
        return [case.pseudonym for case in self.draft.cases]


def fixed_key_file(path: Path, seed: int) -> Path:
    """A provider key derived from the seed: the same pseudonyms in every run, never by chance."""
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = hashlib.sha256(f"kimtools test key {seed}".encode()).hexdigest()
    path.write_text(f"# Testschlüssel (synthetische Daten)\n{secret}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def trust_package(package: Path) -> None:
    """Confirm the package's key in the suite's trust list, as the coordination office does
    once per provider key; the suite's providers have several keys (one per seed)."""
    from kimtools.package import load_package
    from kimtools.trust import TrustStore

    loaded = load_package(package)
    TrustStore.load().confirm(loaded, loaded.fingerprint, also=True)


def synthetic_package(folder: Path, *, cases: int, seed: int, count: int,
                      day: dt.date = REFERENCE_DAY, k: int = 3, district: str | None = DISTRICT,
                      approved_by: str | None = "Test Koordinierung",
                      package_name: str = "konferenzpaket") -> SyntheticPackage:
    """`count` conference candidates of a synthetic caseload of `cases` cases, pseudonymised,
    approved (unless `approved_by` is None) and written, all on `day`."""
    from kimtools.caseload import read_caseload
    from kimtools.caseload.summary import conference_candidates
    from kimtools.privacy.keys import load_or_create_key
    from kimtools.privacy.pseudonymise import prepare_package, write_package
    from synthetic import write_synthetic_caseload

    folder.mkdir(parents=True, exist_ok=True)
    with on_day(day):
        raw = write_synthetic_caseload(folder / "caseload", cases=cases, seed=seed, as_of=day)
        caseload = read_caseload(raw, today=day)
        chosen = list(conference_candidates(caseload, pd.Timestamp(day)).head(count).index)
        key = load_or_create_key(fixed_key_file(folder / "traeger.key", seed))
        draft = prepare_package(caseload, chosen, key, k=k, as_of=day, district=district)
        accept_suggestions(draft)
        if approved_by is not None:
            draft.approve(approved_by)
        package = write_package(draft, folder / package_name, caseload)
    trust_package(package)
    return SyntheticPackage(raw, caseload, draft, package, key.path, day)


def accept_suggestions(draft) -> None:
    """Decide every open flag of the review as "generalise with the suggestion", as a case
    manager does who agrees with each: for tests whose subject is not the flags."""
    from kimtools.privacy.decisions import Decision, decide, flag_key, open_flags

    decide(draft, {flag_key(*entry): Decision("generalise") for entry in open_flags(draft)})


def filled_decisions(caseload_dir: Path, case_ids: str, out: Path, day: dt.date,
                     action: str = "verallgemeinern") -> Path:
    """A decisions file as ``kimtools markierungen`` writes it, every row filled in with
    ``action`` (and a reason), as a case manager returns it from Excel. Made with a key of its
    own, so the provider key of the test is neither created nor touched."""
    import csv

    from typer.testing import CliRunner

    from kimtools.cli import app

    out.parent.mkdir(parents=True, exist_ok=True)
    with on_day(day):
        result = CliRunner().invoke(app, [
            "markierungen", str(caseload_dir), "--cases", case_ids, "--out", str(out),
            "--key-file", str(out.with_suffix(".key")), "--k", "1"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    for row in rows[1:]:
        row[7], row[9] = action, "im Team besprochen"
    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)
    return out


def signing_key(seed: int = 0):
    """A fixed Ed25519 signing key for hand-built packages: the same in every run."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(
        hashlib.sha256(f"kimtools test signing key {seed}".encode()).digest())
