"""Evidence is computed from hand-built conference packages, never typed in."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import signing_key

from kimtools.findings import Evidence, compute_evidence
from kimtools.package import COLUMNS, ConferencePackage, load_package, render_files, write_files


def package(cases: list[dict], obstacles: list[dict], created: str) -> ConferencePackage:
    tables = {name: pd.DataFrame(columns=list(columns)) for name, columns in COLUMNS.items()}
    base = {"label": "Klientin A", "municipality": "Verl", "provider": "Caritas",
            "status": "active", "age": "35–39", "gender": "weiblich", "origin": "Syrien",
            "arrival": "2016", "household_size": "4", "residence_status": "",
            "languages": "ar", "fields": "childcare;language"}
    tables["cases"] = pd.DataFrame([{**base, **case} for case in cases])
    tables["obstacles"] = pd.DataFrame(
        [{"category": "waiting_time", "description": "", **row} for row in obstacles],
        columns=list(COLUMNS["obstacles"]))
    return ConferencePackage(manifest={"created": created, "approval": None}, **tables)


def obstacle(case: str, number: str, field: str, institution: str, since: int,
             resolved: int | None, category: str = "waiting_time") -> dict:
    return {"case": case, "obstacle": number, "field": field, "institution": institution,
            "category": category, "since_day": since, "resolved_day": resolved}


@pytest.fixture
def spring(tmp_path):
    built = package(
        [{"case": "F-AAAAAAAA", "days_open": 400}, {"case": "F-BBBBBBBB", "days_open": 100}],
        [obstacle("F-AAAAAAAA", "H01", "childcare", "Kita", 30, None, "missing_offer"),
         obstacle("F-AAAAAAAA", "H02", "language", "VHS Gütersloh", 10, 100),
         obstacle("F-AAAAAAAA", "H03", "residence", "Ausländerbehörde", 0, 200),
         obstacle("F-BBBBBBBB", "H01", "childcare", "Kita Sonnenschein", 20, 50)],
        "2026-03-01T10:00:00+01:00")
    return load_package(write_files(render_files(built, signing_key()),
                                    tmp_path / "fruehjahr.zip"))


def test_counts_and_days_from_a_package(spring):
    evidence = compute_evidence([spring], ["F-AAAAAAAA", "F-BBBBBBBB", "F-CCCCCCCC"],
                                ["childcare", "language"], [])
    assert evidence == Evidence(
        cases=2, cases_with_obstacles=2, obstacles=3, open_obstacles=1,
        median_days=90.0, max_days=370,  # 400 - 30 (open), 100 - 10, 50 - 20
        categories={"missing_offer": 1, "waiting_time": 2},
        missing_cases=["F-CCCCCCCC"], sources=["fruehjahr.zip"])
    # a missing offer is no waiting time: mixed categories say so
    assert evidence.describe() == ("2 Fälle; 3 Hürden (1 offen); Dauer der Hürden (Kategorien "
                                   "gemischt) Median 90 Tage, max. 370 Tage; nicht in den "
                                   "Paketen: F-CCCCCCCC")
    waiting = compute_evidence([spring], ["F-AAAAAAAA"], ["language"], [])
    assert waiting.describe() == ("1 Fall; 1 Hürde (0 offen); Wartezeit Median 90 Tage, "
                                  "max. 90 Tage")
    offer = compute_evidence([spring], ["F-AAAAAAAA"], ["childcare"], [])
    assert "Dauer ohne passendes Angebot Median 370 Tage" in offer.describe()


def test_institutions_narrow_the_obstacles(spring):
    evidence = compute_evidence([spring], ["F-AAAAAAAA", "F-BBBBBBBB"], ["childcare"],
                                ["kita"])
    assert (evidence.obstacles, evidence.open_obstacles) == (2, 1)
    assert (evidence.median_days, evidence.max_days) == (200.0, 370)
    only_vhs = compute_evidence([spring], ["F-AAAAAAAA"], ["childcare", "language"], ["VHS"])
    assert (only_vhs.cases, only_vhs.cases_with_obstacles, only_vhs.obstacles) == (1, 1, 1)


def test_newest_package_of_a_case_counts(spring, tmp_path):
    autumn = load_package(write_files(render_files(package(
        [{"case": "F-AAAAAAAA", "days_open": 600}],
        [obstacle("F-AAAAAAAA", "H01", "childcare", "Kita", 30, 450, "missing_offer")],
        "2026-10-01T10:00:00+02:00"), signing_key()), tmp_path / "herbst"))
    evidence = compute_evidence([autumn, spring], ["F-AAAAAAAA"], ["childcare"])
    assert (evidence.obstacles, evidence.open_obstacles, evidence.max_days) == (1, 0, 420)
    assert evidence.sources == ["herbst"]


def test_no_linked_case_no_numbers(spring):
    evidence = compute_evidence([spring], [], ["childcare"])
    assert evidence == Evidence()
    assert evidence.describe() == "0 Fälle; 0 Hürden (0 offen)"
    assert Evidence.from_dict(evidence.to_dict()) == evidence


def test_days_waited_at_the_coarsest_time_resolution_of_the_cases() -> None:
    """A case released at months shows months in the evidence, never the days behind them."""
    monthly = package(
        [{"case": "F-AAAAAAAA", "days_open": 426}, {"case": "F-BBBBBBBB", "days_open": 91}],
        [obstacle("F-AAAAAAAA", "H01", "childcare", "Kita", 0, None),
         obstacle("F-BBBBBBBB", "H01", "childcare", "Kita", 30, None)],
        "2026-03-01T10:00:00+01:00")
    monthly.manifest["cases"] = [{"case": "F-AAAAAAAA", "time_resolution": "month"},
                                 {"case": "F-BBBBBBBB", "time_resolution": "week"}]
    evidence = compute_evidence([monthly], ["F-AAAAAAAA", "F-BBBBBBBB"], ["childcare"])
    assert evidence.resolution == "month"
    assert evidence.describe() == ("2 Fälle; 2 Hürden (2 offen); Wartezeit Median 8 Monate, "
                                   "max. 14 Monate")
    assert Evidence.from_dict(evidence.to_dict()) == evidence
