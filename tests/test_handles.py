"""User names, links, vehicle plates and file numbers as case managers write them by hand."""

from __future__ import annotations

import pytest

from kimtools.privacy.handles import find_handles
from kimtools.privacy.scrubber import Scrubber


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber()


@pytest.mark.parametrize(("text", "expected"), [
    ("Kontakt über Instagram @ahmad.k92 und Telegram @ahmad_k",
     "Kontakt über Instagram [Kennung] und Telegram [Kennung]"),
    ("Profil unter https://www.facebook.com/ahmad.karimi.54.", "Profil unter [Kennung]."),
    ("Infos auf www.example-verein.de/mitglieder/karimi (Foto)",
     "Infos auf [Kennung] (Foto)"),
    ("Nutzername: ahmadk bei Skype", "Nutzername: [Kennung] bei Skype"),
    ("Signal: ahmad.92", "Signal: [Kennung]"),
    ("Auto GT-AK 123 wurde abgeschleppt", "Auto [Kennzeichen] wurde abgeschleppt"),
    ("Kennzeichen GT AK 1234", "Kennzeichen [Kennzeichen]"),
    ("Sein Pkw mit dem Kennzeichen BI XY 12E", "Sein Pkw mit dem Kennzeichen [Kennzeichen]"),
    ("AZ: XY-ABC 2021/0123", "AZ: [Aktenzeichen]"),
    ("AZ Jobcenter 2021/123", "AZ Jobcenter [Aktenzeichen]"),
    ("Az. des Jobcenters: 123D456789", "Az. des Jobcenters: [Aktenzeichen]"),
    ("ABH 12345/21 liegt vor", "ABH [Aktenzeichen] liegt vor"),
    ("Antrag beim BAMF unter 7654321-475 erfasst", "Antrag beim BAMF unter [Aktenzeichen] erfasst"),
])
def test_found_and_replaced(scrubber, text, expected):
    assert scrubber.scrub(text)[0] == expected


@pytest.mark.parametrize("text", [
    "Leistungen nach SGB II 2023 beantragt",
    "Antrag beim BAMF 2023 gestellt",
    "Profil aktualisiert, Konto bei der Sparkasse eröffnet",
    "AZ Jobcenter 2021 noch offen",
    "Kurs B1 ab 12.2024, Modul 3-4, § 25b AufenthG",
    "Führerschein Klasse B, Umschreibung beim Straßenverkehrsamt",
])
def test_ordinary_text_stays(scrubber, text):
    assert scrubber.scrub(text)[0] == text


def test_findings_carry_type_and_reason():
    assert find_handles("Instagram @ahmad.k92") == [(10, 20, "handle", "Nutzername (@)")]
