"""Benchmark of the case timeline: building the chart and rendering it to SVG, per case.

The dashboard builds a chart whenever the conference switches cases, and the minutes render
one SVG per presented case, so both must stay well under a second. Printed next to a floor
measured in the same run: vl-convert rendering a one-point chart, the least any SVG costs.
Floor and subject alternate (benchmarks/harness.py); the subject is one pass over the cases of
the package, building and rendering each timeline, the floor as many one-point SVGs. Target: at
most 10× the floor per case (a case switch stays well under a second). Uses a package
pseudonymised from a synthetic caseload (the cases with most obstacles), and the demo package
when `make demo` has made it.

    .venv/bin/python benchmarks/bench_timeline.py [--cases 8] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import altair as alt
import pandas as pd
from harness import interleave, record

from kimtools.package import ConferencePackage, load_package
from kimtools.presentation import chart_svg, timeline_chart

AS_OF = dt.date(2026, 10, 1)
TARGET = 10.0
DEMO = Path(__file__).resolve().parent.parent / "build" / "demo" / "konferenzpaket"




def synthetic_package(cases: int, folder: Path) -> ConferencePackage:
    """The `cases` best conference candidates of a 400-case synthetic caseload, pseudonymised."""
    from kimtools.caseload import read_caseload
    from kimtools.caseload.summary import conference_candidates
    from kimtools.privacy.decisions import Decision, decide, flag_key, open_flags
    from kimtools.privacy.keys import load_or_create_key
    from kimtools.privacy.pseudonymise import prepare_package, write_package
    from synthetic import write_synthetic_caseload

    path = write_synthetic_caseload(folder / "caseload", 400, seed=1, as_of=AS_OF)
    caseload = read_caseload(path, today=AS_OF)
    chosen = list(conference_candidates(caseload, pd.Timestamp(AS_OF)).index[:cases])
    draft = prepare_package(caseload, chosen, load_or_create_key(folder / "traeger.key"),
                            k=1, as_of=AS_OF)
    # the flags decided as a case manager agreeing with each suggestion
    decide(draft, {flag_key(*e): Decision("generalise") for e in open_flags(draft)})
    return load_package(write_package(draft, folder / "paket", caseload))


def run(label: str, package: ConferencePackage, repeat: int, point: alt.Chart) -> None:
    cases = package.case_ids()
    events = package.events.groupby("case").size()
    obstacles = package.obstacles.groupby("case").size()
    resolutions = [c.get("time_resolution", "day") for c in package.manifest.get("cases", [])]
    print(f"{label}: {len(cases)} Fälle, bis {events.max()} Ereignisse und "
          f"{obstacles.max()} Hürden je Fall; Zeitauflösungen {sorted(resolutions)}")

    def floor() -> None:
        for _ in cases:
            chart_svg(point)

    def subject() -> None:
        for case in cases:
            chart_svg(timeline_chart(package, case))

    record(interleave(f"Zeitleisten bauen und zeichnen, {len(cases)} Fälle ({label})",
                      "SVG eines Ein-Punkt-Diagramms je Fall", floor, subject, TARGET,
                      rounds=repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    point = alt.Chart(alt.InlineData(values=[{"x": 1, "y": 1}])).mark_point().encode(
        x="x:Q", y="y:Q")
    start = time.perf_counter()
    chart_svg(point)
    print(f"vl-convert, erster Aufruf im Prozess: {(time.perf_counter() - start) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as folder:
        run("synthetisches Paket", synthetic_package(args.cases, Path(folder)), args.repeat,
            point)
    if DEMO.exists():
        run("Demo-Paket", load_package(DEMO), args.repeat, point)

if __name__ == "__main__":
    main()
