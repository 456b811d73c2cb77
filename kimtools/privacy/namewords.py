"""Words around names: role words that stand before a name, endings of foreign family names.

The scrubber reads a capitalised word after a role word ("Sachbearbeiterin …") as a name, but
not a role word after a title ("Frau Sachbearbeiterin"); a word of six letters or more with
the ending of a foreign family name ("-escu", "-oğlu", "-enko") is a name unless listed here
as a German or place word.
"""

from __future__ import annotations

from kimtools.privacy.lexicon import fold_word
from kimtools.privacy.patterns import folded_words

#: Words after a title that name a role, not a person ("Frau Sachbearbeiterin").
ROLE_WORDS = folded_words("""
    Abgeordnete Abgeordneter Anwalt Anwältin Arzt Ärztin Berater Beraterin Betreuer Betreuerin
    Bürgermeister Bürgermeisterin Direktor Direktorin Doktor Dolmetscher Dolmetscherin Kollege
    Kollegin Klient Klientin Kommissar Kommissarin Landrat Landrätin Lehrer Lehrerin Leiter
    Leiterin Minister Ministerin Mitarbeiter Mitarbeiterin Nachbar Nachbarin Pfarrer Pfarrerin
    Präsident Präsidentin Professor Professorin Rechtsanwalt Rechtsanwältin Referent Referentin
    Richterin Sachbearbeiter Sachbearbeiterin Stadtrat Stadträtin Vermieter Vermieterin
    Vorsitzende Vorsitzender Beauftragte Beauftragter Integrationsbeauftragte Fallmanager
    Fallmanagerin Case Managerin Manager Sozialarbeiter Sozialarbeiterin Erzieher Erzieherin
    Schulleiter Schulleiterin Pate Patin Lotse Lotsin Mentor Mentorin Arbeitgeber Arbeitgeberin
    Chef Chefin Ansprechpartner Ansprechpartnerin Sprachmittler Sprachmittlerin Hausarzt
    Hausärztin Kinderarzt Kinderärztin Trainer Trainerin Hausmeister Hausmeisterin
    Arbeitsvermittler Arbeitsvermittlerin Fachkraft Hebamme Therapeut Therapeutin Psychologe
    Psychologin Familienhelfer Familienhelferin Ehrenamtliche Ehrenamtlicher Dr Prof Dipl Med
    Ing Mag
    """)
ROLE_SUFFIXES = tuple(fold_word(w) for w in (
    "leiterin", "leiter", "arbeiterin", "arbeiter", "beraterin", "berater", "betreuerin",
    "betreuer", "managerin", "beauftragte", "beauftragter", "lehrerin", "dolmetscherin",
    "anwältin", "ärztin", "vorsitzende", "vorsitzender", "referentin", "sachbearbeiterin",
    "sachbearbeiter", "mitarbeiterin", "mitarbeiter", "vermieterin", "vermieter", "erzieherin",
))

#: Endings of foreign family names that German words do not have (words of 6+ letters).
SURNAME_ENDINGS = tuple(fold_word(w) for w in (
    "escu", "eanu", "oglu", "oğlu", "ović", "ovic", "ević", "evic", "ski", "ska", "cki", "cka",
    "dzki", "dzka", "wicz", "enko", "chuk", "czuk", "zadeh", "zada", "pour", "ullah", "uddin",
    "shvili", "dze", "yan", "jan", "ova", "eva", "ov", "ev",
))
SURNAME_ENDING_EXCEPTIONS = folded_words("""
    Aserbaidschan Pakistan Sudan Iran Kasachstan Usbekistan Turkmenistan Tadschikistan
    Kirgisistan Afghanistan Dagestan Tatarstan Plan Vulkan Organ Veteran Marzipan Schwan Kran
    Ozean Orkan Roman Tulpan Caravan Minivan Cardigan Moskva Genova Casanova Prov Nova Supernova
    Kiew Lwiw Charkiw Dnipro Rostov Kursk Slov Improv Relev
    """)
