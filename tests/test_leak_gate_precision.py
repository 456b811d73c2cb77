"""The leak gate compares client names with what came from records or was typed, nothing else.

Staff who share a first or family name with a client (the approver "Stefan Wagner" or "Ahmed
Yilmaz" in a caseload with a client Stefan or Ahmed) must not be stopped; a name that a bug puts
into a column of the tool's own vocabulary must still be; and a hit says where it stands and
what the case manager can do.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from builders import accept_suggestions
from clock import on_day
from typer.testing import CliRunner

from kimtools.caseload import read_caseload
from kimtools.cli import app
from kimtools.package import load_package
from kimtools.privacy.keys import load_or_create_key
from kimtools.privacy.pseudonymise import LeakDetected, prepare_package, write_package
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2026, 10, 1)
STAFF = ("Stefan Wagner", "Ahmed Yilmaz")


@pytest.fixture(scope="module")
def caseload_dir(tmp_path_factory) -> Path:
    """A caseload in which clients of other cases are called Stefan, Wagner, Ahmed and Yilmaz."""
    folder = write_synthetic_caseload(tmp_path_factory.mktemp("raw") / "caseload", cases=60,
                                      seed=8, as_of=AS_OF)
    persons_file = folder / "persons.csv"
    persons = pd.read_csv(persons_file, dtype=str, keep_default_na=False)
    clients = persons.index[persons["role"] == "client"]
    for row, (given, family) in zip(clients[-2:], (s.split() for s in STAFF), strict=True):
        persons.loc[row, ["given_name", "family_name"]] = [given, family]
    persons.to_csv(persons_file, index=False, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def caseload(caseload_dir):
    return read_caseload(caseload_dir, today=AS_OF)


@pytest.fixture(scope="module")
def chosen(caseload) -> list[str]:
    """Two consenting cases whose people are not the ones named like the staff."""
    named = set(caseload.persons.loc[caseload.persons["given_name"].isin(["Stefan", "Ahmed"]),
                                     "case_id"])
    cases = caseload.cases
    consenting = cases.loc[(cases["consent_conference"] == "yes")
                           & ~cases["case_id"].isin(named), "case_id"]
    return consenting.tolist()[:2]


@pytest.fixture
def key(tmp_path):
    return load_or_create_key(tmp_path / "traeger.key")


def other_client(caseload, chosen) -> pd.Series:
    persons = caseload.persons
    return persons[~persons["case_id"].isin(chosen) & (persons["role"] == "client")].iloc[0]


@pytest.mark.parametrize("approver", STAFF)
def test_an_approver_named_like_a_client_is_not_a_leak(caseload, chosen, key, tmp_path,
                                                        approver):
    assert set(caseload.persons["given_name"]) >= {"Stefan", "Ahmed"}
    draft = prepare_package(caseload, chosen, key, k=1, as_of=AS_OF)
    accept_suggestions(draft)
    draft.approve(approver)
    path = write_package(draft, tmp_path / "paket", caseload)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["approval"]["approved_by"] == approver


@pytest.mark.parametrize("approver", STAFF)
def test_cli_with_such_an_approver_writes_the_package(caseload_dir, chosen, tmp_path, approver):
    with on_day(AS_OF):
        result = CliRunner().invoke(app, [
            "pseudonymise", str(caseload_dir), "--cases", ",".join(chosen), "--k", "1",
            "--out", str(tmp_path / "paket"), "--key-file", str(tmp_path / "k.key"),
            "--approved-by", approver])
    assert result.exit_code == 0, result.output
    assert load_package(tmp_path / "paket").manifest["approval"]["approved_by"] == approver


def test_the_approver_is_still_checked_for_what_never_belongs_in_a_package(caseload, chosen,
                                                                           key, tmp_path):
    draft = prepare_package(caseload, chosen, key, k=1, as_of=AS_OF)
    accept_suggestions(draft)
    draft.approve("Jana Brockmann, jana.brockmann@example.org")
    with pytest.raises(LeakDetected, match="E-Mail-Adresse"):
        accept_suggestions(draft)
        write_package(draft, tmp_path / "paket", caseload)
    assert not (tmp_path / "paket").exists()


@pytest.mark.parametrize(("table", "column"), [
    ("persons", "label"), ("events", "kind"), ("obstacles", "category"), ("cases", "fields"),
    ("goals", "goal")])
def test_a_name_in_a_vocabulary_column_is_still_caught(caseload, chosen, key, tmp_path, table,
                                                       column):
    """The tool's own columns are skipped only while they hold the shape the tool writes."""
    draft = prepare_package(caseload, chosen, key, k=1, as_of=AS_OF)
    frame = getattr(draft.package, table)
    frame[column] = frame[column].astype("string")
    frame.loc[frame.index[0], column] = other_client(caseload, chosen)["family_name"]
    with pytest.raises(LeakDetected) as leak:
        accept_suggestions(draft)
        write_package(draft, tmp_path / "paket", caseload)
    assert f"Spalte {column}" in str(leak.value)
    assert not (tmp_path / "paket").exists()


def test_a_hit_names_case_item_column_and_the_way_out(caseload, chosen, key, tmp_path):
    draft = prepare_package(caseload, chosen, key, k=1, as_of=AS_OF)
    events = draft.package.events
    row = events.index[0]
    pseudonym, item = events.loc[row, "case"], events.loc[row, "event"]
    case_id = next(d.case_id for d in draft.cases if d.pseudonym == pseudonym)
    stranger = other_client(caseload, chosen)
    events.loc[row, "note"] = f"Rückruf von {stranger['family_name']} erbeten"
    with pytest.raises(LeakDetected) as leak:
        accept_suggestions(draft)
        write_package(draft, tmp_path / "paket", caseload)
    message = str(leak.value)
    assert f"events.csv, Zeile 2 (Fall {case_id} ({pseudonym}), {item}, Spalte note)" in message
    assert f"Fall {stranger['case_id']}" in message
    assert "Ausweg: den genannten Text im Fallbestand korrigieren" in message
    assert "den Fall weglassen" in message
