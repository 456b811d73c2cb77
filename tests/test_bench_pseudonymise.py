"""The pseudonymiser's benchmark measures several caseloads in one folder, as ``make bench``
runs it: each caseload is a provider of its own, with a key and a mapping of pseudonyms of its
own (a key's mapping lies beside it, and a mapping without its key is refused as a lost key)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def _bench():
    path = Path(__file__).parents[1] / "benchmarks" / "bench_pseudonymise.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location("bench_pseudonymise", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_two_seeds_in_one_folder_each_with_its_own_key(tmp_path) -> None:
    bench = _bench()
    results = [bench.measure(40, seed, tmp_path) for seed in (1, 2)]
    for result in results:
        assert result["cases"] > 0 and result["texts"] > 0
        assert sum(result["planted"].values()) > 0
        assert sum(result["left"].values()) == 0
    assert {p.name for p in tmp_path.glob("traeger-*")} == {"traeger-1", "traeger-2"}
    assert all((tmp_path / f"traeger-{seed}" / "zuordnung.csv").exists() for seed in (1, 2))
