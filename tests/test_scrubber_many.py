"""One pass over all notes of a case finds exactly what a pass per note finds."""

from __future__ import annotations

import datetime as dt

import pytest
from handwritten import load_notes

from kimtools.privacy.lexicon import NameLexicon, fold
from kimtools.privacy.places import PlaceFinder
from kimtools.privacy.scrubber import KnownPerson, Scrubber
from kimtools.privacy.thirdparties import OtherPeople
from synthetic import generate_caseload

AS_OF = dt.date(2025, 6, 30)
CLIENT = KnownPerson("p1", "Fatima", "Al-Hassan", "Klientin A", "client", "f")
#: Texts whose neighbours could join with them if a matcher read across the separator: a
#: name split over two notes, a street closing one note, a title at the end of one.
EDGES = [
    "Termin mit Frau", "Al-Hassan kam pünktlich.", "Qusai", "Qassab hat angerufen.",
    "Wohnt jetzt Am Hallenbad 14", "Pass", "Nr. 12345678 liegt vor.", "Kita", "Sonnenschein",
    "Firma Brinkmann", "GmbH", "Instagram", "@ahmad.k92", "aus", "Mossul stammt sie.",
    "Straße 5", "", "Müller-Lüdenscheidt Straße 12, 59555 Lippstadt", "Pate", "Hollmann",
    "Sachbearbeiterin", "Tasneem Mustafa", "Fatimas", "Antrag", "Groß", "ẞ Straße",
]


@pytest.fixture(scope="module")
def lexicon() -> NameLexicon:
    return NameLexicon.default()


@pytest.fixture(scope="module")
def others(lexicon) -> OtherPeople:
    return OtherPeople([("Qusai", "Qassab"), ("Karl", "Koch")], lexicon)


def test_edges_between_notes_are_not_crossed(lexicon, others):
    scrubber = Scrubber([CLIENT], lexicon, others, PlaceFinder("Lippstadt", "Kreis Soest"))
    assert scrubber.analyze_many(EDGES) == [scrubber.analyze(t) for t in EDGES]
    joined = scrubber.scrub_many(EDGES)
    assert [text for text, _ in joined] == [scrubber.scrub(t)[0] for t in EDGES]
    assert joined[1][0].startswith("Klientin A")
    assert [d.text for d in joined[3][1]] == ["Qassab"]  # not "Qusai Qassab" across notes


def test_handwritten_corpus_in_one_pass(lexicon, others):
    notes = load_notes()
    texts = [note.text for note in notes]
    for note in notes[::4]:
        scrubber = Scrubber(note.persons, lexicon, others,
                            PlaceFinder(note.municipality, note.district))
        assert scrubber.analyze_many(texts) == [scrubber.analyze(t) for t in texts], \
            note.note_id


def test_synthetic_cases_in_one_pass(lexicon):
    caseload = generate_caseload(cases=40, seed=5, as_of=AS_OF)
    persons: dict[str, list[KnownPerson]] = {}
    for row in caseload.tables["persons"].itertuples():
        persons.setdefault(str(row.case_id), []).append(KnownPerson(
            str(row.person_id), row.given_name, row.family_name, "Person", role=row.role))
    notes: dict[str, list[str]] = {}
    for row in caseload.tables["events"].itertuples():
        if isinstance(row.note, str):
            notes.setdefault(str(row.case_id), []).append(row.note)
    others = OtherPeople(((p.given_name, p.family_name) for people in persons.values()
                          for p in people), lexicon)
    places = PlaceFinder("Köln", "Köln")
    for case_id, texts in notes.items():
        scrubber = Scrubber(persons.get(case_id, []), lexicon, others, places)
        assert scrubber.analyze_many(texts) == [scrubber.analyze(t) for t in texts], case_id


@pytest.mark.parametrize("text", ["Straße", "Groß\u00adartig ß", "İstanbul ẞ\u0301x", "a\u200bb"])
def test_fold_maps_growing_and_vanishing_characters_back(text):
    folded, index_map = fold(text)
    assert len(index_map) == len(folded) + 1 and index_map[-1] == len(text)
    rebuilt = "".join(text[index_map[i]] for i in range(len(folded)))
    assert len(rebuilt) == len(folded)
    assert all(index_map[i] <= index_map[i + 1] for i in range(len(folded)))
