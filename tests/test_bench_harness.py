"""The benchmark harness: alternating rounds, best and median ratios, the table of make bench."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from harness import Comparison, interleave, record, table  # noqa: E402


def test_floor_and_subject_alternate_after_one_warm_up_each():
    calls = []
    comparison = interleave("x", "y", lambda: calls.append("A"), lambda: calls.append("B"),
                            target=3, rounds=2)
    assert calls == ["A", "B"] * 6  # warm-up, then at least five rounds
    assert len(comparison.floor) == len(comparison.subject) == 5


def test_ratios_verdict_and_table(tmp_path, monkeypatch):
    import harness

    slow = Comparison("Protokoll", "nbconvert", [1.0, 2.0, 4.0], [2.0, 7.0, 9.0], 3.0,
                      (1.0, 1.0, 1.0))
    assert (slow.ratio_best, slow.ratio_median) == (2.0, 3.5)
    assert not slow.met  # the median decides
    fast = Comparison("Prüfung", "read_csv", [1.0, 1.0, 1.0], [2.0, 2.5, 3.0], 3.0,
                      (0.5, 0.5, 0.5))
    results = tmp_path / "results.jsonl"
    monkeypatch.setattr(harness, "RESULTS", results)
    record(slow, show=False)
    record(fast, show=False)
    lines = table(results).splitlines()
    assert lines[2].split() == ["Protokoll", "2.00×", "3.50×", "3×", "verfehlt"]
    assert lines[3].split() == ["Prüfung", "2.00×", "2.50×", "3×", "erreicht"]
    assert table(tmp_path / "fehlt.jsonl") == "Keine Messungen aufgezeichnet."
