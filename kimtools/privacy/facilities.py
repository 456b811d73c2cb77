"""Firms and named facilities in free text: the name goes, the kind of place stays.

A firm is found by its legal form ("Kühne Kunststoff GmbH", "Westerhoff e.K."), by two names
joined with "&" ("Kerkhoff & Lenz", "Schneider & Partner") or by a trade word before its
proper name ("Bäckerei Brinkmann", "Fa. Hagedorn Logistik", "Dönerimbiss Anadolu"); the whole
mention becomes ``[Firma]``. A named facility keeps its type and loses its name: "Kita
Sonnenschein" → "Kita [Name]", "St.-Marien-Hospital" → ``[Krankenhaus]``, "Grundschule
Lindenweg" and "Anne-Frank-Schule" → ``[Schule]``, "Seniorenheim Haus Abendsonne" →
``[Pflegeheim]``, "Abu-Bakr-Moschee" or "Moschee an der …straße" → ``[Moschee]``. A facility
without a proper name ("in der Kita", "Städtisches Gymnasium") stays, and so do the public
authorities and services a conference talks about (Jobcenter, Ausländerbehörde, Familienkasse,
BAMF): they are not in these expressions at all.

Each finding is (start, end, type, reason); the scrubber turns them into placeholders.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from kimtools.privacy.lexicon import fold_word
from kimtools.privacy.patterns import folded_words
from kimtools.privacy.triggers import Trigger, searcher, words

_SP = r"[ \t\u00a0]"
_UP = r"[A-ZÄÖÜ]"
_LOW = r"[a-zäöüß]"
# a proper-name word: capitalised, possibly hyphenated ("Tönnies-Nord", "Carl-Severing")
_NAME = rf"{_UP}[\wäöüßÄÖÜ'’]*(?:-[\wäöüßÄÖÜ]+)*"
_NAMES = rf"{_NAME}(?:{_SP}+{_NAME}){{0,2}}"

_TRADE_LITERALS = (r"Firma|Fa\.|Bäckerei|Backstube|Metzgerei|Fleischerei|Autohaus|Autowerkstatt"
                   r"|Werkstatt|Malerbetrieb|Schreinerei|Tischlerei|Zimmerei|Dachdeckerei"
                   r"|Reinigung|Gebäudereinigung|Gebäudeservice|Hausmeisterservice|Reinigungsfirma"
                   r"|Spedition|Getränke|Getränkemarkt|Elektro|Sanitär|Heizungsbau|Friseur"
                   r"|Friseursalon|Salon|Restaurant|Imbiss|Dönerimbiss|Grill|Pizzeria|Kiosk|Café|Cafe"
                   r"|Bistro|Catering|Pflegedienst|Taxi|Taxiunternehmen|Wäscherei|Gärtnerei"
                   r"|Gartenbau|Baufirma|Bauunternehmen|Supermarkt|Schneiderei"
                   r"|Änderungsschneiderei|Kfz-Werkstatt|Hotel|Lieferdienst|Zeitarbeit"
                   r"|Zeitarbeitsfirma|Personaldienstleister")
# any trade compound of these endings: "Metallbau", "Fensterbau", "Holzhandel"
_TRADE_ENDINGS = ("bau", "betrieb", "handel", "technik", "logistik", "montage")
_TRADE = rf"(?:{_TRADE_LITERALS}|[A-ZÄÖÜ][a-zäöüß]+(?:{'|'.join(_TRADE_ENDINGS)}))"
_TRADE_WORDS = tuple(w.replace("\\.", ".") for w in _TRADE_LITERALS.split("|"))
_LEGAL = (r"(?:GmbH(?:{sp}&{sp}Co\.?{sp}KG)?|gGmbH|mbH|UG(?:{sp}\(haftungsbeschränkt\))?"
          r"|KG|OHG|GbR|AG|e\.{sp}?K\.|e\.{sp}?Kfm\.|&{sp}Co\.?(?:{sp}KG)?)").format(sp=_SP + "?")
# a description before the name stays: "Leiharbeitsfirma Job Partner GmbH"
_FIRM_LEGAL = (rf"(?<![\w-])(?![\wäöüß]*(?:firma|unternehmen|dienstleister){_SP})"
               rf"{_NAME}(?:{_SP}+(?:&{_SP}+)?{_NAME}){{0,3}}{_SP}+{_LEGAL}(?![\w])")
_FIRM_AMP = rf"(?<![\w-]){_NAME}{_SP}*&{_SP}*(?:{_NAME}|Partner|Söhne|Sohn|Co\.?)(?![\w])"
_FIRM_TRADE = rf"(?<![\w-])(?P<trade>{_TRADE}){_SP}+(?P<firm>{_NAMES})"

_KITA = (r"(?:Kita|KiTa|KITA|Kindertagesstätte|Kindergarten|Familienzentrum|Kinderkrippe"
         r"|Krippe|Kinderhaus|OGS|Hort)")
# "Kita Die kleinen Strolche": an article and a lower-case adjective may open the name
_KITA_NAME = (rf"(?:(?:Die|Der|Das|Am|Im|Zum|Zur|An{_SP}+der){_SP}+(?:{_LOW}+{_SP}+)?"
              rf"|(?:St\.|Sankt){_SP}*)?{_NAMES}")
_SCHOOL = (r"(?:Grundschule|Gemeinschaftsgrundschule|GGS|KGS|Hauptschule|Realschule"
           r"|Gesamtschule|Sekundarschule|Förderschule|Gymnasium|Berufskolleg|Berufsschule"
           r"|Schule|Primusschule)")
_HOSPITAL = r"(?:Krankenhaus|Klinikum|Klinik|Hospital|Kinderklinik|Kinderkrankenhaus)"
_CARE = (r"(?:Seniorenheim|Altenheim|Pflegeheim|Seniorenzentrum|Altenzentrum|Seniorenstift"
         r"|Seniorenresidenz|Pflegezentrum|Altenpflegeheim|Hospiz)")
_WORSHIP = r"(?:Moschee|Moscheegemeinde|Cemevi|Cem-Haus|Gurdwara|Tempel|Synagoge)"
_SAINT = rf"(?:St\.?{_SP}*-?|Sankt{_SP}*-?)?"
_STREET = rf"(?:an{_SP}+der|am|in{_SP}+der|im){_SP}+{_NAME}"

_SCHOOL_WORD = _SCHOOL[3:-1]
_HOSPITAL_WORD = "Krankenhaus|Hospital|Klinik|Klinikum"
#: (expression, type, reason, group of the name, trigger): every match holds its trigger, so
#: an expression runs only on the notes that hold it; most notes hold none.
_FINDERS: tuple[tuple[re.Pattern[str], str, str, str, Trigger], ...] = tuple(
    (re.compile(pattern), type_, reason, group,
     searcher(re.compile(trigger)) if isinstance(trigger, str) else trigger)
    for pattern, type_, reason, group, trigger in (
        (_FIRM_LEGAL, "firm", "Firma (Rechtsform)", "",
         words(("GmbH", "mbH", "UG", "KG", "OHG", "GbR", "AG", "&"),
               ("e.K", "e. K", "e.\tK", "e.\u00a0K"))),
        (_FIRM_AMP, "firm", "Firma (Namen mit &)", "", "&"),
        (_FIRM_TRADE, "firm", "Firma (Gewerbe und Name)", "firm",
         words(_TRADE_WORDS, _TRADE_ENDINGS)),
        (rf"(?<![\w-]){_KITA}{_SP}+(?P<kita>{_KITA_NAME})", "name", "Name einer Kita", "kita",
         _KITA),
        (rf"(?<![\w-]){_SCHOOL}{_SP}+(?P<school>{_NAMES})", "school", "Schule mit Namen",
         "school", _SCHOOL),
        # a school by its street: "Grundschule an der Wanner Straße"
        (rf"(?<![\w-]){_SCHOOL}{_SP}+(?:an{_SP}+der|am|in{_SP}+der){_SP}+"
         rf"(?P<school>{_NAMES})", "school", "Schule mit Namen (Lage)", "school", _SCHOOL),
        (rf"(?<![\w-])(?:{_SAINT}{_NAME}-)+(?:{_SCHOOL_WORD})(?![\w-])", "school",
         "Schule mit Namen", "", rf"-(?:{_SCHOOL_WORD})"),
        # a school's name as one word: "Humboldtgymnasium", "Marienschule" (not "Grundschule")
        (rf"(?<![\w-]){_UP}{_LOW}+(?:schule|gymnasium|kolleg)s?(?![\w-])", "school",
         "Schule mit Namen (ein Wort)", "school_compound",
         words((), ("schule", "gymnasium", "kolleg"))),
        (rf"(?<![\w-]){_HOSPITAL}{_SP}+(?P<hospital>{_SAINT}{_NAMES})", "hospital",
         "Krankenhaus mit Namen", "hospital", _HOSPITAL),
        (rf"(?<![\w-]){_SAINT}(?:{_NAME}-)+(?:{_HOSPITAL_WORD})(?![\w-])", "hospital",
         "Krankenhaus mit Namen", "", rf"-(?:{_HOSPITAL_WORD})"),
        (rf"(?<![\w-]){_UP}{_LOW}+(?:krankenhaus|hospital|klinikum)(?![\w-])", "hospital",
         "Krankenhaus mit Namen", "compound", words((), ("krankenhaus", "hospital", "klinikum"))),
        (rf"(?<![\w-]){_CARE}{_SP}+(?P<care>(?:Haus{_SP}+)?{_SAINT}{_NAMES})", "care_home",
         "Pflegeheim mit Namen", "care", _CARE),
        (rf"(?<![\w-])(?:{_NAME}-)+(?:Moschee|Moscheegemeinde)(?![\w-])", "mosque",
         "Moschee mit Namen", "", "-Moschee"),
        (rf"(?<![\w-]){_WORSHIP}{_SP}+(?:{_STREET}|(?P<worship>{_NAMES}))", "mosque",
         "Gebetshaus mit Namen oder Lage", "worship", _WORSHIP),
    ))

#: Words after a type word that are no proper name ("Kita Platz", "Schule Montag",
#: "Firma Jobcenter"): authorities, services, weekdays, months and the words of a sentence.
_NOT_NAMES_TEXT = """
    Jobcenter Ausländerbehörde Familienkasse BAMF Jugendamt Sozialamt Agentur Bundesagentur
    Integrationskurs Sprachkurs Kita Schule Platz Plätze Termin Termine Antrag Anmeldung
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März April Mai
    Juni Juli August September Oktober November Dezember Frühjahr Sommer Herbst Winter
    Sommerferien Herbstferien Osterferien Ferien Leitung Personal Kinder Eltern Mitarbeiter
    Mitarbeiterin Stelle Vertrag Zusage Absage Wartezeit Warteliste Bescheid Kosten Probleme
    Problem Gespräch Praktikum Ausbildung Arbeit Job Minijob Teilzeit Vollzeit Einstellung
    Anfrage Rückmeldung Unterlagen Info Infos Besuch Nähe NRW Deutschland Nord Süd Ost West Mitte
    Kinderstation Station Notaufnahme Ambulanz Aufnahme Entlassung Behandlung Nachsorge
"""
_NOT_NAMES = frozenset(fold_word(w) for w in _NOT_NAMES_TEXT.split())
# "Klinikum Nord" is a facility although "Nord" alone is no name
_DIRECTIONS = frozenset({"nord", "sud", "ost", "west", "mitte", "nordwest", "sudost"})
_GENERIC_COMPOUND = frozenset({"kinder", "kreis", "fach", "akut", "allgemein", "kinderkranken"})


#: First parts of one-word school names that say the kind of school, not its name: school
#: types of NRW's Schulgesetz, private and further-education schools, and what they teach.
_SCHOOL_KINDS = folded_words("""
    Grund Haupt Real Gesamt Sekundar Primus Gemeinschafts Förder Sonder Berufs Berufsfach
    Berufsober Fachober Fach Fachhoch Hoch Volkshoch Abend Aufbau Wirtschafts Technik Ganztags
    Halbtags Privat Ersatz Ergänzungs Internats Waldorf Montessori Sprach Musik Kunst Tanz Sport
    Fahr Flug Reit Schwimm Koch Mal Näh Ballett Hunde Pflege Krankenpflege Altenpflege
    Kinderpflege Hebammen Heilpraktiker Meister Techniker Handels Hotel Koran Sonntags
    Wochenend Eltern Mütter Väter Volks Ober Mittel Unter Pro Voll Kreis
    Stadt Gast Partner Nachbar Dorf Mädchen Jungen Kinder Lern Klein Baum
    """)


def _named_school(word: str) -> bool:
    """A one-word school whose first part is a name ("Humboldtgymnasium", "Goetheschule"), not a
    kind of school ("Realschule", "Abendgymnasium", "Sprachschulen")."""
    head = re.sub(r"(?:schule|gymnasium|kolleg)s?$", "", fold_word(word))
    return len(head) >= 3 and not _of_kinds(head)


def _of_kinds(head: str) -> bool:
    """``head`` is made of kinds of school only ("abendreal", "kreisberufs")."""
    if not head or head in _SCHOOL_KINDS or head.rstrip("s") in _SCHOOL_KINDS:
        return True
    return any(_of_kinds(head[:-len(kind)]) for kind in _SCHOOL_KINDS
               if len(kind) >= 3 and head.endswith(kind) and len(head) > len(kind))


def _name_end(text: str, start: int, end: int, kind: str) -> int:
    """End of the proper-name words from ``start``: up to the first word that is no name."""
    position = start
    for match in re.finditer(r"\S+", text[start:end]):
        word = match.group().rstrip(".,;:)")
        key = fold_word(word)
        if key in _NOT_NAMES and not (kind == "hospital" and key in _DIRECTIONS):
            break
        position = start + match.start() + len(word)
    return position


def finders() -> list[tuple[Trigger, Callable[[str], list[tuple[int, int, str, str]]]]]:
    """(trigger, finder) per expression: the finder on a text, where the trigger occurs."""
    return [(trigger, functools.partial(_find, index))
            for index, (_, _, _, _, trigger) in enumerate(_FINDERS)]


def _find(index: int, text: str) -> list[tuple[int, int, str, str]]:
    """The matches of one expression in ``text`` as (start, end, type, reason)."""
    pattern, type_, reason, group, _ = _FINDERS[index]
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if group == "school_compound":
            if not _named_school(match.group()):
                continue
        elif group == "compound":
            if fold_word(match.group()).rsplit("kranken", 1)[0] in _GENERIC_COMPOUND or \
                    fold_word(match.group()).split("hospital")[0] in _GENERIC_COMPOUND:
                continue
        elif group and match.start(group) >= 0:  # not "Moschee an der …straße"
            name_start, name_end = match.span(group)
            cut = _name_end(text, name_start, name_end, group)
            if cut <= name_start:
                continue
            if group in ("kita", "firm"):
                start = name_start if group == "kita" else start
            end = cut
        found.append((start, end, type_, reason))
    return found


# A stay in hospital and the place of it: "liegt im Annastift", "wurde im Elisabethstift
# operiert", "Entbindung im Johannesstift". The expression starts with a literal ("im"), which
# the engine scans for fast; the words of the stay are looked for only around a candidate.
_IM_RE = re.compile(rf"i(?:m|ns){_SP}+(?P<place>{_UP}{_LOW}{{5,}})(?![\w-])")
_STAY_WORDS = (r"liegt|lag|liegen|stationär|aufgenommen|operiert|entbunden|Entbindung"
               r"|eingeliefert|Notaufnahme|Reha|behandelt")
_STAY_BEFORE_RE = re.compile(rf"(?<![\w-])(?:{_STAY_WORDS})(?:{_SP}+[\wäöüß.]+){{0,3}}?{_SP}+$")
_STAY_AFTER_RE = re.compile(rf"{_SP}+(?:operiert|behandelt|entbunden|aufgenommen|eingeliefert"
                            rf"|stationär)(?![\w-])")


def find_named_stays(text: str, is_name) -> list[tuple[int, int, str, str]]:
    """A hospital by its proper name alone, after a word of a stay there: one word that opens
    with a name of the name lexicon ``is_name`` (folded; also in the genitive: "Bergmanns-",
    "Elisabeth-") → ``[Krankenhaus]``. "liegt im Wochenbett" has no name in it."""
    found = []
    for match in _IM_RE.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            continue
        word = fold_word(match.group("place"))
        heads = (word[:i] for i in range(len(word) - 3, 4, -1))
        if not any(is_name(head) or head.endswith("s") and is_name(head[:-1]) for head in heads):
            continue
        if _STAY_BEFORE_RE.search(text, max(0, start - 50), start) or _STAY_AFTER_RE.match(
                text, match.end()):
            found.append((*match.span("place"), "hospital", "Krankenhaus mit Namen (Aufenthalt)"))
    return found
