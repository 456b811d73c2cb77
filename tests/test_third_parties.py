"""People of other cases of the caseload are known third parties: the scrubber replaces them.

Before, a note naming a sibling with a case of their own (or an office worker who happens to
share a client's name) was left for the leak gate, which refused the whole package.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import accept_suggestions

from kimtools.caseload import read_caseload
from kimtools.privacy.keys import load_or_create_key
from kimtools.privacy.lexicon import NameLexicon
from kimtools.privacy.pseudonymise import prepare_package, write_package
from kimtools.privacy.scrubber import KnownPerson, Scrubber
from kimtools.privacy.thirdparties import OtherPeople
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2026, 10, 1)
CASELOAD_NAMES = [("Qusai", "Qassab"), ("Karl", "Koch"), ("Jürgen", "Müller"),
                  ("Sidra", "Abu Zeid"), ("Amal", "El Masri")]


@pytest.fixture(scope="module")
def lexicon() -> NameLexicon:
    return NameLexicon.default()


@pytest.fixture(scope="module")
def others(lexicon) -> OtherPeople:
    return OtherPeople(CASELOAD_NAMES, lexicon)


def scrub(others, lexicon, text, persons=()) -> str:
    return Scrubber(persons, lexicon, others).scrub(text)[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Rücksprache mit Qusai Qassab (Bruder) vereinbart.",
     "Rücksprache mit [Name] (Bruder) vereinbart."),
    ("Termin bei qusai qassab verschoben.", "Termin bei [Name] verschoben."),
    ("Qassab hat die Unterlagen gebracht.", "[Name] hat die Unterlagen gebracht."),
    ("Qassabs Antrag liegt vor.", "[Name]’s Antrag liegt vor."),
    ("Nachbar Karl Koch hilft beim Umzug.", "Nachbar [Name] hilft beim Umzug."),
    ("Der Schwager Mueller übersetzt.", "Der Schwager [Name] übersetzt."),
    ("Sachbearbeiterin Sidra Abu Zeid ruft zurück.", "Sachbearbeiterin [Name] ruft zurück."),
    ("Rückruf von Abu Zeid", "Rückruf von [Name]"),  # a full name at the very end
])
def test_names_of_other_cases_become_placeholders(others, lexicon, text, expected):
    assert scrub(others, lexicon, text) == expected


@pytest.mark.parametrize("text", [
    "Die Köchin der Kita kocht mit den Kindern.",  # the common word "Koch" alone stays
    "Koch- und Putzkurs im Familienzentrum.",
    "Der Kurs für Eltern beginnt im Mai.",
    "Anmeldung beim Jobcenter, Rückmeldung der Ausländerbehörde steht aus.",
])
def test_ordinary_words_stay(others, lexicon, text):
    assert scrub(others, lexicon, text) == text


def test_a_person_of_the_case_keeps_their_label(others, lexicon):
    """A name part shared with another case's person belongs to this case's person."""
    client = KnownPerson("p1", "Amal", "Haddad", "Klientin A", "client", "f")
    assert (scrub(others, lexicon, "Amal Haddad und Amal El Masri waren da.", [client])
            == "Klientin A und [Name] waren da.")


def test_a_package_with_a_note_naming_another_case_is_written(tmp_path, lexicon):
    folder = write_synthetic_caseload(tmp_path / "caseload", cases=40, seed=3, as_of=AS_OF)
    caseload = read_caseload(folder, today=AS_OF)
    cases = caseload.cases
    chosen = cases.loc[cases["consent_conference"] == "yes", "case_id"].iloc[0]
    persons = caseload.persons
    stranger = persons[(persons["case_id"] != chosen) & (persons["role"] == "client")].iloc[0]
    name = f"{stranger['given_name']} {stranger['family_name']}"
    events = caseload.events
    row = events.index[events["case_id"] == chosen][0]
    events.loc[row, "note"] = f"Gespräch gemeinsam mit {name}, Schwägerin der Klientin."
    draft = prepare_package(caseload, [chosen], load_or_create_key(tmp_path / "k.key"), k=1,
                            as_of=AS_OF, lexicon=lexicon)
    accept_suggestions(draft)
    path = write_package(draft, tmp_path / "paket", caseload)
    notes = (path / "events.csv").read_text(encoding="utf-8")
    assert "Gespräch gemeinsam mit [Name], Schwägerin der Klientin." in notes
    assert str(stranger["family_name"]) not in notes
