"""Three signed packages from two providers' keys, six cases: a conference as the office gets it.

Loaded as a pytest plugin (``pytest_plugins = ["conference_fixtures"]``) so the packages are
built once per session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from builders import accept_suggestions, fixed_key_file, trust_package
from clock import REFERENCE_DAY, on_day


@dataclass(frozen=True)
class Packages:
    first: Path   # key 1, candidates 1–2
    second: Path  # key 2, candidates 1–2
    third: Path   # key 1, candidates 3–4 (another case manager of the same provider key)
    draft: Path   # key 2, candidates 3–4, never approved
    twin: Path    # key 1, candidates 2–3: one case also in `first`

    @property
    def three(self) -> list[Path]:
        return [self.first, self.second, self.third]


def _packages(folder: Path, seed: int, slices: dict[str, tuple[int, int, bool]]
              ) -> dict[str, Path]:
    from kimtools.caseload import read_caseload
    from kimtools.caseload.summary import conference_candidates
    from kimtools.privacy.keys import load_or_create_key
    from kimtools.privacy.pseudonymise import prepare_package, write_package
    from synthetic import write_synthetic_caseload

    day = REFERENCE_DAY
    written = {}
    with on_day(day):
        raw = write_synthetic_caseload(folder / "caseload", cases=200, seed=seed, as_of=day)
        caseload = read_caseload(raw, today=day)
        candidates = list(conference_candidates(caseload, pd.Timestamp(day)).index)
        key = load_or_create_key(fixed_key_file(folder / "traeger.key", seed))
        for name, (start, stop, approve) in slices.items():
            draft = prepare_package(caseload, candidates[start:stop], key, k=3, as_of=day,
                                    district="Kreis Gütersloh")
            accept_suggestions(draft)
            if approve:
                draft.approve("Test Fallmanagement")
            written[name] = write_package(draft, folder / name, caseload)
            trust_package(written[name])
    return written


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> Packages:
    root = tmp_path_factory.mktemp("konferenz")
    one = _packages(root / "traeger1", 1, {"paket_a": (0, 2, True), "paket_c": (2, 4, True),
                                           "paket_doppelt": (1, 3, True)})
    two = _packages(root / "traeger2", 2, {"paket_b": (0, 2, True),
                                           "paket_entwurf": (2, 4, False)})
    return Packages(one["paket_a"], two["paket_b"], one["paket_c"], two["paket_entwurf"],
                    one["paket_doppelt"])
