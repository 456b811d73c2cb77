"""Countries of origin of KIM clients in NRW, with what goes with each origin.

Weights follow the rough composition of KIM caseloads (Syria and Ukraine first, then
Afghanistan, Iraq, Türkei, South-East Europe); residence titles, arrival waves, passports and
languages are tied to the origin so that the records look right to a case manager, and so that
rare origins in small towns become the re-identification risk the pseudonymiser must see.
"""

from __future__ import annotations

from dataclasses import dataclass

# Residence titles as German records write them.
R25_1 = "Aufenthaltserlaubnis § 25 Abs. 1 AufenthG (Asylberechtigung)"
R25_2F = "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG (Flüchtlingseigenschaft)"
R25_2S = "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG (subsidiärer Schutz)"
R25_3 = "Aufenthaltserlaubnis § 25 Abs. 3 AufenthG (Abschiebungsverbot)"
R25_5 = "Aufenthaltserlaubnis § 25 Abs. 5 AufenthG"
R25B = "Aufenthaltserlaubnis § 25b AufenthG"
R22 = "Aufenthaltserlaubnis § 22 Satz 2 AufenthG (Aufnahmezusage)"
R23 = "Aufenthaltserlaubnis § 23 Abs. 2 AufenthG (Bundesaufnahmeprogramm)"
R24 = "Aufenthaltserlaubnis § 24 AufenthG (vorübergehender Schutz)"
R30 = "Aufenthaltserlaubnis § 30 AufenthG (Ehegattennachzug)"
R36A = "Aufenthaltserlaubnis § 36a AufenthG (Familiennachzug)"
R19C = "Aufenthaltserlaubnis § 19c AufenthG (Westbalkanregelung)"
R33 = "Aufenthaltserlaubnis § 33 AufenthG"
GEST = "Aufenthaltsgestattung"
DUL = "Duldung § 60a AufenthG"
DUL_AUSB = "Ausbildungsduldung § 60c AufenthG"
DUL_ID = "Duldung § 60b AufenthG (ungeklärte Identität)"
CHANCE = "Chancen-Aufenthaltsrecht § 104c AufenthG"
FIKT = "Fiktionsbescheinigung § 81 Abs. 4 AufenthG"
NE = "Niederlassungserlaubnis"
NE26 = "Niederlassungserlaubnis § 26 Abs. 3 AufenthG"
FREI = "Freizügigkeit (EU)"
DAUER_EU = "Daueraufenthaltsrecht (EU)"


@dataclass(frozen=True)
class Group:
    """A community within an origin: where its names come from and which languages it speaks."""

    names: str  # key of names.NAME_LISTS or a Faker locale
    languages: tuple[tuple[str, float], ...]  # ";"-separated ISO 639-1 with weights
    weight: float = 1.0


@dataclass(frozen=True)
class Origin:
    code: str  # ISO 3166-1 alpha-2
    country: str  # German country name, as notes use it ("aus Syrien")
    adjective: str  # stem for "syrischer Pass", "syrische Botschaft"
    weight: float
    groups: tuple[Group, ...]
    statuses: tuple[tuple[str, float], ...]
    arrivals: tuple[tuple[str, str, float], ...]  # arrival waves: (from, to, weight)
    passport: str  # A = letter, 9 = digit, other characters literally
    destatis: str  # Staatsangehörigkeitsschlüssel, the suffix of BAMF file numbers
    dial: str  # country calling code
    consulate: str
    mail_domains: tuple[str, ...] = ()
    keeps_name: float = 0.1  # share of wives who keep their own family name
    patronymic: bool = False  # children carry the father's given name as family name
    eu: bool = False


def _g(names: str, *languages: tuple[str, float], weight: float = 1.0) -> Group:
    return Group(names, tuple(languages), weight)


ORIGINS: dict[str, Origin] = {o.code: o for o in (
    Origin("SY", "Syrien", "syrisch", 22,
           (_g("levant", ("ar", 8), ("ar;en", 2), weight=0.8),
            _g("kurdish", ("ku;ar", 6), ("ku", 1), weight=0.2)),
           ((R25_2F, 3), (R25_2S, 4), (R36A, 1), (NE26, 1.5), (R25B, 0.5), (GEST, 0.6),
            (FIKT, 0.4)),
           (("2013-06-01", "2014-12-31", 2), ("2015-01-01", "2016-12-31", 7),
            ("2017-01-01", "2019-12-31", 2), ("2020-01-01", "2030-12-31", 2.5)),
           "N999999999", "475", "963", "Botschaft der Arabischen Republik Syrien in Berlin",
           keeps_name=0.8),
    Origin("UA", "Ukraine", "ukrainisch", 14,
           (_g("uk_UA", ("uk;ru", 5), ("uk", 3), ("ru;uk", 2)),),
           ((R24, 12), (FIKT, 1.2), (R30, 0.3), (NE, 0.2)),
           (("2022-02-24", "2022-12-31", 7), ("2023-01-01", "2030-12-31", 3),
            ("2012-01-01", "2021-12-31", 0.3)),
           "AA999999", "166", "380",
           "Konsularabteilung des Generalkonsulats der Ukraine in Düsseldorf",
           ("ukr.net", "i.ua", "gmail.com"), keeps_name=0.05),
    Origin("AF", "Afghanistan", "afghanisch", 9,
           (_g("afghan", ("fa", 6), ("ps;fa", 3), ("fa;en", 1)),),
           ((GEST, 2), (R25_3, 2.5), (R25_2F, 2), (R25_2S, 1), (R22, 1), (R23, 0.8), (DUL, 1),
            (CHANCE, 0.5), (DUL_AUSB, 0.3)),
           (("2015-06-01", "2016-12-31", 4), ("2017-01-01", "2021-07-31", 1.5),
            ("2021-08-15", "2023-12-31", 4), ("2024-01-01", "2030-12-31", 1)),
           "P99999999", "423", "93", "Konsularabteilung des afghanischen Generalkonsulats in Bonn",
           keeps_name=0.85),
    Origin("IQ", "Irak", "irakisch", 8,
           (_g("levant", ("ar", 5), ("ar;en", 1), weight=0.5),
            _g("kurdish", ("ku;ar", 5), ("ku", 2), weight=0.5)),
           ((R25_2F, 3), (R25_2S, 1.5), (DUL, 1.5), (GEST, 0.8), (CHANCE, 0.8), (R25B, 0.6),
            (NE26, 0.8), (DUL_ID, 0.3)),
           (("2014-08-01", "2017-12-31", 6), ("2018-01-01", "2030-12-31", 2)),
           "A99999999", "438", "964",
           "Konsularabteilung des irakischen Generalkonsulats in Frankfurt",
           keeps_name=0.8),
    Origin("TR", "Türkei", "türkisch", 8,
           (_g("tr_TR", ("tr", 8), ("tr;en", 1), weight=0.75),
            _g("tr_TR", ("ku;tr", 3), weight=0.25)),
           ((GEST, 3), (R25_2F, 1.5), (DUL, 0.8), (R30, 1.5), (NE, 1), (R25_3, 0.3)),
           (("2000-01-01", "2015-12-31", 1), ("2016-07-15", "2021-12-31", 2),
            ("2022-01-01", "2030-12-31", 4)),
           "U99999999", "163", "90", "Konsularabteilung des türkischen Generalkonsulats in Essen",
           ("gmail.com", "hotmail.com", "yandex.com.tr"), keeps_name=0.1),
    Origin("RO", "Rumänien", "rumänisch", 5,
           (_g("ro_RO", ("ro", 6), ("ro;hu", 0.5), ("ro;en", 1)),),
           ((FREI, 10), (DAUER_EU, 1)),
           (("2014-01-01", "2030-12-31", 1),),
           "99999999", "154", "40", "Konsularabteilung des rumänischen Generalkonsulats in Bonn",
           ("yahoo.ro", "yahoo.com", "gmail.com"), keeps_name=0.05, eu=True),
    Origin("BG", "Bulgarien", "bulgarisch", 4,
           (_g("bg_BG", ("bg", 6), ("bg;ru", 1), weight=0.7),
            _g("tr_TR", ("tr;bg", 4), weight=0.3)),
           ((FREI, 10), (DAUER_EU, 1)),
           (("2014-01-01", "2030-12-31", 1),),
           "999999999", "125", "359", "Botschaft der Republik Bulgarien in Berlin",
           ("abv.bg", "gmail.com", "mail.bg"), keeps_name=0.05, eu=True),
    Origin("IR", "Iran", "iranisch", 4,
           (_g("persian", ("fa", 6), ("fa;en", 2)),),
           ((R25_2F, 3), (R25_1, 0.6), (GEST, 2), (DUL, 0.8), (NE26, 0.6), (R25_3, 0.4)),
           (("2015-01-01", "2016-12-31", 2), ("2017-01-01", "2030-12-31", 3)),
           "K99999999", "439", "98",
           "Konsularabteilung des iranischen Generalkonsulats in Frankfurt",
           ("gmail.com", "yahoo.com"), keeps_name=0.9),
    Origin("ER", "Eritrea", "eritreisch", 3,
           (_g("tigrinya", ("ti", 6), ("ti;en", 2), ("ti;ar", 1)),),
           ((R25_2F, 3), (R25_2S, 2), (R36A, 1), (NE26, 0.5)),
           (("2014-01-01", "2016-12-31", 4), ("2017-01-01", "2030-12-31", 3)),
           "P9999999", "224", "291", "Botschaft des Staates Eritrea in Berlin",
           keeps_name=0.95, patronymic=True),
    Origin("PL", "Polen", "polnisch", 3,
           (_g("pl_PL", ("pl", 8), ("pl;en", 1)),),
           ((FREI, 8), (DAUER_EU, 3)),
           (("2004-05-01", "2030-12-31", 1),),
           "AA9999999", "152", "48", "Konsularabteilung des polnischen Generalkonsulats in Köln",
           ("wp.pl", "o2.pl", "interia.pl", "gmail.com"), keeps_name=0.05, eu=True),
    Origin("SO", "Somalia", "somalisch", 2,
           (_g("somali", ("so", 6), ("so;ar", 2), ("so;en", 1)),),
           ((R25_2F, 2), (R25_2S, 2), (GEST, 1.5), (DUL, 1), (R25_3, 0.5)),
           (("2014-01-01", "2017-12-31", 3), ("2018-01-01", "2030-12-31", 2)),
           "P99999999", "273", "252", "Botschaft der Bundesrepublik Somalia in Berlin",
           keeps_name=0.95, patronymic=True),
    Origin("RU", "Russische Föderation", "russisch", 2,
           (_g("ru_RU", ("ru", 8), ("ru;en", 2)),),
           ((GEST, 2), (R25_2F, 1), (R30, 1), (NE, 1), (DUL, 0.5)),
           (("2005-01-01", "2021-12-31", 2), ("2022-03-01", "2030-12-31", 4)),
           "99 9999999", "160", "7", "Konsularabteilung des russischen Generalkonsulats in Bonn",
           ("mail.ru", "yandex.ru", "gmail.com"), keeps_name=0.05),
    Origin("NG", "Nigeria", "nigerianisch", 2,
           (_g("yo_NG", ("en;yo", 5), ("en", 2), weight=0.5),
            _g("ig_NG", ("en;ig", 5), ("en", 2), weight=0.5)),
           ((DUL, 3), (GEST, 2), (DUL_AUSB, 1), (CHANCE, 1), (R25_3, 0.8), (R30, 0.5)),
           (("2015-01-01", "2030-12-31", 1),),
           "A99999999", "232", "234", "Botschaft der Bundesrepublik Nigeria in Berlin",
           ("yahoo.com", "gmail.com"), keeps_name=0.1),
    Origin("GN", "Guinea", "guineisch", 2,
           (_g("fula", ("fr;ff", 5), ("fr", 2), ("ff", 1)),),
           ((DUL, 3), (GEST, 2), (DUL_AUSB, 1.2), (CHANCE, 1), (R25_3, 0.5)),
           (("2016-01-01", "2030-12-31", 1),),
           "R9999999", "261", "224", "Botschaft der Republik Guinea in Berlin",
           ("yahoo.fr", "gmail.com", "hotmail.fr"), keeps_name=0.6),
    Origin("AL", "Albanien", "albanisch", 2,
           (_g("albanian", ("sq", 8), ("sq;it", 1)),),
           ((DUL, 2), (R19C, 2), (CHANCE, 1), (DUL_AUSB, 0.8), (R25B, 0.6), (R30, 0.6)),
           (("2014-01-01", "2016-12-31", 3), ("2017-01-01", "2030-12-31", 2)),
           "BA9999999", "121", "355", "Botschaft der Republik Albanien in Berlin",
           ("gmail.com", "hotmail.com"), keeps_name=0.05),
    Origin("RS", "Serbien", "serbisch", 1.5,
           (_g("albanian", ("sq;sr", 5), weight=0.5), _g("serbian", ("sr", 5), weight=0.5)),
           ((DUL, 3), (R19C, 1), (CHANCE, 1.2), (R25B, 0.8), (R25_5, 0.5)),
           (("2012-01-01", "2016-12-31", 3), ("2017-01-01", "2030-12-31", 2)),
           "999999999", "170", "381",
           "Konsularabteilung des serbischen Generalkonsulats in Düsseldorf",
           ("gmail.com", "hotmail.com"), keeps_name=0.05),
    Origin("LB", "Libanon", "libanesisch", 1.5,
           (_g("levant", ("ar;fr", 4), ("ar", 3), ("ar;en", 2)),),
           ((R25_5, 1.5), (DUL, 1.5), (NE, 1), (R30, 1), (R25B, 0.6)),
           (("2005-01-01", "2019-12-31", 2), ("2020-01-01", "2030-12-31", 2)),
           "RL9999999", "451", "961", "Botschaft der Libanesischen Republik in Berlin",
           ("hotmail.com", "gmail.com"), keeps_name=0.7),
    Origin("AZ", "Aserbaidschan", "aserbaidschanisch", 1,
           (_g("az_AZ", ("az;ru", 5), ("az", 2)),),
           ((GEST, 2), (DUL, 2), (R25_3, 0.5), (R30, 0.5)),
           (("2017-01-01", "2030-12-31", 1),),
           "C99999999", "425", "994", "Botschaft der Republik Aserbaidschan in Berlin",
           ("mail.ru", "gmail.com"), keeps_name=0.1),
    Origin("GH", "Ghana", "ghanaisch", 1,
           (_g("tw_GH", ("en;ak", 5), ("en", 2)),),
           ((DUL, 2), (R30, 1.5), (GEST, 1), (DUL_AUSB, 0.8), (NE, 0.5)),
           (("2012-01-01", "2030-12-31", 1),),
           "G9999999", "238", "233", "Botschaft der Republik Ghana in Berlin",
           ("yahoo.com", "gmail.com"), keeps_name=0.2),
)}

# Family-name conventions of the Faker locales (feminine forms in names.feminine_family_name).
SURNAME_LANG = {"uk_UA": "uk", "ru_RU": "ru", "bg_BG": "bg", "pl_PL": "pl", "az_AZ": "az"}

# German names of the languages, as notes mention them ("Dolmetscherin für Arabisch").
LANGUAGE_NAMES = {
    "ar": "Arabisch", "ku": "Kurmandschi", "fa": "Dari", "ps": "Paschtu", "uk": "Ukrainisch",
    "ru": "Russisch", "tr": "Türkisch", "ro": "Rumänisch", "hu": "Ungarisch", "bg": "Bulgarisch",
    "pl": "Polnisch", "ti": "Tigrinya", "so": "Somali", "en": "Englisch", "fr": "Französisch",
    "ff": "Fulfulde", "sq": "Albanisch", "sr": "Serbisch", "it": "Italienisch",
    "az": "Aserbaidschanisch", "yo": "Yoruba", "ig": "Igbo", "ak": "Twi", "de": "Deutsch",
}
