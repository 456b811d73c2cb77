"""The attack of the institutions in the room: timelines under any shift, at a resolution."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from kimtools.privacy.attack import Timelines, institution_type, merge_events, shown_day
from kimtools.privacy.risk import assess, quasi_identifiers

AS_OF = dt.date(2026, 11, 1)
ABH = "Ausländerbehörde Gütersloh"


def caseload(openings: dict[str, str], dealings: dict[str, list[str]],
             obstacles: dict[str, list[tuple[str, str | None]]] | None = None) -> dict:
    """Identical clients (same quasi-identifiers) who differ only in their dated dealings."""
    ids = list(openings)
    cases = pd.DataFrame({"case_id": ids, "municipality": "Gütersloh",
                          "opened_on": [openings[c] for c in ids], "status": "active",
                          "consent_conference": "yes"})
    persons = pd.DataFrame({"case_id": ids, "person_id": [f"P-{c}" for c in ids],
                            "role": "client", "birth_date": "1985-05-05", "gender": "f",
                            "nationality": "SY", "arrival_date": "2016-03-01",
                            "residence_status": "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG",
                            "languages": "ar;de"})
    events = pd.DataFrame([{"case_id": c, "date": d, "institution": ABH}
                           for c, dates in dealings.items() for d in dates],
                          columns=["case_id", "date", "institution"])
    hurdles = pd.DataFrame([{"case_id": c, "institution": ABH, "since": s, "resolved_on": r}
                            for c, spans in (obstacles or {}).items() for s, r in spans],
                           columns=["case_id", "institution", "since", "resolved_on"])
    return {"cases": cases, "persons": persons, "events": events, "obstacles": hurdles}


def test_days_are_stored_at_the_start_of_their_unit() -> None:
    assert shown_day(0, "week") == 0 and shown_day(13, "week") == 7
    assert shown_day(45, "month") == 30  # month 1 starts at day 30.4 → 30
    assert shown_day(430, "month") == 426  # month 14: "wartet seit 14 Monaten"
    assert shown_day(100, "quarter") == 91
    assert shown_day(100, "phase") is None and shown_day(None, "week") is None


def test_the_same_gaps_at_another_time_are_consistent_other_gaps_are_not() -> None:
    tables = caseload(
        {"A": "2024-01-01", "B": "2024-06-03", "C": "2024-01-01"},
        {"A": ["2024-01-10", "2024-02-20"],  # day 9 and day 50
         "B": ["2024-06-12", "2024-07-23"],  # the same gaps, five months later
         "C": ["2024-01-10", "2024-03-30"]})  # another gap
    qi = quasi_identifiers(tables, AS_OF)
    timelines = Timelines(tables, qi.index)
    row = qi.index.get_loc("A")
    assert timelines.institutions(row) == [ABH]
    assert timelines.consistent(row, ABH, "week").tolist() == [True, True, False]
    # quarters hide the difference between day 50 and day 89
    assert timelines.consistent(row, ABH, "quarter").tolist() == [True, True, True]
    # the count of dealings is compared at every resolution but "phases only"
    tables["events"].loc[len(tables["events"])] = ["C", "2024-04-30", ABH]
    timelines = Timelines(tables, qi.index)
    assert timelines.consistent(row, ABH, "quarter").tolist() == [True, True, False]
    assert timelines.consistent(row, ABH, "phase").tolist() == [True, True, True]


def test_a_tolerance_of_a_few_days_widens_the_match() -> None:
    tables = caseload({"A": "2024-01-01", "B": "2024-01-01"},
                      {"A": ["2024-01-02", "2024-01-16"], "B": ["2024-01-02", "2024-01-24"]})
    qi = quasi_identifiers(tables, AS_OF)
    timelines = Timelines(tables, qi.index)
    assert timelines.consistent(0, ABH, "week").tolist() == [True, False]
    assert timelines.consistent(0, ABH, "week", tolerance=3).tolist() == [True, True]


def test_obstacle_dates_count_like_events() -> None:
    tables = caseload({"A": "2024-01-01", "B": "2024-01-01", "C": "2024-01-01"},
                      {}, {"A": [("2024-01-05", None)], "B": [("2024-01-05", "2024-03-01")],
                           "C": [("2024-01-06", None)]})
    qi = quasi_identifiers(tables, AS_OF)
    timelines = Timelines(tables, qi.index)
    assert timelines.consistent(0, ABH, "week").tolist() == [True, False, True]


def test_risk_stage_coarsens_time_until_the_institution_sees_k_clients() -> None:
    openings = {c: "2024-01-01" for c in "ABCD"}
    dealings = {"A": ["2024-01-10", "2024-02-20"], "B": ["2024-01-11", "2024-03-05"],
                "C": ["2024-01-12", "2024-02-27"], "D": ["2024-01-09", "2024-03-20"]}
    tables = caseload(openings, dealings)
    qi = quasi_identifiers(tables, AS_OF)
    plain = assess(qi, ["A"])["A"]
    assert plain.k_final == 4 and not plain.steps  # the six quasi-identifiers alone: k = 4
    result = assess(qi, ["A"], timelines=Timelines(tables, qi.index))["A"]
    assert result.k_initial == 2  # weeks 1 and 7: C (1 and 8) fits with a shift of 2-4 days
    assert result.k_final >= 3 and not result.refused
    assert result.time_resolution in ("month", "quarter")
    assert result.institutions[ABH] == result.k_final
    assert result.report[0].startswith(f"{ABH}: k = {result.k_final} bei ")
    assert any(step.startswith("Zeitangaben in") for step in result.steps)


def test_an_institution_that_alone_singles_out_is_left_unnamed() -> None:
    openings = {c: "2024-01-01" for c in "ABCD"}
    tables = caseload(openings, {"A": ["2024-01-10"]})  # only A ever dealt with the ABH
    qi = quasi_identifiers(tables, AS_OF)
    result = assess(qi, ["A"], timelines=Timelines(tables, qi.index))["A"]
    assert result.hidden == [ABH] and ABH not in result.institutions
    assert result.k_final == 4
    assert not any(ABH in step for step in result.steps)
    # named at an earlier conference, it knows the case: leaving it out now would not help
    again = assess(qi, ["A"], timelines=Timelines(tables, qi.index), named=[ABH])["A"]
    assert again.refused and again.hidden == [] and again.k_final == 1


def test_merged_events_keep_one_row_per_institution() -> None:
    events = pd.DataFrame({"date": pd.to_datetime(["2024-01-02", "2024-02-01", "2024-03-01"]),
                           "institution": [ABH, ABH, None], "kind": ["application",
                                                                   "decision", "phone"],
                           "note": ["Antrag", "Bescheid", "Anruf"]})
    merged = merge_events(events)
    assert merged["institution"].tolist()[:1] == [ABH] and len(merged) == 2
    assert merged.iloc[0]["note"] == "Antrag / Bescheid" and merged.iloc[0]["kind"] == "other"
    # a single contact is no different from several: its kind would give the count away
    single = merge_events(events.iloc[[0, 2]])
    assert single["kind"].tolist() == ["other", "phone"]


def test_institution_types_name_no_place() -> None:
    assert institution_type("Kita Regenbogen (Hamm)") == "Kita"
    assert institution_type("Botschaft der Republik Guinea in Berlin") == "Auslandsvertretung"
    assert institution_type("Berufskolleg Hamm") == "Schule/Bildungsträger"


def _bench():
    path = Path(__file__).parents[1] / "benchmarks" / "bench_attack.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location("bench_attack", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_attack"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_independent_attack_reidentifies_no_presented_client(tmp_path, capsys) -> None:
    bench = _bench()
    from synthetic import generate_caseload

    tables = generate_caseload(300, 11, AS_OF).tables
    figures = bench.run("bestand", tables, [20], 3, tmp_path, 11)
    assert figures["unique"] == 0 and figures["below_k"] == 0
    assert figures["share"] >= 0.8
    town = bench.single_town(40, 11)
    figures = bench.run("ort", town, [40], 3, tmp_path, 11)
    assert figures["unique"] == 0 and figures["below_k"] == 0
    assert figures["share"] >= 0.5
    assert "eindeutig 0" in capsys.readouterr().out


def test_demo_package_names_the_institution_type_of_most_obstacles(tmp_path) -> None:
    """The demo (400 cases, seed 1, the 4 proposed cases): the conference must see which
    authority an obstacle is with, so the risk stage coarsens time, status and languages or
    names types before it leaves an institution unnamed."""
    from kimtools.caseload import read_caseload
    from kimtools.caseload.summary import conference_candidates
    from kimtools.privacy.keys import load_or_create_key
    from kimtools.privacy.pseudonymise import prepare_package
    from synthetic import write_synthetic_caseload

    folder = write_synthetic_caseload(tmp_path / "bestand", cases=400, seed=1, as_of=AS_OF)
    caseload = read_caseload(folder, today=AS_OF)
    chosen = conference_candidates(caseload, pd.Timestamp(AS_OF)).head(4).index.tolist()
    draft = prepare_package(caseload, chosen, load_or_create_key(tmp_path / "k.key"),
                            as_of=AS_OF, district="Kreis Gütersloh")
    source = caseload.obstacles[caseload.obstacles["case_id"].isin(chosen)
                                & caseload.obstacles["institution"].notna()]
    shown = draft.package.obstacles
    named = shown["institution"].astype("string").str.strip().fillna("").ne("")
    assert len(source) >= 8
    assert named.sum() > len(source) / 2, (named.sum(), len(source))
    assert all(name in set(source["institution"].map(institution_type))
               or name in set(source["institution"])
               for name in shown.loc[named, "institution"])


def test_release_record_keeps_institutions_by_name_once_named(tmp_path) -> None:
    """Types after names would be checked as types while the room holds the names."""
    from kimtools.privacy import releases

    path = tmp_path / "freigaben.json"

    def show(naming: str) -> str:
        releases.remember(path, {"F-1": {"levels": {"age": "band5"}, "time_resolution": "month",
                                         "institution_names": naming}})
        return releases.limits_of(releases.load(path)["F-1"])["institutions"]

    assert show("type") == "type"
    assert show("name") == "name"
    assert show("type") == "name"
    assert releases.limits_of({"levels": {}})["institutions"] == "name"  # an older record
