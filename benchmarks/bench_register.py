"""Benchmark of the findings register's main view: overview() over 50,000 findings.

Also times opening the coordination notebook's main view (the Koordinierung app: overview,
overdue list, Lenkungsgruppe list and the first table) on the same register, and showing its
tab of recurring themes, which reads every finding's evidence and is reckoned when first shown.

The coordination notebook redraws this table on every filter change, so it must stay well
under a second for a district's register after years of conferences. It is printed next to a
floor measured in the same run: the same SQL (``overview_query``) executed directly in sqlite3
and fetched, without pandas. The register is synthetic: 2,000 conferences, 50,000 findings
with history, written in one merge transaction (``Register.import_records``), which is timed
as well. Floor and subject alternate (benchmarks/harness.py), one row each in the ``make bench``
table; the target, under a second, is written as a ratio against the floor of the same run.

    .venv/bin/python benchmarks/bench_register.py [--findings 50000] [--conferences 2000]

Figures of opening the coordination notebook (50,000 findings with evidence, median): 2.86 s
when it read every finding as a whole object twice and ran the overview twice; 0.74–0.82 s
since (floor 0.23–0.25 s); the tab of recurring themes 0.82–0.97 s when first shown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from harness import interleave, record

from kimtools import codes
from kimtools.findings import (
    LEVELS,
    PRIORITIES,
    STATUSES,
    Attendee,
    Conference,
    Evidence,
    Filters,
    Finding,
    HistoryEntry,
    PresentedCase,
    open_register,
    overview,
)
from kimtools.findings.overview import overview_query

TODAY = dt.date(2026, 11, 1)
LIMIT_SECONDS = 1.0
MUNICIPALITIES = ["Gütersloh", "Rheda-Wiedenbrück", "Verl", "Harsewinkel",
                  "Schloß Holte-Stukenbrock", "Steinhagen", "Versmold", "Halle (Westf.)",
                  "Werther (Westf.)", "Herzebrock-Clarholz", "Rietberg", "Borgholzhausen",
                  "Langenberg", "Kreis Gütersloh"]
INSTITUTIONS = ["Ausländerbehörde", "Jobcenter", "Agentur für Arbeit", "Jugendamt", "Kita",
                "Schulamt", "Anerkennungsstelle", "VHS", "Sozialamt", "Wohnungsamt"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def stamp(day: dt.date, second: int = 0) -> str:
    return (dt.datetime.combine(day, dt.time(9), dt.UTC)
            + dt.timedelta(seconds=second)).isoformat(timespec="microseconds")


def synthetic(findings: int, conferences: int, seed: int = 1):
    """Conferences over ten years and findings spread over them, with plausible skew; each
    finding with evidence, as findings saved in a conference have (recurring themes read it)."""
    rng = random.Random(seed)
    start = dt.date(2016, 1, 1)
    confs = []
    for number in range(conferences):
        day = start + dt.timedelta(days=rng.randrange(3900))
        cases = [PresentedCase("F-" + "".join(rng.choices(LETTERS, k=8)), f"paket-{number}.zip")
                 for _ in range(rng.randint(2, 5))]
        confs.append(Conference(
            id=f"konferenz-{number:05d}", date=day, place="Kreishaus",
            municipality=rng.choice(MUNICIPALITIES),
            attendees=[Attendee(i, "Sachbearbeitung") for i in rng.sample(INSTITUTIONS, 5)],
            agenda=["Begrüßung", "Fallvorstellungen", "Befunde"], cases=cases,
            created_at=stamp(day), updated_at=stamp(day)))
    items, history = [], []
    fields, levels, statuses = list(codes.FIELDS), list(LEVELS), list(STATUSES)
    categories = list(codes.OBSTACLE_CATEGORIES)
    for number in range(findings):
        conference = rng.choice(confs)
        identifier = f"befund-{number:06d}"
        status = rng.choices(statuses, weights=[30, 20, 25, 15, 10])[0]
        items.append(Finding(
            id=identifier, conference_id=conference.id, title=f"Befund Nr. {number}",
            description="Strukturelles Problem, in mehreren Fällen sichtbar.",
            fields=rng.sample(fields, rng.choice([1, 1, 2, 3])),
            institutions=rng.sample(INSTITUTIONS, rng.choice([1, 2])),
            cases=(linked := [p.case for p in conference.cases[:rng.randint(1, 2)]]),
            evidence=Evidence(
                cases=len(linked), cases_with_obstacles=len(linked), obstacles=len(linked) + 1,
                open_obstacles=rng.randint(0, 1), median_days=float(rng.randrange(10, 200)),
                max_days=rng.randrange(200, 400), sources=[f"paket-{conference.id}.zip"],
                categories={c: rng.randint(1, 3) for c in rng.sample(categories, 2)}),
            measure="Angebot schaffen", responsible="Kreis",
            due_date=conference.date + dt.timedelta(days=rng.randrange(30, 400)),
            priority=rng.choice(list(PRIORITIES)), level=rng.choice(levels), status=status,
            created_at=stamp(conference.date, number), updated_at=stamp(conference.date, number)))
        history.append(HistoryEntry(identifier, stamp(conference.date, number), "Koordination",
                                    "created", None, f"Befund Nr. {number}",
                                    id=f"verlauf-{number:06d}-0"))
        if status != "neu":
            history.append(HistoryEntry(identifier, stamp(conference.date, number + 1),
                                        "Koordination", "status", "neu", status,
                                        id=f"verlauf-{number:06d}-1"))
    return confs, items, history


def compare(name: str, floor_name: str, floor, subject, repeat: int) -> None:
    """One row of the table: the 1 s limit as a ratio against this run's floor."""
    comparison = interleave(name, floor_name, floor, subject, 1.0, rounds=repeat)
    comparison.target = round(LIMIT_SECONDS / statistics.median(comparison.floor), 1)
    record(comparison)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--conferences", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    confs, items, history = synthetic(args.findings, args.conferences)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.db"
        with open_register(path, create=True) as register:
            begin = time.perf_counter()
            register.import_records(confs, items, history)
            loaded = time.perf_counter() - begin
            print(f"Register: {len(confs):,} Konferenzen, {len(items):,} Befunde, "
                  f"{len(history):,} Verlaufseinträge; Datei {path.stat().st_size / 1e6:.1f} MB")
            print(f"  import_records (eine Transaktion): {loaded:8.2f} s")
            floor_db = sqlite3.connect(path)
            cases = {"alle Befunde": Filters(),
                     "offen, Ebene Kreis/Lenkungsgruppe": Filters(
                         status=["neu", "übergeben", "in Bearbeitung"],
                         level=["Kreis", "Lenkungsgruppe"]),
                     "überfällig, Handlungsfeld Aufenthalt": Filters(
                         fields=["residence"], overdue_only=True)}
            for label, filters in cases.items():
                sql, params = overview_query(filters, TODAY)
                rows = len(overview(register, filters, TODAY))
                print(f"{label}: {rows:,} Zeilen")
                compare(f"Register-Übersicht, {label}", "dieselbe SQL-Abfrage in sqlite3",
                        lambda s=sql, p=params: floor_db.execute(s, p).fetchall(),
                        lambda f=filters: overview(register, f, TODAY), args.repeat)
            floor_db.close()
            from kimtools.widgets.coordination import Koordinierung

            first = len(overview(register, Filters(), TODAY))
            print(f"Hauptansicht des Notizbuchs 03 öffnen (Koordinierung, {first:,} Befunde):")
            compare("Koordinierung öffnen", "SQL der Hauptansicht in sqlite3",
                    lambda: floor_db_fetch(path, Filters()),
                    lambda: Koordinierung(register=path, today=TODAY), 5)
            app = Koordinierung(register=path, today=TODAY)
            print("Reiter „Wiederkehrende Themen“ zeigen (alle Belege gelesen):")
            compare("Wiederkehrende Themen zeigen", "Belege aller Befunde aus sqlite3",
                    lambda: floor_db_evidence(path), app.show_themes, 5)

def floor_db_fetch(path: Path, filters: Filters) -> None:
    """The main view's query straight from sqlite3: what no view can beat."""
    sql, params = overview_query(filters, TODAY)
    with sqlite3.connect(path) as db:
        db.execute(sql, params).fetchall()


def floor_db_evidence(path: Path) -> None:
    """What recurring themes must read, straight from sqlite3: every finding's institutions,
    cases, fields and evidence."""
    with sqlite3.connect(path) as db:
        db.execute("SELECT conference_id, title, institutions, cases, fields, evidence "
                   "FROM findings WHERE status <> 'verworfen'").fetchall()


if __name__ == "__main__":
    main()
