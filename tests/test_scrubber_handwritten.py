"""The hand-written corpus (tests/data) as regression set: no strict leak of any class, every
expected replacement and domain word in place, clean prose left alone."""

from __future__ import annotations

import pytest
from handwritten import load_notes, prose_words

from kimtools.privacy.places import PlaceFinder
from kimtools.privacy.scrubber import KnownPerson, Scrubber

NOTES = load_notes()


def scrub(note) -> str:
    return Scrubber(note.persons, places=PlaceFinder(note.municipality, note.district)
                    ).scrub(note.text)[0]


def test_corpus_is_large_enough_and_covers_every_class() -> None:
    assert len(NOTES) >= 40
    classes = {kind for note in NOTES for kind, _ in note.leaks}
    assert classes >= {"person", "variant", "titled", "firm", "facility", "place", "ortsteil",
                       "handle", "plate", "file_number", "pattern"}
    assert all(note.persons and note.text and note.keeps for note in NOTES)
    assert sum(len(note.flags) for note in NOTES) >= 10
    assert prose_words()[1] >= 3000


@pytest.mark.parametrize("note", NOTES, ids=[n.note_id for n in NOTES])
def test_no_strict_leak_and_domain_words_kept(note) -> None:
    out = scrub(note)
    assert [(kind, text) for kind, text in note.leaks if text in out] == []
    assert [want for want in note.wants if want not in out] == []
    assert [word for word in note.keeps if word not in out] == []


def test_clean_prose_false_replacements_below_one_per_10000_words() -> None:
    text, words = prose_words()
    detections = Scrubber().analyze(text)
    assert len(detections) * 10_000 / words < 1, [(d.type, d.text) for d in detections]


def test_religious_office_word_is_no_name() -> None:
    out = Scrubber().scrub("Er war der einzige Imam der Gemeinde, vorher Vorbeter.")[0]
    assert out == "Er war der einzige Imam der Gemeinde, vorher Vorbeter."


def test_kita_name_of_ordinary_words_goes_whole() -> None:
    out = Scrubber().scrub("Platz in der Kita Die kleinen Strolche, vorher Kita Kleine Welt.")[0]
    assert out == "Platz in der Kita [Name], vorher Kita [Name]."


def test_father_sharing_a_name_part_with_the_child_keeps_his_role() -> None:
    persons = [KnownPerson("c", "Abdulrahman", "Khalil", "Klient A", "client", "m"),
               KnownPerson("k", "Khalil", "Mahmoud", "Kind A1", "child", "m"),
               KnownPerson("f", "Mahmoud", "Khalil", "Vater A", "father", "m")]
    out = Scrubber(persons).scrub("Vater Mahmoud Khalil holt Khalil Mahmoud ab.")[0]
    assert out == "Vater Vater A holt Kind A1 ab."


def test_spelling_variants_get_the_persons_label_but_other_families_do_not() -> None:
    persons = [KnownPerson("c", "Tesfay", "Gebremedhin", "Klient A", "client", "m"),
               KnownPerson("p", "Oleksandr", "Ahmad", "Partner A", "partner", "m")]
    out = Scrubber(persons).scrub("Gebremedin und Sascha kamen, Familie Ahmadi nicht.")[0]
    assert out.startswith("Klient A und Partner A kamen")
    assert "Partner A" not in out.split("Familie")[1]


def test_titles_decide_for_german_words_and_role_words() -> None:
    out = Scrubber().scrub("Fr. Mai, Frau Sommer und Pate Wolf; Meister Hollmann, "
                           "Meister Elektrotechnik.")[0]
    assert out == ("Fr. [Name], Frau [Name] und Pate [Name]; Meister [Name], "
                   "Meister Elektrotechnik.")


def test_municipality_district_and_countries_stay() -> None:
    places = PlaceFinder("Gütersloh", "Kreis Gütersloh")
    text = "Ausländerbehörde Kreis Gütersloh, Umzug innerhalb Gütersloh, Familie aus Syrien."
    assert Scrubber(places=places).scrub(text)[0] == text
