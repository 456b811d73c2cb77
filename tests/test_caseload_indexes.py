"""Whole-caseload indexes (third parties, leak gate) are built once per caseload content."""

from __future__ import annotations

import datetime as dt

from kimtools.caseload import read_caseload
from kimtools.privacy import pseudonymise
from kimtools.privacy.keys import load_or_create_key
from kimtools.privacy.lexicon import NameLexicon
from kimtools.privacy.pseudonymise import caseload_fingerprint, prepare_package
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2025, 6, 30)


def _chosen(caseload) -> str:
    cases = caseload.cases
    return cases.loc[cases["consent_conference"] == "yes", "case_id"].iloc[0]


def test_second_package_of_the_same_caseload_reuses_the_index(tmp_path):
    folder = write_synthetic_caseload(tmp_path / "caseload", cases=30, seed=4, as_of=AS_OF)
    lexicon = NameLexicon.default()
    key = load_or_create_key(tmp_path / "k.key")
    first = read_caseload(folder, today=AS_OF)
    again = read_caseload(folder, today=AS_OF)  # a second read of the same files
    assert caseload_fingerprint(first) == caseload_fingerprint(again)
    pseudonymise._INDEXES.clear()
    prepare_package(first, [_chosen(first)], key, k=1, as_of=AS_OF, lexicon=lexicon)
    built = dict(pseudonymise._INDEXES)
    prepare_package(again, [_chosen(again)], key, k=1, as_of=AS_OF, lexicon=lexicon)
    assert len(built) == 1
    assert list(pseudonymise._INDEXES) == list(built)
    assert all(pseudonymise._INDEXES[k] is v for k, v in built.items())  # nothing rebuilt


def test_a_changed_name_builds_a_new_index_that_knows_it(tmp_path):
    folder = write_synthetic_caseload(tmp_path / "caseload", cases=30, seed=4, as_of=AS_OF)
    lexicon = NameLexicon.default()
    key = load_or_create_key(tmp_path / "k.key")
    caseload = read_caseload(folder, today=AS_OF)
    chosen = _chosen(caseload)
    before = caseload_fingerprint(caseload)
    prepare_package(caseload, [chosen], key, k=1, as_of=AS_OF, lexicon=lexicon)
    persons = caseload.persons
    stranger = persons.index[(persons["case_id"] != chosen)][0]
    persons.loc[stranger, "family_name"] = "Quxwellmoor"
    assert caseload_fingerprint(caseload) != before
    events = caseload.events
    row = events.index[events["case_id"] == chosen][0]
    events.loc[row, "note"] = "Termin mit Quxwellmoor vereinbart."
    draft = prepare_package(caseload, [chosen], key, k=1, as_of=AS_OF, lexicon=lexicon)
    notes = " ".join(text.scrubbed for case in draft.cases for text in case.texts)
    assert "Quxwellmoor" not in notes
