"""One way to measure for every benchmark: floor and subject in turns, best and median.

Floor and subject alternate (A B A B …) so that both meet the same state of the machine: a
busy neighbour or a cold disk slows both, not one of them. One untimed run of each comes first
(bytecode cache, fonts, file cache warm). The load average is printed with the figures, since
on a shared machine it says how far to trust them.

Each comparison is appended as one JSON line to ``build/bench/results.jsonl``; ``make bench``
prints them as one table (``python benchmarks/harness.py --table``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "build" / "bench" / "results.jsonl"
MIN_ROUNDS = 5


@dataclass
class Comparison:
    """A subject against its floor, measured in the same run."""

    name: str
    floor_name: str
    floor: list[float]
    subject: list[float]
    target: float  # the subject may take at most this many times the floor
    load: tuple[float, float, float]
    unit: str = "s"  # what the figures count: seconds, or e.g. "MB" for memory

    @property
    def ratio_best(self) -> float:
        return min(self.subject) / min(self.floor)

    @property
    def ratio_median(self) -> float:
        return statistics.median(self.subject) / statistics.median(self.floor)

    @property
    def met(self) -> bool:
        return self.ratio_median <= self.target

    def figures(self, values: list[float]) -> str:
        """Best / median and every run, in milliseconds where seconds would print 0.00."""
        scale, unit = (1000, "ms") if self.unit == "s" and max(
            self.floor + self.subject) < 1 else (1, self.unit)
        runs = " ".join(f"{v * scale:.2f}" for v in values)
        return (f"{min(values) * scale:7.2f} / {statistics.median(values) * scale:7.2f} {unit}"
                f"  (Läufe: {runs})")

    def report(self) -> str:
        figures = self.figures

        verdict = "erreicht" if self.met else "verfehlt"
        return "\n".join([
            f"{self.name}",
            f"  Boden:   {self.floor_name:44s} {figures(self.floor)}",
            f"  Messung: {'':44s} {figures(self.subject)}",
            f"  Verhältnis bester/Median: {self.ratio_best:.2f}× / {self.ratio_median:.2f}× "
            f"(Ziel höchstens {self.target:g}×: {verdict}); Last {self.load[0]:.2f} "
            f"{self.load[1]:.2f} {self.load[2]:.2f}"])


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def interleave(name: str, floor_name: str, floor: Callable[[], object],
               subject: Callable[[], object], target: float,
               rounds: int = MIN_ROUNDS) -> Comparison:
    """Time ``floor`` and ``subject`` alternately for ``rounds`` rounds after one warm-up each."""
    rounds = max(rounds, MIN_ROUNDS)
    floor()
    subject()
    floors, subjects = [], []
    for _ in range(rounds):
        floors.append(timed(floor))
        subjects.append(timed(subject))
    return Comparison(name, floor_name, floors, subjects, target, os.getloadavg())


def command(args: Sequence[str], **kwargs) -> Callable[[], None]:
    """A call that runs a command as a user would (new process), failing loudly."""
    def run() -> None:
        result = subprocess.run(list(args), capture_output=True, text=True, **kwargs)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(args)} ist fehlgeschlagen:\n{result.stderr[-2000:]}")
    return run


def record(comparison: Comparison, show: bool = True) -> None:
    """Print the comparison (unless the benchmark prints its own) and keep it for the table
    of ``make bench``."""
    if show:
        print(comparison.report())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(asdict(comparison), ensure_ascii=False) + "\n")


def table(path: Path = RESULTS) -> str:
    """The kept comparisons as one table: ratio against target, met or missed."""
    if not path.exists():
        return "Keine Messungen aufgezeichnet."
    rows = [Comparison(**{**data, "load": tuple(data["load"])})
            for data in map(json.loads, path.read_text(encoding="utf-8").splitlines())]
    width = max(len(r.name) for r in rows)
    lines = [f"{'Messung':{width}}  {'bester':>7}  {'Median':>7}  {'Ziel':>6}  Ergebnis",
             "-" * (width + 40)]
    for r in rows:
        lines.append(f"{r.name:{width}}  {r.ratio_best:6.2f}×  {r.ratio_median:6.2f}×  "
                     f"{r.target:5g}×  {'erreicht' if r.met else 'verfehlt'}")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Tabelle der Benchmark-Ergebnisse")
    parser.add_argument("--table", action="store_true", help="Tabelle zeigen")
    parser.add_argument("--reset", action="store_true", help="Aufzeichnungen löschen")
    args = parser.parse_args()
    if args.reset:
        RESULTS.unlink(missing_ok=True)
    if args.table:
        print(table())
