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


def test_figures_below_a_second_are_printed_in_milliseconds_memory_in_its_unit():
    quick = Comparison("Nächster Fall", "Ziel", [0.3] * 5, [0.05, 0.1, 0.34, 0.2, 0.1], 1.0,
                       (1.0, 1.0, 1.0))
    assert "50.00 /  100.00 ms" in quick.report()
    assert "Läufe: 50.00 100.00 340.00 200.00 100.00" in quick.report()
    slow = Comparison("Protokoll", "nbconvert", [1.0, 2.0, 4.0], [2.0, 7.0, 9.0], 3.0,
                      (1.0, 1.0, 1.0))
    assert "   2.00 /    7.00 s" in slow.report()
    memory = Comparison("Kernel-Speicher", "Boden", [55.3] * 5, [150.5] * 5, 2.0,
                        (1.0, 1.0, 1.0), unit="MB")
    assert "150.50 /  150.50 MB" in memory.report() and "2.72×" in memory.report()
