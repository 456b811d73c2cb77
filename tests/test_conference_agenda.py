"""The agenda logic without a kernel: packages in, checks, register rows, agenda out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kimtools.conference import (
    ConferenceError,
    collect_packages,
    create_conference,
    load_plan,
    merged_package,
    plan_conference,
)
from kimtools.findings import open_register
from kimtools.package import load_package
from kimtools.trust import TrustStore

pytest_plugins = ["conference_fixtures"]
CONFERENCE_DAY = dt.date(2026, 12, 3)


def test_three_packages_become_three_items_with_six_cases(packages):
    loaded = collect_packages(packages.three)
    plan = plan_conference(loaded, CONFERENCE_DAY, "Kreishaus Gütersloh", minutes_per_case=10)
    assert [item.number for item in plan.items] == [1, 2, 3]
    assert len(plan.cases) == len(set(plan.cases)) == 6
    assert [item.minutes for item in plan.items] == [20, 20, 20] and plan.minutes == 60
    keys = {item.package.fingerprint for item in plan.items}
    assert len(keys) == 2
    for item, path in zip(plan.items, packages.three, strict=True):
        assert item.cases == load_package(path).case_ids()
        assert item.provider in item.text() and "(20 Min.)" in item.text()
        assert item.heading().startswith(f"TOP {item.number} · {item.provider}")
    assert plan.item_of(plan.cases[3]).number == 2


def test_register_keeps_agenda_and_each_case_s_package(packages, tmp_path):
    plan = plan_conference(collect_packages(packages.three), CONFERENCE_DAY, "Rathaus Verl")
    with open_register(tmp_path / "befunde.sqlite", create=True) as register:
        saved = create_conference(register, plan)
        rows = register.query("SELECT case_pseudonym, package FROM presented_cases "
                              "WHERE conference_id = ? ORDER BY position", (saved.id,))
        agenda = json.loads(register.query("SELECT agenda FROM conferences WHERE id = ?",
                                           (saved.id,))[0][0])
    expected = [(case, str(item.package.path.resolve())) for item in plan.items
                for case in item.cases]
    assert rows == expected
    assert agenda == [item.text() for item in plan.items]
    assert plan.conference_id == saved.id


def test_plan_comes_back_from_the_register(packages, tmp_path):
    first = plan_conference(collect_packages(packages.three), CONFERENCE_DAY, "Rathaus Verl",
                            minutes_per_case=12)
    with open_register(tmp_path / "befunde.sqlite", create=True) as register:
        saved = create_conference(register, first)
        again = load_plan(register, "03.12.2026")
        by_prefix = load_plan(register, saved.id[:6])
    assert again.conference_id == by_prefix.conference_id == saved.id
    assert again.cases == first.cases
    assert [i.minutes for i in again.items] == [24, 24, 24]
    assert [i.package.path.resolve() for i in again.items] == [p.resolve()
                                                               for p in packages.three]
    assert "TOP 3" in again.describe() and "72 Minuten" in again.describe()


def test_unknown_conference_lists_the_known_ones(packages, tmp_path):
    with open_register(tmp_path / "befunde.sqlite", create=True) as register:
        create_conference(register, plan_conference(collect_packages(packages.three[:1]),
                                                     CONFERENCE_DAY))
        with pytest.raises(ConferenceError, match=r"(?s)nicht im Register.*03\.12\.2026"):
            load_plan(register, "2027-01-01")


def test_duplicate_pseudonym_names_both_packages(packages):
    with pytest.raises(ConferenceError) as refused:
        collect_packages([packages.first, packages.second, packages.twin])
    message = str(refused.value)
    assert f"Paket {packages.twin} abgelehnt" in message
    assert f"schon in Paket {packages.first}" in message and "nur einmal" in message


def test_same_package_twice_is_refused(packages):
    with pytest.raises(ConferenceError, match="zweimal angegeben"):
        collect_packages([packages.first, packages.first])


def test_unapproved_package_is_refused(packages):
    with pytest.raises(ConferenceError, match=r"paket_entwurf abgelehnt: .*nicht freigegeben"):
        collect_packages([packages.first, packages.draft])


def test_unknown_key_is_refused_with_the_fingerprint(packages, tmp_path):
    store = TrustStore.load(tmp_path / "leer.json")
    with pytest.raises(ConferenceError) as refused:
        collect_packages(packages.three, store)
    message = str(refused.value)
    assert f"Paket {packages.first} abgelehnt" in message
    assert load_package(packages.first).fingerprint in message and "kimtools trust" in message


def test_edited_package_is_refused(packages, tmp_path):
    import shutil

    copy = tmp_path / "bearbeitet"
    shutil.copytree(packages.second, copy)
    with open(copy / "cases.csv", "a", encoding="utf-8") as table:
        table.write("\n")
    with pytest.raises(ConferenceError, match=r"bearbeitet abgelehnt: .*Prüfsumme"):
        collect_packages([packages.first, copy])


def test_merged_view_holds_every_case_once(packages):
    loaded = collect_packages(packages.three)
    merged = merged_package(loaded)
    assert merged.case_ids() == [c for p in loaded for c in p.case_ids()]
    assert len(merged.obstacles) == sum(len(p.obstacles) for p in loaded)
    assert merged.approved


def test_a_zipped_package_counts_like_its_folder(packages, tmp_path):
    import shutil

    zipped = Path(shutil.make_archive(str(tmp_path / "paket_b"), "zip", packages.second))
    plan = plan_conference(collect_packages([packages.first, zipped, packages.third]),
                           CONFERENCE_DAY)
    assert plan.items[1].package.path == zipped
    assert plan.items[1].cases == load_package(packages.second).case_ids()
    with open_register(tmp_path / "befunde.sqlite", create=True) as register:
        create_conference(register, plan)
        again = load_plan(register, plan.conference_id)
    assert again.items[1].package.path.resolve() == zipped.resolve()
