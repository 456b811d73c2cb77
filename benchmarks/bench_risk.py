"""Benchmark of the re-identification risk check: assess() for 10 selected cases.

The case manager waits for this in the review screen, so it must stay well under a second even
for a large caseload. It is printed next to a floor measured in the same run on the same frame:
one plain ``value_counts`` over the six quasi-identifiers, the least any k-anonymity count has
to do. Uses a synthetic caseload of 2,000 cases when the generator is installed, and in any case
a generated table of 20,000 rows. Floor and subject alternate (benchmarks/harness.py); each
comparison is one row of the ``make bench`` table.

Targets: the check of 10 selected cases at most 50× the ``value_counts`` floor (well under a
second here); the attack of the institutions for 50 selected against 10,000 cases under 10 s,
written as a ratio against its floor of the same run (10 s divided by the floor's median).

    .venv/bin/python benchmarks/bench_risk.py [--rows 20000] [--cases 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from harness import interleave, record

from kimtools.caseload import read_caseload
from kimtools.privacy.attack import Timelines
from kimtools.privacy.risk import assess, quasi_identifiers

AS_OF = dt.date(2026, 11, 1)
SELECTED = 10
RISK_TARGET = 50.0  # × value_counts
ATTACK_LIMIT_S = 10.0

MUNICIPALITIES = ["Gütersloh", "Rheda-Wiedenbrück", "Verl", "Harsewinkel",
                  "Schloß Holte-Stukenbrock", "Steinhagen", "Versmold", "Halle (Westf.)",
                  "Werther (Westf.)", "Herzebrock-Clarholz", "Rietberg", "Borgholzhausen",
                  "Langenberg"]
NATIONALITIES = {"SY": 25, "UA": 18, "AF": 10, "IQ": 8, "TR": 8, "RO": 5, "BG": 4, "ER": 3,
                 "IR": 3, "RU": 2, "XK": 2, "RS": 2, "NG": 2, "GN": 1, "SO": 1, "VN": 1, "PL": 2,
                 "MA": 1, "LB": 1, "GE": 1}


def generated_qi(rows: int, seed: int = 1) -> pd.DataFrame:
    """A quasi-identifier table with plausible KIM skew: few big nationalities, a long tail."""
    rng = np.random.default_rng(seed)
    codes, weights = zip(*NATIONALITIES.items(), strict=True)
    municipality_weights = 1 / np.arange(1, len(MUNICIPALITIES) + 1)
    return pd.DataFrame({
        "age": rng.integers(18, 76, rows),
        "gender": rng.choice(["f", "m", "d"], rows, p=[0.52, 0.47, 0.01]),
        "nationality": rng.choice(codes, rows, p=np.array(weights) / sum(weights)),
        "municipality": rng.choice(MUNICIPALITIES, rows,
                                   p=municipality_weights / municipality_weights.sum()),
        "household_size": rng.choice(np.arange(1, 9), rows,
                                p=[0.25, 0.18, 0.17, 0.16, 0.12, 0.07, 0.03, 0.02]),
        "arrival_year": rng.integers(2010, 2026, rows),
    }, index=pd.Index([f"KIM-{i:06d}" for i in range(rows)], name="case_id")).astype({
        "age": "Int64", "gender": "string", "nationality": "string", "municipality": "string",
        "household_size": "Int64", "arrival_year": "Int64"})


def synthetic_qi(cases: int, seed: int = 7) -> pd.DataFrame | None:
    """The QI table of a synthetic caseload, or None when the generator is not there yet."""
    try:
        from synthetic import write_synthetic_caseload
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "caseload"
        write_synthetic_caseload(out, cases, seed, as_of=AS_OF)
        return quasi_identifiers(read_caseload(out, today=AS_OF), AS_OF)




def run(label: str, qi: pd.DataFrame, repeat: int) -> None:
    selected = list(qi.sample(SELECTED, random_state=3).index)
    results = assess(qi, selected)
    generalised = sum(bool(r.steps) for r in results.values())
    refused = sum(r.refused for r in results.values())
    print(f"{label}: {len(qi):,} Fälle, {SELECTED} ausgewählt "
          f"({generalised} verallgemeinert, {refused} abgelehnt)")
    record(interleave(f"Risikoprüfung, {SELECTED} von {len(qi):,} ({label})",
                      "value_counts der Merkmale", lambda: qi.value_counts(dropna=False),
                      lambda: assess(qi, selected), RISK_TARGET, rounds=repeat))


def run_attack(cases: int, selected: int, repeat: int) -> None:
    """The whole attack of the institutions (timelines at every resolution, every institution
    of each case) for ``selected`` cases against a synthetic caseload of ``cases``; target
    under 10 s for 50 against 10,000. Floor: one pass grouping every dated item by institution
    and case, the least any per-institution matching has to read."""
    from synthetic import generate_caseload

    tables = generate_caseload(cases, 7, AS_OF).tables
    qi = quasi_identifiers(tables, AS_OF)
    chosen = list(qi.sample(selected, random_state=3).index)

    def attack() -> dict:
        return assess(qi, chosen, timelines=Timelines(tables, qi.index))

    results = attack()
    refused = sum(r.refused for r in results.values())
    print(f"Angriff der Stellen: {len(qi):,} Fälle, {selected} ausgewählt ({refused} abgelehnt)")
    events = tables["events"]

    def floor() -> object:
        return events.groupby(["institution", "case_id"])["date"].agg(["min", "max", "size"])

    comparison = interleave(f"Angriff der Stellen, {selected} von {len(qi):,}",
                            "groupby Stelle/Fall der Ereignisse", floor, attack, 1.0,
                            rounds=repeat)
    # the target is absolute (10 s); as a ratio against this run's floor
    comparison.target = round(ATTACK_LIMIT_S / statistics.median(comparison.floor), 1)
    record(comparison)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--attack-cases", type=int, default=10_000)
    parser.add_argument("--attack-selected", type=int, default=50)
    args = parser.parse_args()

    qi = synthetic_qi(args.cases)
    if qi is None:
        print("synthetic.write_synthetic_caseload fehlt: nur die erzeugte Tabelle.")
    else:
        run("synthetischer Fallbestand", qi, args.repeat)
    run("erzeugte Tabelle", generated_qi(args.rows), args.repeat)
    if args.attack_cases:
        run_attack(args.attack_cases, args.attack_selected, args.repeat)


if __name__ == "__main__":
    main()
