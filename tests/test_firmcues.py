"""Firms by trade and owner, schools named in one word, hospitals by their name alone and links
that hold a person's name (modules firmcues, facilities, handles): the name goes with the whole
mention."""

from __future__ import annotations

import pytest

from kimtools.privacy.scrubber import KnownPerson, Scrubber

CLIENT = KnownPerson("p1", "Dilan", "Aydemir", "Klientin A", "client", "f")


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber([CLIENT])


@pytest.mark.parametrize(("text", "expected"), [
    # goods or trade and the owner's name, after "bei"
    ("Er jobbt bei Reifen Hoffmann im Lager.", "Er jobbt bei [Firma] im Lager."),
    ("Aushilfe bei Getränke Schmitz seit Mai.", "Aushilfe bei [Firma] seit Mai."),
    ("Sie putzt bei Teppich Nowakowski.", "Sie putzt bei [Firma]."),
    # a master craftsman's business
    ("Praktikum beim Kfz-Meister Brüggemann.", "Praktikum beim [Firma]."),
    ("Er lernt im Malermeisterbetrieb Wiethölter.", "Er lernt im [Firma]."),
    # a school named in one word; a kind of school stays
    ("Die Tochter geht aufs Stiftsgymnasium, der Sohn zur Realschule.",
     "Die Tochter geht aufs [Schule], der Sohn zur Realschule."),
    ("Abendrealschule oder Kreisberufskolleg, sonst die Hansaschule.",
     "Abendrealschule oder Kreisberufskolleg, sonst die [Schule]."),
    # a hospital by its proper name alone, after a stay there
    ("Er liegt seit Montag im Johannesstift.", "Er liegt seit Montag im [Krankenhaus]."),
    ("Sie wurde im Elisabethhaus operiert.", "Sie wurde im [Krankenhaus] operiert."),
    # a link or domain with the client's name in it is her address, not a link
    ("Ihr Shop dilan-naeht.de und tiktok.com/dilan.aydemir.nrw.",
     "Ihr Shop [Kennung] und [Kennung]."),
])
def test_names_in_firms_schools_and_links_go_with_the_mention(scrubber, text, expected) -> None:
    assert scrubber.scrub(text)[0] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sie wohnt bei Tante Ayşe.", "Sie wohnt bei Tante [Name]."),          # a relative
    ("Termin bei Frau Hoffmann.", "Termin bei Frau [Name]."),             # a title
    ("Übernachtet bei Ahmed Yilmaz.", "Übernachtet bei [Name]."),          # a person
    ("Infos auf bamf.de und jobcenter-guetersloh.de.",                    # no name inside
     "Infos auf bamf.de und jobcenter-guetersloh.de."),
    ("Der Meister Elektrotechnik ist anerkannt.", "Der Meister Elektrotechnik ist anerkannt."),
    ("Sie liegt im Wochenbett, das liegt im Ermessen des Arztes.",
     "Sie liegt im Wochenbett, das liegt im Ermessen des Arztes."),
])
def test_persons_and_plain_links_are_no_firms(scrubber, text, expected) -> None:
    assert scrubber.scrub(text)[0] == expected
