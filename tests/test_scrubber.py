"""Free-text scrubber: persons of the case, third parties, patterns, domain words kept."""

from __future__ import annotations

import datetime as dt

import pytest

from kimtools.privacy import (
    PLACEHOLDERS,
    Detection,
    KnownPerson,
    NameLexicon,
    Scrubber,
    fold,
    span_end,
)
from kimtools.privacy.places import PlaceFinder

CLIENT = KnownPerson("P-1", "Fatima", "Al-Hassan", "Klientin A", role="client", gender="f")
PARTNER = KnownPerson("P-2", "Abdul Rahman", "Al-Hassan", "Partner A", role="partner",
                      gender="m")
CHILD = KnownPerson("P-3", "Ayşe", "Yılmaz", "Kind A", role="child", gender="f")
OTHERS = [
    KnownPerson("P-4", "Mehmet", "Şahin", "Klient B", role="client", gender="m"),
    KnownPerson("P-5", "Agnieszka", "Wiśniewska", "Klientin C", role="client"),
    KnownPerson("P-6", "Ioana", "Ștefănescu", "Klientin D", role="client"),
    KnownPerson("P-7", "Jürgen", "Müller", "Klient E", role="client"),
    KnownPerson("P-8", "Olena", "Kowalenko-Brinkmann", "Klientin F", role="client"),
    KnownPerson("P-9", "Mohammed", "Ahmad", "Klient G", role="client"),
]


@pytest.fixture(scope="module")
def family() -> Scrubber:
    return Scrubber([CLIENT, PARTNER, CHILD])


@pytest.fixture(scope="module")
def others() -> Scrubber:
    return Scrubber(OTHERS)


@pytest.fixture(scope="module")
def plain() -> Scrubber:
    return Scrubber()


def found(scrubber: Scrubber, text: str) -> list[tuple[str, str, str | None]]:
    return [(d.text, d.type, d.person_id) for d in scrubber.analyze(text)]


def assert_consistent(text: str, detections: list[Detection]) -> None:
    previous_end = 0
    for det in detections:
        assert text[det.start:det.end] == det.text
        assert det.start >= previous_end, "overlapping or unsorted"
        assert det.reason
        previous_end = det.end


# ---------------------------------------------------------------------------------------------
# fold
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("Şahin", "sahin"), ("SAHIN", "sahin"), ("Wiśniewska", "wisniewska"),
    ("Ștefănescu", "stefanescu"), ("Müller", "muller"), ("Straße", "strasse"),
    ("İlkay", "ilkay"), ("Yılmaz", "yilmaz"), ("Łukasz", "lukasz"), ("Ærø", "aero"),
    ("Al‐Khatib", "al-khatib"), ("Yılmaz’", "yilmaz'"), ("Ĺ", "l"),
])
def test_fold(raw: str, expected: str) -> None:
    folded, index_map = fold(raw)
    assert folded == expected
    assert len(index_map) == len(folded) + 1
    assert index_map[len(folded)] == len(raw)


def test_fold_index_map_with_expansions_and_combining_marks() -> None:
    raw = "Große Straße, S\u0327ahin und İlkay"  # ß → ss, S + combining cedilla
    folded, index_map = fold(raw)
    assert folded == "grosse strasse, sahin und ilkay"
    start = folded.index("sahin")
    assert raw[index_map[start]:span_end(index_map, start + 5)] == "S\u0327ahin"
    start = folded.index("strasse")
    assert raw[index_map[start]:span_end(index_map, start + 7)] == "Straße"
    start = folded.index("ilkay")
    assert raw[index_map[start]:span_end(index_map, start + 5)] == "İlkay"
    # a match ending inside an expansion covers the whole original character
    start = folded.index("gros")
    assert raw[index_map[start]:span_end(index_map, start + 4)] == "Groß"


@pytest.mark.parametrize("raw", [
    "Straße, Ærø und Œuvre", "S\u0327ahin mit Soft\u00adhyphen", "ﬁnal ﬂott", "İİİ ıı",
    "a\u0308\u0301b", "Weiß\u200bgasse", "ｶﾞｷﾞ", "x\ufeffy", "Ǆemal",
])
def test_fold_index_map_is_consistent(raw: str) -> None:
    folded, index_map = fold(raw)
    assert len(index_map) == len(folded) + 1
    assert list(index_map) == sorted(index_map)
    # every folded character comes from the original character the map names
    rebuilt = "".join(fold(raw[i])[0] for i in dict.fromkeys(index_map[:-1]))
    assert rebuilt == folded


def test_fold_ascii_and_length_keeping_paths_return_ranges() -> None:
    assert isinstance(fold("Hallo Welt")[1], range)
    folded, index_map = fold("Şahin Öztürk")
    assert folded == "sahin ozturk"
    assert isinstance(index_map, range)


# ---------------------------------------------------------------------------------------------
# Known persons
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "mention", "person"), [
    ("Fatima kam pünktlich.", "Fatima", "P-1"),
    ("Termin mit FATIMA vereinbart.", "FATIMA", "P-1"),
    ("Gespräch mit fatima geführt.", "fatima", "P-1"),
    ("Fatima Al-Hassan kam pünktlich.", "Fatima Al-Hassan", "P-1"),
    ("Fatima Al Hassan kam pünktlich.", "Fatima Al Hassan", "P-1"),
    ("Fatima AlHassan kam pünktlich.", "Fatima AlHassan", "P-1"),
    ("Al-Hassan, Fatima: Antrag gestellt.", "Al-Hassan", "P-1"),
    ("Abdul Rahman Al-Hassan kam mit.", "Abdul Rahman Al-Hassan", "P-2"),
    ("Abdul-Rahman wartet auf den Bescheid.", "Abdul-Rahman", "P-2"),
    ("AbdulRahman wartet auf den Bescheid.", "AbdulRahman", "P-2"),
    ("Rahman wartet auf den Bescheid.", "Rahman", "P-2"),
    ("Ayşe Yılmaz geht in die Kita.", "Ayşe Yılmaz", "P-3"),
    ("Ayse Yilmaz geht in die Kita.", "Ayse Yilmaz", "P-3"),
    ("AYSE YILMAZ geht in die Kita.", "AYSE YILMAZ", "P-3"),
    ("Die Kita hat Yilmaz' Platz bestätigt.", "Yilmaz'", "P-3"),
    ("Die Kita hat Yılmaz’ Platz bestätigt.", "Yılmaz’", "P-3"),
    ("Fatimas Antrag liegt vor.", "Fatimas", "P-1"),
    ("Hassans Antrag liegt vor.", "Hassans", "P-1"),
    ("Frau Hassans Antrag liegt vor.", "Frau Hassans", "P-1"),
    ("Frau Al-Hassan wurde beraten.", "Frau Al-Hassan", "P-1"),
    ("Herr Al-Hassan wurde beraten.", "Herr Al-Hassan", "P-2"),
    ("Herrn Al Hassan wurde geraten, ...", "Herrn Al Hassan", "P-2"),
    ("Frau Dr. Yılmaz war anwesend.", "Frau Dr. Yılmaz", "P-3"),
    ("Al-Hassan legte den Bescheid vor.", "Al-Hassan", "P-1"),
])
def test_known_person_forms(family: Scrubber, text: str, mention: str, person: str) -> None:
    detections = family.analyze(text)
    assert_consistent(text, detections)
    persons = [d for d in detections if d.type == "person"]
    assert persons, text
    assert persons[0].text == mention
    assert persons[0].person_id == person


@pytest.mark.parametrize(("text", "mention", "person"), [
    ("Mehmet Şahin erschien.", "Mehmet Şahin", "P-4"),
    ("Herr Sahin erschien.", "Herr Sahin", "P-4"),
    ("SAHIN erschien.", "SAHIN", "P-4"),
    ("Frau Wisniewska erschien.", "Frau Wisniewska", "P-5"),
    ("Wiśniewskas Antrag.", "Wiśniewskas", "P-5"),
    ("Ioana Stefanescu erschien.", "Ioana Stefanescu", "P-6"),
    ("Frau Ștefănescu erschien.", "Frau Ștefănescu", "P-6"),
    ("Herr Mueller erschien.", "Herr Mueller", "P-7"),
    ("Herr Muller erschien.", "Herr Muller", "P-7"),
    ("Juergen Müller erschien.", "Juergen Müller", "P-7"),
    ("Kowalenko erschien.", "Kowalenko", "P-8"),
    ("Frau Brinkmann erschien.", "Frau Brinkmann", "P-8"),
    ("Frau Kowalenko Brinkmann erschien.", "Frau Kowalenko Brinkmann", "P-8"),
    ("Frau Kowalenko-Brinkmann erschien.", "Frau Kowalenko-Brinkmann", "P-8"),
    ("Ahmads Antrag liegt vor.", "Ahmads", "P-9"),
    ("Mohammed Ahmad's Antrag liegt vor.", "Mohammed Ahmad's", "P-9"),
])
def test_known_person_diacritics_and_variants(others: Scrubber, text: str, mention: str,
                                              person: str) -> None:
    detections = others.analyze(text)
    assert_consistent(text, detections)
    assert (detections[0].text, detections[0].type, detections[0].person_id) == (
        mention, "person", person)


def test_known_person_does_not_match_inside_other_words(others: Scrubber) -> None:
    assert found(others, "Ahmadi und Ahmadzai sind andere Familien.") == [
        ("Ahmadi", "name", None), ("Ahmadzai", "name", None)]
    assert not [d for d in others.analyze("Die Müllerei, die Sahinerin") if d.type == "person"]


def test_shared_family_name_goes_to_client_unless_title_or_full_name(family: Scrubber) -> None:
    text = "Al-Hassan kam; Herr Al-Hassan auch; Abdul Rahman Al-Hassan unterschrieb."
    people = [(d.text, d.person_id) for d in family.analyze(text)]
    assert people == [("Al-Hassan", "P-1"), ("Herr Al-Hassan", "P-2"),
                      ("Abdul Rahman Al-Hassan", "P-2")]


def test_person_replaced_by_pseudonym_title_included(family: Scrubber) -> None:
    text = "Frau Al-Hassan und Abdul Rahman waren mit Ayşe beim Jobcenter."
    out, detections = family.scrub(text)
    assert out == "Klientin A und Partner A waren mit Kind A beim Jobcenter."
    assert [d.reason for d in detections] == [
        "Familienname von Klientin A (mit Anrede 'Frau')", "Vorname von Partner A",
        "Vorname von Kind A"]


def test_genitive_kept_in_replacement(family: Scrubber) -> None:
    out, _ = family.scrub("Fatimas Antrag und Yılmaz’ Platz; Hassans Bescheid.")
    assert out == "Klientin A’s Antrag und Kind A’s Platz; Klientin A’s Bescheid."
    named = Scrubber([KnownPerson("X", "Leyla", "Demir", "Lea (Pseudonym)")])
    assert named.scrub("Leylas Antrag")[0] == "Lea (Pseudonym)’s Antrag"
    lower = Scrubber([KnownPerson("X", "Leyla", "Demir", "Lea")])
    assert lower.scrub("Leylas Antrag")[0] == "Leas Antrag"
    ending_s = Scrubber([KnownPerson("X", "Leyla", "Demir", "Klaus")])
    assert ending_s.scrub("Leylas Antrag")[0] == "Klaus’ Antrag"
    quoted = Scrubber([KnownPerson("X", "Ahmad", "Demir", "Klient X")])
    assert quoted.scrub("Er sagte 'Ahmad' und meinte Ahmads Antrag.")[0] == (
        "Er sagte 'Klient X' und meinte Klient X’s Antrag.")


def test_known_name_that_is_a_german_word_needs_capital() -> None:
    scrubber = Scrubber([KnownPerson("X", "Nur", "Koch", "Klientin X", role="client")])
    out, _ = scrubber.scrub("Nur kam nur kurz; Frau Koch möchte nicht mehr als Köchin arbeiten.")
    assert out == "Klientin X kam nur kurz; Klientin X möchte nicht mehr als Köchin arbeiten."


def test_person_with_missing_parts_and_particles() -> None:
    scrubber = Scrubber([
        KnownPerson("X", "Anna", "", "Klientin X"),
        KnownPerson("Y", "", "von der Heide", "Klient Y"),
        KnownPerson("Z", "nan", "de Souza", "Klient Z"),
    ])
    out, _ = scrubber.scrub("Anna traf von der Heide und de Souza; von der Stadt kam nichts.")
    assert out == "Klientin X traf Klient Y und Klient Z; von der Stadt kam nichts."


def test_multi_part_given_names_and_particle_given_names() -> None:
    scrubber = Scrubber([
        KnownPerson("X", "El Mehdi", "Benali", "Klient X", role="client", gender="m"),
        KnownPerson("Y", "El", "Kostova", "Partnerin X", role="partner", gender="f"),
        KnownPerson("Z", "Ben", "Schulz", "Kind X1", role="child", gender="m"),
    ])
    cases = [
        ("El Mehdi wirkte erleichtert.", "Klient X wirkte erleichtert."),
        ("El-Mehdi und ElMehdi, EL MEHDI.", "Klient X und Klient X, Klient X."),
        ("El Mehdis Antrag, Herr El Mehdi Benali.", "Klient X’s Antrag, Klient X."),
        ("Mehdi kam.", "Klient X kam."),
        ("El wirkte erleichtert, Frau El Kostova auch.", "Partnerin X wirkte erleichtert, "
                                                         "Partnerin X auch."),
        ("Ben war da; Bens Schule.", "Kind X1 war da; Kind X1’s Schule."),
    ]
    for text, expected in cases:
        assert scrubber.scrub(text)[0] == expected, text
    # a particle alone is no name, not even of a person with a given name "El"
    assert [(d.text, d.type) for d in scrubber.analyze("Frau El-Khoury kam.")] == [
        ("El-Khoury", "name")]
    assert Scrubber([KnownPerson("X", "El Mehdi", "Benali", "Klient X")]).analyze(
        "Die Villa El Salvador, el mundo.") == []


def test_umlauts_are_not_added_to_names() -> None:
    scrubber = Scrubber([KnownPerson("X", "Volker", "Lange", "Klient X", role="client")])
    out, _ = scrubber.scrub("Die Länge der Wartezeit: Völker und Volker Lange.")
    assert out == "Die Länge der Wartezeit: Völker und Klient X."
    assert Scrubber().analyze("Die Länge, der Schutz, die Völker.") == []


def test_names_starting_with_umlaut_and_azerbaijani_schwa() -> None:
    scrubber = Scrubber([
        KnownPerson("X", "Özerdinç", "Şafak", "Klient X", role="client"),
        KnownPerson("Y", "Müntəzir", "Yaqubov", "Klient Y"),
    ])
    text = "Özerdinç, Ozerdinc, OEZERDINC und Safak; Muntazir Yaqubov, Müntezir."
    out, _ = scrubber.scrub(text)
    assert out == "Klient X, Klient X, Klient X und Klient X; Klient Y, Klient Y."


def test_person_inside_hyphenated_double_name(family: Scrubber) -> None:
    text = "Vermieter ist Brinkmann-Yılmaz."
    detections = family.analyze(text)
    assert [(d.text, d.type) for d in detections] == [("Brinkmann-Yılmaz", "person")]
    assert family.scrub("Das Yılmaz-Gespräch.")[0] == "Das Kind A-Gespräch."


# ---------------------------------------------------------------------------------------------
# Third parties
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Gespräch mit Frau Özdemir vom Jobcenter.", "Özdemir"),
    ("Gespräch mit Frau Dr. Özdemir vom Jobcenter.", "Özdemir"),
    ("Herr Brinkmann-Schulte (Ausländerbehörde) rief an.", "Brinkmann-Schulte"),
    ("Herrn Brinkmann wurde geschrieben.", "Brinkmann"),
    ("Hr. Kowalski und Fr. Nowak waren da.", "Kowalski"),
    ("Dr. Weber hat das Attest ausgestellt.", "Weber"),
    ("Prof. Dr. Lindqvist hat begutachtet.", "Lindqvist"),
    ("Laut Herrn Koch fehlt ein Nachweis.", "Koch"),
    ("Laut Frau Richter fehlt ein Nachweis.", "Richter"),
    ("Frau Anna Brinkmann von der Schule rief an.", "Anna Brinkmann"),
    ("Herr el-Amin kam zur Beratung.", "el-Amin"),
    ("Frau von der Leyen kam nicht.", "von der Leyen"),
    ("Familie Haddad hat eine Wohnung gefunden.", "Haddad"),
    ("Frau Anna de Souza kam.", "Anna de Souza"),
    ("Herr Abu Zeid übersetzte.", "Abu Zeid"),
    ("Vermieterin ist Frau Zwirbelmeier.", "Zwirbelmeier"),
])
def test_names_after_titles(plain: Scrubber, text: str, name: str) -> None:
    detections = plain.analyze(text)
    assert_consistent(text, detections)
    assert detections, text
    assert detections[0].text == name
    assert detections[0].type == "name"
    assert detections[0].reason.startswith("Name nach Anrede")


def test_title_stays_for_third_parties(plain: Scrubber) -> None:
    out, _ = plain.scrub("Frau Dr. Özdemir und Herr Brinkmann-Schulte.")
    assert out == "Frau Dr. [Name] und Herr [Name]."


@pytest.mark.parametrize("text", [
    "Die Frau des Klienten kam mit.",
    "Frau Sachbearbeiterin hat nicht geantwortet.",
    "Herr Bürgermeister lud ein.",
    "Frau und Kinder leben in Syrien.",
    "Herr im eigenen Haus.",
    "Im Bereich Familie Beratung zu Kindergeld.",
    "Handlungsfeld Ehe und Familie: Unterstützung beantragt.",
    "Die med. Versorgung ist gesichert.",
    "Frau Integrationsbeauftragte lud ein.",
])
def test_titles_without_names(plain: Scrubber, text: str) -> None:
    assert plain.analyze(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Kemal kam mit seinem Bruder.", "Kemal"),
    ("Mit Olena wurde ein Termin vereinbart.", "Olena"),
    ("Der Vermieter Kowalski verlangt die Kaution.", "Kowalski"),
    ("Nachbarin Wiśniewska übersetzt.", "Wiśniewska"),
    ("Dolmetscher Tesfaye Gebremariam war dabei.", "Tesfaye Gebremariam"),
    ("Die Lehrerin Yasmin Haddad meldete sich.", "Yasmin Haddad"),
    ("Peter Koch vom Mieterverein hilft.", "Peter Koch"),
    ("Laut Abdirahman Warsame ist die Wohnung feucht.", "Abdirahman Warsame"),
    ("Oksana Shevchenko begleitet als Patin.", "Oksana Shevchenko"),
    ("Ansprechpartner ist Mamadou Diallo.", "Mamadou Diallo"),
    ("Übersetzt hat Arben Krasniqi.", "Arben Krasniqi"),
    ("Zahra Ahmadi hilft bei der Kinderbetreuung.", "Zahra Ahmadi"),
    ("Vermittelt hat Popescu.", "Popescu"),
    ("Der Arbeitgeber, Herr Nowak, bestätigt.", "Nowak"),
    ("Kemals Bruder kam mit.", "Kemals"),
    ("Telefonat mit Sachbearbeiterin Fatma Tlass vom Jobcenter.", "Fatma Tlass"),
    ("Dolmetscher Herr Abu Zeid hat übersetzt.", "Abu Zeid"),
    ("Kontakt mit Patin Anna Zwirbel.", "Anna Zwirbel"),
    ("Sachbearbeiterin Fatma hat Termin vergeben.", "Fatma"),
    ("Vorgang bei Sachbearbeiterin Rasha Abu Hamra nachgefragt.", "Rasha Abu Hamra"),
    ("Rasha al Hamra kam.", "Rasha al Hamra"),
    ("Telefonat mit Sachbearbeiterin Tasneem Mustafa vom Jobcenter.", "Tasneem Mustafa"),
    ("Vorgang bei Sachbearbeiter Abd Alaziz Jaber nachgefragt.", "Abd Alaziz Jaber"),
    ("Ahmad von der Ausländerbehörde rief an.", "Ahmad"),
    ("Sachbearbeiterin Fatma Rückfrage gestellt.", "Fatma"),
    # after a role word: a first name that is a German word too, and the word after it
    ("Telefonat mit Sachbearbeiter Nick Holt vom Jobcenter.", "Nick Holt"),
    ("Vermieterin Mark Zwirbelmeier will die Miete erhöhen.", "Mark Zwirbelmeier"),
    ("Lehrerin Nur Haddad meldete Fehlzeiten.", "Nur Haddad"),
    ("Berufsberater Nick Zwirbel hat Praktika.", "Nick Zwirbel"),
    ("Ärztin Sofia Koch hat das Attest ausgestellt.", "Sofia Koch"),
    ("Sachbearbeiter Peter Holt hat angerufen.", "Peter Holt"),
])
def test_names_from_lexicon(plain: Scrubber, text: str, name: str) -> None:
    detections = plain.analyze(text)
    assert_consistent(text, detections)
    assert [(d.text, d.type) for d in detections] == [(name, "name")]


@pytest.mark.parametrize("text", [
    "Koch ist sein Ausbildungsberuf.", "Bauer sucht Erntehelfer.", "Mai ist ein Monat.",
    "August beginnt die Schule.", "Richter entscheiden.", "Winter in der Notunterkunft.",
    "Sommer ohne Kita-Platz.", "Stein im Weg.", "Kind geht in die Kita.", "Haus verkauft.",
    "Licht im Flur defekt.", "Wolf gesehen.", "Berg von Post.", "Meister gefunden.",
    "Fischer sucht Azubis.", "Job gefunden!", "Nur eine Woche.", "Islam-Unterricht fehlt.",
    "KIM finanziert das Case Management.", "Hagen und Essen sind Nachbarstädte.",
    "Polin, 34 Jahre, zwei Kinder.", "Martin-Luther-Schule hat Plätze.",
])
def test_german_words_that_are_names_are_kept(plain: Scrubber, text: str) -> None:
    assert [(d.text, d.type) for d in plain.analyze(text)
            if d.type == "name" and d.text not in ("Martin-Luther",)] == []


@pytest.mark.parametrize("text", [
    "Telefonat mit Sachbearbeiterin Jobcenter Gütersloh.",
    "Vermieter Wohnungsbaugesellschaft verlangt die Kaution.",
    "Lehrerin Grundschule Mitte meldet Fehlzeiten.",
    "Sachbearbeiterin Job Center vermittelt.",
    "Vermieterin Mark Wohnung: keine Einigung.",
    "Sachbearbeiterin Mark Jobcenter.",
    "Betreuerin Mentor Programm.",
    "Sachbearbeiter Nick Montag erreicht.",
    "Sachbearbeiter Nick. Holt ist ein Verb.",
    "Berufsberaterin Nur BAMF-Kurse.",
])
def test_role_words_before_domain_words_are_kept(plain: Scrubber, text: str) -> None:
    """A German-word first name after a role word is a name only with a name-like word after
    it; role words in front of institutions, schools, months stay."""
    assert plain.analyze(text) == []


@pytest.mark.parametrize("text", [
    "Flüchtlingsinitiative Sankt Augustin hilft.", "Kirche St. Georg bietet Kurse an.",
    "Visumantrag bei der Auslandsvertretung Erbil.", "Helfertätigkeit bei Claas.",
    "Auf der CD-ROM und im ANI-Bild.",
    "Die SAM-Aufforderung, IDs und PDFs.", "Kommunales Integrationszentrum Rhein-Sieg-Kreis.",
    "Jobcenter Kreis Gütersloh, Ausländerbehörde Stadt Hamm.",
    "Herr Dr. med. [Name] und Frau Dr. [Name].",
])
def test_places_companies_and_compounds_are_kept(plain: Scrubber, text: str) -> None:
    assert [(d.text, d.type) for d in plain.analyze(text) if d.type == "name"] == []


def test_lexicon_requires_capitalisation(plain: Scrubber) -> None:
    assert plain.analyze("die kemal-stiftung und olena") == []


def test_custom_lexicon() -> None:
    lexicon = NameLexicon.from_words(["Zorro"], ["Quax"], ["Quax"])
    scrubber = Scrubber(lexicon=lexicon)
    assert found(scrubber, "Zorro traf Quax, dann Herrn Quax, dann Zorro Quax.") == [
        ("Zorro", "name", None), ("Quax", "name", None), ("Zorro Quax", "name", None)]
    assert lexicon.kind("zorro") == "Vorname" and lexicon.kind("quax") == "Familienname"


def test_default_lexicon_is_large_and_has_origins() -> None:
    lexicon = NameLexicon.default()
    assert len(lexicon) > 5000
    for name in ("Ahmad", "Mohammed", "Zahra", "Tesfaye", "Abdirahman", "Mamadou", "Krasniqi",
                 "Oksana", "Shevchenko", "Kowalski", "Popescu", "Yilmaz", "Schmidt", "Nowak",
                 "Ivanov", "Okafor", "Haddad", "Azad", "Gebremariam", "Warsame", "Olena"):
        assert lexicon.is_name(fold(name)[0]), name
    for word in ("koch", "mai", "august", "kind", "haus", "weg", "job", "kim"):
        assert lexicon.is_stop_word(word), word


def test_data_files_are_consistent() -> None:
    from importlib import resources

    from kimtools.privacy.lexicon import read_word_file

    data = resources.files("kimtools.privacy.data")
    keep = set(read_word_file(data.joinpath("names_not_stopped.txt").read_text("utf-8")))
    stop = set(read_word_file(data.joinpath("stop_words.txt").read_text("utf-8")))
    assert keep & stop == set()
    for name in ("first_names_generated.txt", "family_names_generated.txt",
                 "first_names_extra.txt", "family_names_extra.txt", "stop_words_generated.txt"):
        words = read_word_file(data.joinpath(name).read_text("utf-8"))
        assert len(words) > 100, name
        assert all(w[:1].isupper() for w in words), name


# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "kind"), [
    ("Rückruf unter 05244/987123 erbeten.", "05244/987123", "phone"),
    ("Rückruf unter 0 23 23 / 9 29 60 - 94 0 erbeten.", "0 23 23 / 9 29 60 - 94 0", "phone"),
    ("Mobil +49 171 2345678 erreichbar.", "+49 171 2345678", "phone"),
    ("Erreichbar: 0171-2345678.", "0171-2345678", "phone"),
    ("Zentrale (0521) 51-2345, Durchwahl.", "(0521) 51-2345", "phone"),
    ("Tel. 0521 123456", "0521 123456", "phone"),
    ("Tel.: 123456", "123456", "phone"),
    ("Handy: +49 (0) 4824 475771", "+49 (0) 4824 475771", "phone"),
    ("Nummer +49(0)3419 25412 notiert.", "+49(0)3419 25412", "phone"),
    ("Ukraine: +380 67 123 4567", "+380 67 123 4567", "phone"),
    ("Mail an f.alhassan@web.de geschickt.", "f.alhassan@web.de", "email"),
    ("Mail an Fatima.Al-Hassan+kim@gmx-mail.de.", "Fatima.Al-Hassan+kim@gmx-mail.de", "email"),
    ("IBAN DE89 3704 0044 0532 0130 00 angegeben.", "DE89 3704 0044 0532 0130 00", "iban"),
    ("IBAN DE89370400440532013000 angegeben.", "DE89370400440532013000", "iban"),
    ("Konto NL91 ABNA 0417 1643 00.", "NL91 ABNA 0417 1643 00", "iban"),
    ("Konto PL61109010140000071219812874.", "PL61109010140000071219812874", "iban"),
    ("Reisepass C01X00T47 liegt vor.", "C01X00T47", "passport"),
    ("Nummer C01X00T47 liegt vor.", "C01X00T47", "passport"),
    ("Pass N12345678 abgelaufen.", "N12345678", "passport"),
    ("Reisepass Nr. N012345678 abgelaufen.", "N012345678", "passport"),
    ("Passnummer: FE123456 (Ukraine).", "FE123456", "passport"),
    ("Az. 32.1-4711/23 beachten.", "32.1-4711/23", "file_number"),
    ("AZ 50-123/2024 beachten.", "50-123/2024", "file_number"),
    ("Aktenzeichen: 1 K 234/23.", "1 K 234/23", "file_number"),
    ("BG-Nr. 12345//0012345 angeben.", "12345//0012345", "file_number"),
    ("BG-Nummer 12345BG0012345 angeben.", "12345BG0012345", "file_number"),
    ("Kundennummer 123D456789 angeben.", "123D456789", "file_number"),
    ("Kunden-Nr.: 123D456789 angeben.", "123D456789", "file_number"),
    ("Steuer-ID 12 345 678 901 fehlt.", "12 345 678 901", "file_number"),
    ("Versicherungsnummer 12 150385 A 123 fehlt.", "12 150385 A 123", "file_number"),
    ("Wohnt Berliner Str. 12 im 2. OG.", "Berliner Str. 12", "address"),
    ("Wohnt Berliner Straße 12a im 2. OG.", "Berliner Straße 12a", "address"),
    ("Neue Adresse: Am Bahnhof 3a.", "Am Bahnhof 3a", "address"),
    ("Neue Adresse: Hauptstr. 5, 33330 Gütersloh.", "Hauptstr. 5, 33330 Gütersloh", "address"),
    ("Neue Adresse: Bahnhofstraße 12/14.", "Bahnhofstraße 12/14", "address"),
    ("Neue Adresse: Anna-Schmidt-Gasse 5.", "Anna-Schmidt-Gasse 5", "address"),
    ("Neue Adresse: Lindenweg 7 b.", "Lindenweg 7 b", "address"),
    ("Neue Adresse: An der Kirche 5.", "An der Kirche 5", "address"),
    ("Neue Adresse: Im Wiesengrund 17.", "Im Wiesengrund 17", "address"),
    ("Umzug nach 33330 Gütersloh geplant.", "33330 Gütersloh", "address"),
    ("Termin am 03.04.2023 bestätigt.", "03.04.2023", "date"),
    ("Termin am 3.4.23 bestätigt.", "3.4.23", "date"),
    ("Termin am 3.4. bestätigt.", "3.4.", "date"),
    ("Termin am 2023-04-03 bestätigt.", "2023-04-03", "date"),
    ("Termin am 3. April 2023 bestätigt.", "3. April 2023", "date"),
    ("Termin am 03. Apr. 2023 bestätigt.", "03. Apr. 2023", "date"),
    ("Termin am 1. Mai bestätigt.", "1. Mai", "date"),
    ("Termin am 03/04/2023 bestätigt.", "03/04/2023", "date"),
    ("Termin am 10. November 2024 bestätigt.", "10. November 2024", "date"),
    ("Pass liegt vor (Nr. DA342130).", "DA342130", "passport"),
    ("Nationalpass (Nr. N857037627) läuft ab.", "N857037627", "passport"),
    ("eAT kann abgeholt werden, Kartennummer Z2TZC5XVK.", "Z2TZC5XVK", "passport"),
    # document numbers of letters only (eAT, German ID: no vowels) or digits only
    ("eAT kann abgeholt werden, Kartennummer YMGRCZRMM.", "YMGRCZRMM", "passport"),
    ("Karten-Nr. YJLCTFFKT liegt vor.", "YJLCTFFKT", "passport"),
    ("Kartennr. ZHNLNMGKY notiert.", "ZHNLNMGKY", "passport"),
    ("eAT-Kartennummer ZVXNTPZPM notiert.", "ZVXNTPZPM", "passport"),
    ("Dokumentennummer: ZVXNTPZPM.", "ZVXNTPZPM", "passport"),
    ("Dokumenten-Nr. Z12345678.", "Z12345678", "passport"),
    ("Seriennummer YMGRCZRMM.", "YMGRCZRMM", "passport"),
    ("Passnummer BCDFGH vermerkt.", "BCDFGH", "passport"),
    ("eAT liegt vor (Nr. YMGRCZRMM).", "YMGRCZRMM", "passport"),
    ("Karte YMGRCZRMM ist abgelaufen.", "YMGRCZRMM", "passport"),
    ("Kartennummer 123456789.", "123456789", "passport"),
    ("Dokumentennummer 12345678.", "12345678", "passport"),
    ("Pass-Nr. 123456789 abgelaufen.", "123456789", "passport"),
    ("Passnummer 12345678 notiert.", "12345678", "passport"),
    ("Reisepass Nr. 123456789 abgelaufen.", "123456789", "passport"),
    ("Reisepass-Nr. AA123456 abgelaufen.", "AA123456", "passport"),
    ("Identitätsnachweise: Pass Nr. 99999999 ist abgelaufen.", "99999999", "passport"),
    ("Pass liegt vor (Nr. 123456789).", "123456789", "passport"),
    ("Kindergeld bewilligt (Kindergeldnummer 126FK413131).", "126FK413131", "file_number"),
    ("Befreiung beantragt (Beitragsnummer 754 243 284).", "754 243 284", "file_number"),
    ("Bescheid, Az. der ABH 30.3-16393/24.", "30.3-16393/24", "file_number"),
    ("Anschrift: Bockum-Höveler Straße 10.", "Bockum-Höveler Straße 10", "address"),
    ("Wohnsituation: Am Hallenbad 14; Schimmel.", "Am Hallenbad 14", "address"),
    ("Umzug nach Feldstr. 6, 33790 Halle (Westf.).", "Feldstr. 6, 33790 Halle (Westf.)",
     "address"),
    ("Bonner Str. 4, 53757 Sankt Augustin", "Bonner Str. 4, 53757 Sankt Augustin", "address"),
    ("Im Winkel 6, 53773 Hennef (Sieg)", "Im Winkel 6, 53773 Hennef (Sieg)", "address"),
])
def test_patterns(plain: Scrubber, text: str, value: str, kind: str) -> None:
    detections = plain.analyze(text)
    assert_consistent(text, detections)
    assert [(d.text, d.type) for d in detections] == [(value, kind)]


@pytest.mark.parametrize("text", [
    "Duldung nach § 60a Abs. 2 AufenthG, Antrag nach § 25b AufenthG gestellt.",
    "Leistungen nach SGB II und SGB XII, § 7 Abs. 5 SGB II geprüft.",
    "B1-Kurs ab Herbst, danach B2-Kurs; DTZ bestanden (B1).",
    "Einreise 2015, Antrag im April 2023, Entscheidung 2024.",
    "Termin um 14:30 Uhr, Dauer 90 Minuten, 14.30 Uhr nächste Woche.",
    "Miete 450 €, Kaution 1.350 Euro, Mietschulden 2.400,50 EUR.",
    "Wartezeit 14 Monate, 3 Kinder, 2 Zimmer auf 65 qm.",
    "Im Jahr 2023 hat sich die Lage verbessert; im Kurs 3 Fehltage.",
    "Am Ende 2 Wochen Urlaub. Auf Platz 3 der Warteliste.",
    "Kapitel 4.2 des Integrationsplans, Modul 3.",
    "Arbeitsplatz 2 Tage pro Woche; Kitaplatz 1 von 3 vergeben.",
    "Handlungsfeld 3 und Handlungsfeld Arbeit 2; Wohnungsmarkt 2023 angespannt.",
    "Version 1.2.3 der Software; 12.5 % mehr Anträge.",
    "Ein Bescheid vom Jobcenter (Regelbedarf 563 Euro) kam nach 6 Wochen.",
    "Die Integrationskursverordnung (IntV) gilt seit 2005.",
    "10000 Euro Schulden, 12000 Einwohner.",
    # ordinary words after the keywords of document numbers
    "Kartennummer LIEGT NOCH NICHT VOR.",
    "Kartennummer: UNBEKANNT, Karte BEANTRAGT.",
    "Passnummer unbekannt, Pass-Nr. FEHLT.",
    "Dokumentennummer siehe Anlage; Dokumente vom Jobcenter.",
    "Reisepass Nr. BITTE NACHREICHEN.",
    "Passnummer nach AufenthG, Passnummer AUFENTHG, Kartennummer BAMF.",
    "Dokument BMFSFJ, Pass BCDFGH, Karten im Verein.",
    "Nr. ZHNLNMGKY im Katalog.",
])
def test_no_false_patterns(plain: Scrubber, text: str) -> None:
    assert plain.analyze(text) == []


# ---------------------------------------------------------------------------------------------
# Domain words: nothing of this may be detected
# ---------------------------------------------------------------------------------------------

DOMAIN_SENTENCES = [
    "Die Ausländerbehörde hat die Fiktionsbescheinigung verlängert.",
    "Das Jobcenter verlangt weitere Unterlagen zum Mietvertrag.",
    "Die Agentur für Arbeit vermittelt in eine Einstiegsqualifizierung.",
    "Approbation als Ärztin wurde bei der Bezirksregierung beantragt.",
    "Anerkennung des Abschlusses über die Anerkennungsstelle der IHK FOSA.",
    "Die Zeugnisbewertung der ZAB liegt vor.",
    "Wohnung zu klein, Wohnberechtigungsschein beantragt.",
    "Sprachkurs mit Kinderbetreuung gibt es in der Stadt nicht.",
    "Integrationskurs beim Träger abgebrochen, Wiedereinstieg geplant.",
    "Kita-Platz fehlt, Warteliste beim Jugendamt.",
    "Kita sucht Plätze für unter Dreijährige.",
    "Arbeit im Lager gefunden, Probezeit sechs Monate.",
    "Frau und Mann leben getrennt, Beratung zu Unterhalt.",
    "Elterngeld und Kindergeld bei der Familienkasse beantragt.",
    "Kinderzuschlag, Wohngeld und Bildung und Teilhabe geprüft.",
    "Die Schule meldet Fehlzeiten, Gespräch mit der Schulsozialarbeit.",
    "Schulanmeldung im Schulamt, Seiteneinsteigerklasse zugewiesen.",
    "Beratung durch die Migrationsberatung für Erwachsene (MBE).",
    "Jugendmigrationsdienst (JMD) übernimmt die Begleitung.",
    "Termin beim Gesundheitsamt zur Schuleingangsuntersuchung.",
    "Krankenversicherung über die AOK geklärt, Gesundheitskarte fehlt.",
    "Psychotherapie gesucht, Wartezeit über ein Jahr.",
    "Schuldnerberatung der Caritas übernimmt die Verhandlung.",
    "Diakonie und AWO bieten gemeinsam ein Sprachcafé an.",
    "Das DRK vermittelt eine Patenschaft.",
    "Mietschulden beim Vermieter, Räumungsklage angedroht.",
    "Stromsperre angedroht, Ratenzahlung vereinbart.",
    "Einbürgerung beantragt, Einbürgerungstest bestanden.",
    "Niederlassungserlaubnis nach § 26 Abs. 3 AufenthG geprüft.",
    "Aufenthaltserlaubnis nach § 24 AufenthG für Geflüchtete aus der Ukraine.",
    "Beschäftigungsduldung nach § 60d AufenthG kommt in Frage.",
    "Ausbildungsduldung nach § 60c AufenthG beantragt.",
    "Chancen-Aufenthaltsrecht nach § 104c AufenthG geprüft.",
    "Familiennachzug zum subsidiär Schutzberechtigten über die Botschaft.",
    "Visum für den Familiennachzug liegt seit acht Monaten bei der Botschaft.",
    "Reisepass abgelaufen, Passbeschaffung über das Konsulat unzumutbar.",
    "Passersatzpapier beantragt, Mitwirkungspflicht erfüllt.",
    "Identitätsklärung dauert, Geburtsurkunde fehlt.",
    "Führerschein umschreiben lassen, Sehtest und Erste Hilfe fehlen.",
    "Fahrschule ist zu teuer, Deutschlandticket beantragt.",
    "Sozialticket und Bildungsticket bewilligt.",
    "Kündigung durch den Arbeitgeber, Kündigungsschutzklage beim Arbeitsgericht.",
    "Minijob im Einzelhandel, Aufstockung durch das Jobcenter.",
    "Berufssprachkurs B2 nach der DeuFöV bewilligt.",
    "Anpassungsqualifizierung für Pflegefachkräfte gesucht.",
    "Kenntnisprüfung für Ärztinnen und Ärzte angemeldet.",
    "Gleichwertigkeitsbescheid mit Auflagen erhalten.",
    "Vorstellung beim Integration Point, Profiling abgeschlossen.",
    "Eingliederungsvereinbarung durch den Kooperationsplan ersetzt.",
    "Bürgergeld bewilligt, Bewilligungsbescheid liegt vor.",
    "Widerspruch gegen den Bescheid eingelegt.",
    "Sanktion aufgehoben, Anhörung erfolgt.",
    "Asylverfahren beim BAMF anhängig, Anhörung abgeschlossen.",
    "Klage beim Verwaltungsgericht gegen den Ablehnungsbescheid.",
    "Abschiebungsverbot nach § 60 Abs. 5 AufenthG festgestellt.",
    "Wohnsitzauflage nach § 12a AufenthG aufgehoben.",
    "Umverteilung in eine andere Kommune beantragt.",
    "Übergangswohnheim, Auszug in eigene Wohnung geplant.",
    "Frauenhaus vermittelt, Gewaltschutzverfahren läuft.",
    "Jugendamt eingeschaltet, Hilfe zur Erziehung bewilligt.",
    "Offener Ganztag (OGS) beantragt, Betreuung bis 16 Uhr.",
    "Elternabend in der Kita mit Sprachmittlung.",
    "Sprachmittler über den Dolmetscherpool angefragt.",
    "Digitale Antragstellung scheitert am fehlenden Laptop.",
    "Online-Termin bei der Ausländerbehörde nicht buchbar.",
    "Terminvergabe nur per E-Mail, keine Rückmeldung.",
    "Behördengang begleitet, Antrag persönlich abgegeben.",
    "Diskriminierung bei der Wohnungssuche erlebt.",
    "Der Vermieter lehnt Bürgergeld-Empfänger ab.",
    "Gesellschaftliche Orientierung: Besuch im Rathaus und in der Stadtbibliothek.",
    "Ehrenamtliche Lotsin begleitet zu Terminen.",
    "Sportverein, Musikschule und Jugendzentrum vorgestellt.",
    "Kommunales Integrationszentrum koordiniert die Planungskonferenz.",
    "Die Lenkungsgruppe tagt zweimal im Jahr.",
    "Rechtskreisübergreifendes Case Management im Rahmen von KIM.",
    "Koordinierungsstelle bündelt die Ergebnisse.",
    "Handlungsfeld Aufenthalt, Handlungsfeld Sprache, Handlungsfeld Arbeit.",
    "Hürde: Zuständigkeit zwischen Sozialamt und Jobcenter ungeklärt.",
    "Kostenübernahme durch die Krankenkasse abgelehnt.",
    "Schwangerschaftsberatung und Hebamme organisiert.",
    "Kinderarzt gefunden, U-Untersuchungen nachgeholt.",
    "Impfstatus geklärt, Masernschutz nachgewiesen.",
    "Heimweg vom Kurs dauert mit Bus und Bahn zwei Stunden.",
    "Arbeitsmarktzulassung durch die Bundesagentur erteilt.",
    "Zustimmung der Bundesagentur für Arbeit nach § 39 AufenthG.",
    "Blaue Karte EU nach § 18g AufenthG beantragt.",
    "Westbalkanregelung nach § 26 Abs. 2 BeschV.",
    "Volkshochschule bietet Alphabetisierungskurs an.",
    "Alpha-Kurs abgeschlossen, Zweitschriftlernerkurs folgt.",
    "Prüfung Leben in Deutschland bestanden.",
    "Deutsch-Test für Zuwanderer knapp verfehlt.",
    "Telc-Prüfung B1 bestanden, Zertifikat liegt vor.",
    "Goethe-Zertifikat B2 als Nachweis eingereicht.",
    "Schulden bei der Inkassofirma, Verbraucherinsolvenz geprüft.",
    "Pfändungsschutzkonto (P-Konto) eingerichtet.",
    "Rundfunkbeitrag: Befreiung beantragt.",
    "Die Tafel hilft bei Lebensmitteln, Kleiderkammer bei Kleidung.",
    "Mieterverein berät zur Nebenkostenabrechnung.",
    "Sparkasse verweigert das Basiskonto, Beschwerde bei der BaFin.",
    "Der Hausarzt überweist an die Klinik.",
    "Kinder besuchen die Grundschule und die Gesamtschule.",
    "Ausbildung zum Koch begonnen, Berufsschule zweimal pro Woche.",
    "Praktikum als Maurer, danach Ausbildung zum Fischer geplant.",
    "Der Bauer sucht Saisonkräfte, Meister bietet Ausbildungsplatz.",
    "Im Winter Heizkosten zu hoch, im Sommer Schimmel.",
    "Kind krank, Termin verschoben.",
    "Mai bis August Sommerferien-Programm im Jugendzentrum.",
    "Job im Lager angetreten; Arbeit in Schichten.",
    "Richter am Verwaltungsgericht setzt Termin an.",
    "Stein des Anstoßes ist die Wohnsitzauflage.",
    "Weg zur Arbeit nur mit dem Auto möglich.",
    "Haus der Kulturen bietet Beratung an.",
]


def test_domain_sentences_are_kept(plain: Scrubber) -> None:
    kept = 0
    false_positives = []
    for sentence in DOMAIN_SENTENCES:
        detections = plain.analyze(sentence)
        if detections:
            false_positives.append((sentence, [(d.text, d.type) for d in detections]))
        else:
            kept += 1
    share = kept / len(DOMAIN_SENTENCES)
    print(f"domain sentences kept: {kept}/{len(DOMAIN_SENTENCES)} = {share:.1%}")
    assert false_positives == []


def test_domain_sentences_with_persons_are_kept(family: Scrubber) -> None:
    """Known persons do not turn domain words into names either."""
    for sentence in DOMAIN_SENTENCES:
        assert family.analyze(sentence) == [], sentence


def test_domain_words_survive_in_a_mixed_note(family: Scrubber) -> None:
    text = ("03.04.2023: Frau Al-Hassan war mit Herrn Brinkmann (Ausländerbehörde, "
            "Tel. 05244/987123) wegen § 25b AufenthG im Gespräch; Jobcenter verlangt "
            "Kontoauszüge (IBAN DE89 3704 0044 0532 0130 00). Ayşe hat den Kita-Platz am "
            "Am Bahnhof 3a seit April 2023.")
    out, detections = family.scrub(text)
    assert out == ("[Datum]: Klientin A war mit Herrn [Name] (Ausländerbehörde, "
                   "Tel. [Telefon]) wegen § 25b AufenthG im Gespräch; Jobcenter verlangt "
                   "Kontoauszüge (IBAN [IBAN]). Kind A hat den Kita-Platz am "
                   "[Adresse] seit April 2023.")
    assert_consistent(text, detections)
    assert [d.type for d in detections] == ["date", "person", "name", "phone", "iban",
                                            "person", "address"]


# ---------------------------------------------------------------------------------------------
# Offsets, anonymize, structure
# ---------------------------------------------------------------------------------------------


def test_offsets_are_exact_with_length_changing_folds(family: Scrubber) -> None:
    text = "Straße: Große Ärger. İlkay und Fatıma? Nein: Fatima Al-Hassan, Weiß-Straße 3."
    detections = family.analyze(text)
    assert_consistent(text, detections)
    assert ("Fatima Al-Hassan", "person") in [(d.text, d.type) for d in detections]
    assert ("Weiß-Straße 3", "address") in [(d.text, d.type) for d in detections]


def test_decomposed_unicode_is_matched_and_covered(others: Scrubber) -> None:
    text = "Herr S\u0327ahin und Frau S\u0326tefa\u0306nescu."
    detections = others.analyze(text)
    assert [d.text for d in detections] == ["Herr S\u0327ahin", "Frau S\u0326tefa\u0306nescu"]
    assert others.scrub(text)[0] == "Klient B und Klientin D."


FACILITY_TYPES = {"firm", "school", "hospital", "care_home", "mosque", "origin", "quarter"}


def test_placeholders_cover_all_types() -> None:
    assert set(PLACEHOLDERS) == {"name", "phone", "email", "iban", "passport", "file_number",
                                 "handle", "plate", "address", "date", "firm", "school",
                                 "hospital", "care_home", "mosque", "origin", "quarter",
                                 "place"}
    scrubber = Scrubber([CLIENT], places=PlaceFinder("Köln", "Köln"))
    text = ("Fatima, Frau Özdemir, 0171-2345678, a@b.de, DE89370400440532013000, Pass "
            "N12345678, Az. 12-345/23, Telegram @fatima_92, Kfz GT-FA 92, Hauptstr. 5, "
            "03.04.2023, Bäckerei Brinkmann, Grundschule Lindenweg, Klinikum Merheim, "
            "Seniorenheim Abendrot, Abu-Bakr-Moschee, aus Aleppo, wohnt in Chorweiler, aus "
            "Sheikhan")
    out, detections = scrubber.scrub(text)
    assert out == ("Klientin A, Frau [Name], [Telefon], [E-Mail], [IBAN], Pass [Passnummer], "
                   "Az. [Aktenzeichen], Telegram [Kennung], Kfz [Kennzeichen], [Adresse], "
                   "[Datum], [Firma], [Schule], [Krankenhaus], [Pflegeheim], [Moschee], "
                   "aus [Herkunftsort], wohnt in [Ortsteil], aus [Ort]")
    assert {d.type for d in detections} == {"person", *PLACEHOLDERS}


def test_anonymize_reviewed_detections(family: Scrubber) -> None:
    text = "Fatima traf Herrn Brinkmann am 03.04.2023."
    detections = family.analyze(text)
    # the case manager keeps the date (review: not identifying here) and adds a manual finding
    reviewed = [d for d in detections if d.type != "date"]
    manual = Detection(0, 6, "Fatima", "name", None, "manuell")
    out = family.anonymize(text, [*reviewed, manual])
    assert out == "Klientin A traf Herrn [Name] am 03.04.2023."
    with pytest.raises(ValueError):
        family.anonymize("anderer Text", detections)


def test_second_pass_finds_nothing(family: Scrubber, plain: Scrubber) -> None:
    text = ("Frau Dr. Özdemir rief Fatima Al-Hassan an (0171-2345678), Herr Dr. med. Weber "
            "schrieb an a@b.de; Termin 03.04.2023, Hauptstr. 5, Az. 12-345/23.")
    out, detections = family.scrub(text)
    assert len(detections) == 8
    assert family.analyze(out) == []
    assert plain.analyze(out) == []


def test_anonymize_with_no_detections_and_empty_text(plain: Scrubber) -> None:
    assert plain.anonymize("Nichts zu tun.", []) == "Nichts zu tun."
    assert plain.scrub("") == ("", [])


def test_detections_never_overlap_and_are_sorted() -> None:
    scrubber = Scrubber([CLIENT, PARTNER, CHILD])
    text = ("Fatima.Al-Hassan@web.de, Fatima-Al-Hassan-Straße 3, Herr Dr. Abdul Rahman "
            "Al-Hassan 0171-2345678 am 3.4.23, Familie Al-Hassan, Az. 3-4.2023.")
    detections = scrubber.analyze(text)
    assert_consistent(text, detections)
    assert detections[0].type == "email"
    assert detections[1].type == "address"


def test_detection_fields(family: Scrubber) -> None:
    det = family.analyze("Gespräch mit Ayşe.")[0]
    assert det == Detection(13, 17, "Ayşe", "person", "P-3", "Vorname von Kind A")


# ---------------------------------------------------------------------------------------------
# Synthetic caseload with ground truth
# ---------------------------------------------------------------------------------------------


def _generator():
    try:
        from synthetic import generate_caseload
    except ImportError:
        return None
    return generate_caseload


TEXT_COLUMNS = {"events": "note", "obstacles": "description", "goals": "description"}
ID_COLUMNS = {"events": "event_id", "obstacles": "obstacle_id", "goals": "goal_id"}


@pytest.mark.skipif(_generator() is None, reason="synthetic.generate_caseload not available yet")
def test_recall_on_synthetic_caseload() -> None:
    generate_caseload = _generator()
    caseload = generate_caseload(cases=50, seed=7, as_of=dt.date(2025, 6, 30))
    tables = caseload.tables
    persons = tables["persons"]
    truth_by_cell: dict[tuple[str, str, str], list[dict]] = {}
    for item in caseload.truth:
        if item["table"] in TEXT_COLUMNS and item["column"] == TEXT_COLUMNS[item["table"]]:
            key = (item["table"], str(item["row_id"]), item["column"])
            truth_by_cell.setdefault(key, []).append(item)
    scrubbers: dict[str, Scrubber] = {}
    for case_id, group in persons.groupby("case_id"):
        scrubbers[str(case_id)] = Scrubber([
            KnownPerson(str(row.person_id), row.given_name, row.family_name,
                        f"Person {index + 1}", role=row.role,
                        gender=getattr(row, "gender", None))
            for index, row in enumerate(group.itertuples())
        ])
    totals: dict[str, int] = {}
    hits: dict[str, int] = {}
    misses: list[tuple[str, str, str]] = []
    unmatched: list[tuple[str, str]] = []
    found_total = 0
    notes = 0
    for table, column in TEXT_COLUMNS.items():
        frame = tables[table]
        for row in frame.itertuples():
            text = getattr(row, column)
            if not isinstance(text, str) or not text:
                continue
            notes += 1
            detections = scrubbers.get(str(row.case_id), Scrubber()).analyze(text)
            row_id = str(getattr(row, ID_COLUMNS[table]))
            items = truth_by_cell.get((table, row_id, column), [])
            found_total += len(detections)
            # the generator plants named Kitas and schools as plain words; since issue 12 they
            # lose their names on purpose, so they do not count as over-detection here
            unmatched += [(d.type, d.text) for d in detections
                          if d.type not in FACILITY_TYPES and d.reason != "Name einer Kita"
                          and not any(d.start < i["end"] and i["start"] < d.end for i in items)]
            for item in items:
                kind = item["type"]
                totals[kind] = totals.get(kind, 0) + 1
                assert text[item["start"]:item["end"]] == item["text"]
                covering = [d for d in detections
                            if d.start <= item["start"] and d.end >= item["end"]]
                if kind == "person":
                    ok = any(d.type == "person" and d.person_id == item["person_id"]
                             for d in covering)
                    ok = ok or any(d.type in ("person", "name") for d in covering)
                else:
                    ok = bool(covering)
                if ok:
                    hits[kind] = hits.get(kind, 0) + 1
                else:
                    misses.append((kind, item.get("form", ""), item["text"]))
    print(f"\nsynthetic: {notes} texts")
    for kind in sorted(totals):
        print(f"  recall {kind:12s} {hits.get(kind, 0):5d}/{totals[kind]:5d} = "
              f"{hits.get(kind, 0) / totals[kind]:.1%}")
    for miss in misses[:30]:
        print("  missed", miss)
    print(f"  detections without a planted identifier: {len(unmatched)}/{found_total}",
          unmatched[:10])
    assert sum(totals.values()) > 0
    assert not misses
    assert len(unmatched) <= 0.01 * found_total
