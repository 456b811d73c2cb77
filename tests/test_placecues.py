"""Places that no gazetteer lists, recognised from context and form (module placecues): an
Ortsteil by a place-name ending or a word of living there, a place of unknown level after
"in"/"aus"/"nach"; German words, languages, regions, countries and municipalities stay."""

from __future__ import annotations

import pytest

from kimtools.privacy.placecues import german_word, toponym
from kimtools.privacy.places import PlaceFinder
from kimtools.privacy.scrubber import Scrubber


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber(places=PlaceFinder("Gelsenkirchen", "Gelsenkirchen"))


@pytest.mark.parametrize(("text", "expected"), [
    # a word of living there makes any unknown word a place
    ("Er wohnt seit März in Bulmke.", "Er wohnt seit März in [Ortsteil]."),
    ("Er ist nach Haverkamp gezogen.", "Er ist nach [Ortsteil] gezogen."),
    # a place-name ending after a bare "in"
    ("Termin im Imbiss in Holsterhausen.", "Termin im Imbiss in [Ortsteil]."),
    ("Der Onkel wohnt in Rotthausen bei Verwandten.",
     "Der Onkel wohnt in [Ortsteil] bei Verwandten."),
    # "Schloss …", "Bad …" open a German place name; the municipality with a direction
    ("Wohnung in Schloss Berge gefunden.", "Wohnung in [Ortsteil] gefunden."),
    ("Sie wohnt in Gelsenkirchen-Nord.", "Sie wohnt in [Ortsteil]."),
    # an unknown word after "aus": a place of unknown level; a town abroad stays [Herkunftsort]
    ("Sie stammt aus Sheikhan, der Bruder aus Kobane.",
     "Sie stammt aus [Ort], der Bruder aus [Herkunftsort]."),
])
def test_places_by_context_and_form_are_replaced(scrubber, text, expected) -> None:
    assert scrubber.scrub(text)[0] == expected


@pytest.mark.parametrize("text", [
    "Er arbeitet in Teilzeit, in Absprache mit dem JC.",
    "Beratung in Gemeinschaftsunterkünften und Sprachkursen in Nordrhein-Westfalen.",
    "Umzug nach Bochum, Schwester in Gelsenkirchen.",
    "Sie zog in Bad Salzuflen zu ihrer Tante.",     # a municipality of GeoNames
    "Die Großeltern leben in Punjab.",              # a region (ISO 3166-2)
    "Die Eltern leben in Tigray.",                  # the same with y for i ("Tigrai")
    "Sie spricht in Farsi und Dari.",               # languages, after a word of speaking
    "Die Familie kommt aus Aserbaidschan.",         # a country in German
    "Das Gespräch in Kurmandschi lief gut.",
])
def test_words_languages_regions_and_municipalities_stay(scrubber, text) -> None:
    assert scrubber.scrub(text)[0] == text


@pytest.mark.parametrize(("word", "expected"), [
    ("Sammelunterkunft", True), ("Gemeinschaftsunterkünften", True), ("Elternzeit", True),
    ("Kindertageseinrichtungen", True), ("Ordnung", True),
    ("Bulmke", False), ("Sutum", False), ("Oberhüls", False),
])
def test_german_word_by_frequency_ending_and_compound(word, expected) -> None:
    assert german_word(word) is expected


@pytest.mark.parametrize(("word", "expected"), [
    ("Holsterhausen", True), ("Resserfeld", True), ("Buerdorf", True), ("Hassel", False),
    ("Dorf", False), ("Berg", False),
])
def test_place_name_endings(word, expected) -> None:
    assert toponym(word) is expected
