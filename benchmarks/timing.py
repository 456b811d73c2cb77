"""Shared by the benchmark scripts (run as `python benchmarks/bench_….py`)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(repeat: int, call: Callable[[], object]) -> float:
    """Fastest of ``repeat`` runs, in seconds: the least disturbed measurement."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)
