"""Pseudonymising chosen cases into a conference package, measured against the ground truth.

The leak checks here are deliberately simple scans written in this file: they share no code
with the scrubber or the leak gate, so a blind spot there cannot hide itself here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from builders import accept_suggestions, filled_decisions
from clock import on_day
from typer.testing import CliRunner

from kimtools.caseload import read_caseload
from kimtools.cli import app
from kimtools.package import load_package, month_text
from kimtools.privacy.attack import Timelines
from kimtools.privacy.decisions import decided_text
from kimtools.privacy.keys import load_or_create_key
from kimtools.privacy.pseudonymise import (
    LeakDetected,
    Refused,
    describe,
    prepare_package,
    write_package,
)
from kimtools.privacy.risk import assess, quasi_identifiers
from kimtools.privacy.scrubber import TYPES
from kimtools.widgets.conference import package_summary
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2026, 10, 1)
CASES = 300


def simple_fold(text: str) -> str:
    table = str.maketrans({"ı": "i", "ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "đ": "d",
                           "ə": "e", "Ə": "e"})
    decomposed = unicodedata.normalize("NFKD", text.translate(table))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def package_text(path: Path) -> str:
    """All text of a package, with the package's own creation and approval times removed."""
    parts = []
    for file in sorted(path.iterdir()):
        if file.name == "manifest.json":
            manifest = json.loads(file.read_text(encoding="utf-8"))
            manifest.pop("created")
            (manifest.get("approval") or {}).pop("approved_at", None)
            parts.append(json.dumps(manifest, ensure_ascii=False))
        else:
            parts.append(file.read_text(encoding="utf-8"))
    return "\n".join(parts)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", simple_fold(text)))


@pytest.fixture(scope="module")
def caseload_dir(tmp_path_factory) -> Path:
    return write_synthetic_caseload(tmp_path_factory.mktemp("raw") / "caseload", cases=CASES,
                                    seed=5, as_of=AS_OF)


@pytest.fixture(scope="module")
def caseload(caseload_dir):
    return read_caseload(caseload_dir, today=AS_OF)


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return load_or_create_key(tmp_path_factory.mktemp("key") / "traeger.key")


@pytest.fixture(scope="module")
def consenting(caseload) -> list[str]:
    return caseload.cases.loc[caseload.cases["consent_conference"] == "yes",
                              "case_id"].tolist()


@pytest.fixture(scope="module")
def presentable(caseload, consenting) -> list[str]:
    """Consenting cases the risk stage accepts at k = 3: the attack of the institutions in the
    room refuses some consenting cases, and these tests are about the others."""
    qi = quasi_identifiers(caseload, AS_OF)
    risks = assess(qi, consenting[:60], timelines=Timelines(caseload, qi.index))
    return [case for case, risk in risks.items() if not risk.refused]


@pytest.fixture(scope="module")
def big_draft(caseload, consenting, tmp_path_factory):
    """Every consenting case of the caseload in one package (k = 1: leaks are the point here).
    Its own key: its release record would hold every case exactly and so, rightly, refuse
    the k = 3 packages the other tests make with the module's key."""
    key = load_or_create_key(tmp_path_factory.mktemp("key-k1") / "traeger.key")
    draft = prepare_package(caseload, consenting, key, k=1, as_of=AS_OF)
    accept_suggestions(draft)
    draft.approve("Jana Brockmann")
    return draft


@pytest.fixture(scope="module")
def big_package(big_draft, caseload, tmp_path_factory) -> Path:
    accept_suggestions(big_draft)
    return write_package(big_draft, tmp_path_factory.mktemp("out") / "paket", caseload)


def test_few_hundred_cases_leak_no_structured_identifier(big_package, caseload, consenting):
    assert len(consenting) > 250
    text = simple_fold(package_text(big_package))
    present = words(text)
    digit_runs = [re.sub(r"\D", "", run) for run in re.findall(r"\d[\d /()-]*\d", text)]
    leaks = []
    for person in caseload.persons.itertuples():
        for name in (person.given_name, person.family_name):
            for part in re.findall(r"[a-z0-9]+", simple_fold(name)):
                if len(part) >= 4 and part in present:
                    leaks.append((person.person_id, "name", part))
        for value in (person.email, person.street):
            if isinstance(value, str) and simple_fold(value) in text:
                leaks.append((person.person_id, "value", value))
        if isinstance(person.phone, str):
            number = re.sub(r"\D", "", person.phone)
            if len(number) >= 7 and any(number[-7:] in run for run in digit_runs):
                leaks.append((person.person_id, "phone", person.phone))
        if pd.notna(person.birth_date):
            for notation in ("%Y-%m-%d", "%d.%m.%Y"):
                if person.birth_date.strftime(notation) in text:
                    leaks.append((person.person_id, "birth_date", notation))
    for name, column in (("cases", "case_id"), ("persons", "person_id"),
                         ("events", "event_id")):
        ids = set(caseload.table(name)[column].map(simple_fold))
        leaks += [(i, "id", i) for i in ids if i in text]
    assert leaks == []


def test_no_day_precise_date_of_any_record(big_package, caseload):
    text = package_text(big_package)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert not re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text)


def test_planted_free_text_identifiers_are_gone(big_draft, big_package, caseload_dir,
                                                 consenting):
    """Each planted identifier is gone from the text that was written for its field."""
    truth = json.loads((caseload_dir / "truth.json").read_text(encoding="utf-8"))
    selected = set(consenting)
    planted = [t for t in truth["identifiers"] if t["case_id"] in selected]
    assert len(planted) > 1000
    written = package_text(big_package)
    scrubbed = {}
    for case in big_draft.cases:
        for review in case.texts:
            scrubbed[(review.table, review.record_id, review.column)] = review.scrubbed
            assert decided_text(big_draft, case, review) in written
    missed = []
    for item in planted:
        field_text = simple_fold(scrubbed[(item["table"], item["row_id"], item["column"])])
        folded = simple_fold(item["text"])
        if item["type"] in ("person", "name"):
            parts = [p for p in re.findall(r"[a-z0-9]+", folded) if len(p) >= 3]
            if parts and all(p in words(field_text) for p in parts):
                missed.append(item)
        elif folded in field_text:
            missed.append(item)
    assert missed == []


def test_manifest_records_risk_replacements_and_approval(big_package, big_draft):
    key = big_draft.key
    package = load_package(big_package)
    manifest = package.manifest
    assert manifest["key_fingerprint"] == key.fingerprint
    assert manifest["approval"]["approved_by"] == "Jana Brockmann"
    assert manifest["approval"]["key_fingerprint"] == key.fingerprint
    entry = manifest["cases"][0]
    assert {"case", "label", "k_initial", "k", "generalised", "replacements"} <= set(entry)
    assert sum(manifest["replacements"].values()) > 1000
    assert set(package.events["case"]) <= set(package.cases["case"])
    labels = package.persons["label"]
    assert labels.is_unique


def test_pseudonyms_are_stable_for_the_same_key(caseload, presentable, key, tmp_path):
    first = prepare_package(caseload, presentable[:2], key, as_of=AS_OF)
    second = prepare_package(caseload, presentable[:2], key, as_of=AS_OF)
    assert first.package.case_ids() == second.package.case_ids()
    other = load_or_create_key(tmp_path / "anderer.key")
    third = prepare_package(caseload, presentable[:2], other, as_of=AS_OF)
    assert set(third.package.case_ids()).isdisjoint(first.package.case_ids())


def test_review_keeps_raw_text_in_memory_only(caseload, presentable, key, tmp_path):
    draft = prepare_package(caseload, presentable[:3], key, as_of=AS_OF)
    reviewed = [t for case in draft.cases for t in case.texts if t.detections and not t.flags]
    assert reviewed, "expected replacements to review"
    sample = reviewed[0]
    assert sample.raw != sample.scrubbed
    for detection in sample.detections:
        assert sample.raw[detection.start:detection.end] == detection.text
    accept_suggestions(draft)
    path = write_package(draft, tmp_path / "p", caseload)
    written = package_text(path)
    assert sample.raw not in written and sample.scrubbed in written


def test_refusals_name_every_case_and_write_nothing(caseload, presentable, key, tmp_path):
    without = caseload.cases.loc[caseload.cases["consent_conference"] == "no", "case_id"]
    ok = presentable[0]
    with pytest.raises(Refused) as refused:
        prepare_package(caseload, [ok, without.iloc[0], "KIM-0000-99999"], key, as_of=AS_OF)
    reasons = {r.case_id: r.reason for r in refused.value.refusals}
    assert set(reasons) == {without.iloc[0], "KIM-0000-99999"}
    assert "Einwilligung" in reasons[without.iloc[0]]
    assert "nicht im Fallbestand" in reasons["KIM-0000-99999"]


def test_risk_refusal_names_the_case(caseload, consenting, key):
    with pytest.raises(Refused) as refused:
        prepare_package(caseload, consenting[:1], key, k=CASES + 1, as_of=AS_OF)
    assert consenting[0] in str(refused.value)


def test_generalises_until_k_holds(caseload, presentable, key):
    draft = prepare_package(caseload, presentable[:8], key, k=3, as_of=AS_OF)
    for case in draft.cases:
        assert case.risk.k_final >= 3
        if case.risk.k_initial < 3:
            assert case.risk.steps
    manifest_cases = draft.package.manifest["cases"]
    assert [c["k"] for c in manifest_cases] == [c.risk.k_final for c in draft.cases]


def test_leak_gate_stops_a_planted_name(caseload, presentable, key, tmp_path):
    draft = prepare_package(caseload, presentable[:2], key, as_of=AS_OF)
    other_case = caseload.persons[~caseload.persons["case_id"].isin(presentable[:2])].iloc[0]
    draft.package.events.loc[0, "note"] = f"Rückruf von {other_case['family_name']} erbeten"
    with pytest.raises(LeakDetected) as leak:
        accept_suggestions(draft)
        write_package(draft, tmp_path / "p", caseload)
    assert "events.csv" in str(leak.value)
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("planted", ["Termin am 03.04.2023", "Mail an x.y@example.org",
                                     "IBAN DE89 3704 0044 0532 0130 00"])
def test_leak_gate_stops_what_has_no_place_in_a_package(caseload, presentable, key, tmp_path,
                                                        planted):
    draft = prepare_package(caseload, presentable[:1], key, as_of=AS_OF)
    draft.package.goals.loc[0, "description"] = planted
    with pytest.raises(LeakDetected):
        accept_suggestions(draft)
        write_package(draft, tmp_path / "p", caseload)
    assert not (tmp_path / "p").exists()


def test_cli_writes_a_package_and_prints_a_german_summary(caseload_dir, presentable, tmp_path):
    chosen = ",".join(presentable[:2])
    decisions = filled_decisions(caseload_dir, chosen, tmp_path / "d" / "markierungen.csv",
                                 AS_OF)
    with on_day(AS_OF):  # the command checks the caseload against today
        result = CliRunner().invoke(app, [
            "pseudonymise", str(caseload_dir), "--cases", chosen,
            "--out", str(tmp_path / "paket.zip"), "--key-file", str(tmp_path / "k.key"),
            "--approved-by", "Jana Brockmann", "--decisions", str(decisions)])
    assert result.exit_code == 0, result.output
    assert "Ein neuer Schlüssel wurde angelegt" in result.output
    assert "k = " in result.output and "ersetzt:" in result.output
    assert load_package(tmp_path / "paket.zip").approved
    replaced = [line.split("ersetzt:", 1)[1] for line in result.output.splitlines()
                if "ersetzt:" in line]
    codes = {label.split(":")[0].strip() for line in replaced for label in line.split(",")}
    assert codes and not codes & set(TYPES), codes  # German words, never "origin" or "firm"


def test_summary_names_every_kind_of_replacement_in_german():
    from kimtools.privacy.pseudonymise import REPLACEMENT_LABELS

    assert set(REPLACEMENT_LABELS) == set(TYPES)


def test_cli_refuses_without_consent_and_writes_nothing(caseload_dir, caseload, tmp_path):
    without = caseload.cases.loc[caseload.cases["consent_conference"] == "no", "case_id"]
    with on_day(AS_OF):
        result = CliRunner().invoke(app, [
            "pseudonymise", str(caseload_dir), "--cases", without.iloc[0],
            "--out", str(tmp_path / "paket"), "--key-file", str(tmp_path / "k.key")])
    assert result.exit_code == 2
    assert without.iloc[0] in result.output and "Einwilligung" in result.output
    assert "Nichts geschrieben" in result.output
    assert not (tmp_path / "paket").exists()


def test_generalised_household_is_not_undone_by_the_persons(caseload, presentable, key):
    draft = prepare_package(caseload, presentable[:40], key, k=3, as_of=AS_OF)
    persons = draft.package.persons
    hidden = [c for c in draft.cases if c.risk.levels.get("household_size") != "exact"]
    assert hidden, "expected a case whose household size was generalised"
    for case in hidden:
        assert persons.loc[persons["case"] == case.pseudonym, "role"].tolist() == ["client"]
        texts = " ".join(t.scrubbed for t in case.texts)
        letter = case.label.split()[-1]
        assert not re.search(rf"\b(Kind|Elternteil|Angehörige/r) {letter}\d", texts)


def test_the_package_tells_the_month_it_was_made_never_the_day(caseload, presentable, key,
                                                                tmp_path):
    """Day of creation minus a case's days since first contact would be its opening day."""
    made = dt.date(2026, 10, 14)
    with on_day(made):
        draft = prepare_package(caseload, presentable[:3], key, as_of=made)
        accept_suggestions(draft)
        draft.approve("Jana Brockmann")
        path = write_package(draft, tmp_path / "paket", caseload)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["created"] == "2026-10"
    assert manifest["approval"]["approved_at"] == "2026-10"
    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted(path.iterdir()))
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4}|T\d{2}:\d{2}", text)
    assert "Freigegeben von Jana Brockmann im Oktober 2026." in describe(draft)
    assert package_summary(load_package(path)).startswith("3 Fälle · Paket vom Oktober 2026 ·")


@pytest.mark.parametrize(("stamp", "shown"), [
    ("2026-11", "November 2026"), ("2026-03-02T10:00:00+01:00", "März 2026"),
    ("", "unbekannt"), (None, "unbekannt"), ("2026-13", "unbekannt"), ("gestern", "unbekannt"),
])
def test_month_text(stamp, shown):
    assert month_text(stamp) == shown


def test_days_are_stored_at_the_case_time_resolution(caseload, presentable, key):
    """No exact day since first contact leaves: each day is the start of its week, month or
    quarter, and "phases only" has no numbers at all."""
    draft = prepare_package(caseload, presentable[:12], key, as_of=AS_OF)
    package = draft.package
    units = {"week": 7, "month": 365.25 / 12, "quarter": 365.25 / 4}
    entries = {c["case"]: c for c in package.manifest["cases"]}
    assert package.manifest["time_resolution"] in ("week", "month", "quarter", "phase")
    phased = 0
    for case in draft.cases:
        entry = entries[case.pseudonym]
        assert entry["time_resolution"] == case.risk.time_resolution
        assert all(line.split(": k = ")[1].split()[0].isdigit() for line in entry["institutions"])
        days = [*package.events.loc[package.events["case"] == case.pseudonym, "day"],
                *package.cases.loc[package.cases["case"] == case.pseudonym, "days_open"]]
        if case.risk.time_resolution == "phase":
            assert all(pd.isna(d) for d in days)
            # only what the rung is charged for: one row per institution that says nothing
            # of how many contacts it had, and only open obstacles, without days
            events = package.events[package.events["case"] == case.pseudonym]
            named = events[events["institution"].fillna("").str.strip() != ""]
            assert named["institution"].is_unique
            assert set(named["kind"]) <= {"other"}
            obstacles = package.obstacles[package.obstacles["case"] == case.pseudonym]
            assert obstacles["since_day"].isna().all()
            assert obstacles["resolved_day"].isna().all()
            phased += 1
            continue
        unit = units[case.risk.time_resolution]
        assert all(int(d) == round(round(int(d) / unit) * unit) for d in days if pd.notna(d))
    assert phased > 0  # the fixture's caseload has cases that need "phases only"


def test_a_case_shown_before_is_checked_against_what_both_packages_show(caseload, presentable,
                                                                        tmp_path):
    """The release record keeps the finest of each item ever shown; the next package may show
    nothing coarser than that union hides, so it is checked at the union."""
    from kimtools.privacy import releases

    key = load_or_create_key(tmp_path / "k.key")
    case = presentable[0]
    first = prepare_package(caseload, [case], key, as_of=AS_OF)
    accept_suggestions(first)
    write_package(first, tmp_path / "p1", caseload)
    record = releases.load(releases.record_file(key.path))
    pseudonym = first.cases[0].pseudonym
    assert record[pseudonym]["levels"] == first.cases[0].risk.levels
    assert record[pseudonym]["time_resolution"] == first.cases[0].risk.time_resolution
    assert record[pseudonym]["named"] == sorted(first.cases[0].risk.institutions)
    # pretend an earlier conference showed everything exactly, weekly
    exact = dict.fromkeys(record[pseudonym]["levels"], "exact")
    releases.remember(releases.record_file(key.path),
                      {pseudonym: {"levels": exact, "time_resolution": "week"}})
    assert releases.load(releases.record_file(key.path))[pseudonym]["levels"] == exact
    try:
        again = prepare_package(caseload, [case], key, as_of=AS_OF)
    except Refused as refused:
        assert "schon vorgestellt" in str(refused)
    else:
        risk = again.cases[0].risk
        assert set(risk.levels.values()) == {"exact"} and risk.time_resolution == "week"
        assert risk.k_final >= 3
