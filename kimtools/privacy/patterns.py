"""Identifier patterns of free text: numbers, addresses, dates, e-mail (one expression).

Phone numbers, e-mail, IBAN, passport and card numbers, file numbers after a keyword, street
addresses and day-precise dates, all in one compiled alternation run once per text from the
first trigger on; ``find_patterns`` returns (start, end, type, reason). Also the character
classes the name matchers share (``UP``, ``CAP_WORD``).
"""

from __future__ import annotations

import re

from kimtools.privacy.lexicon import fold_word

#: A finding: (start, end, type, reason).
Found = tuple[int, int, str, str]


def folded_words(text: str) -> frozenset[str]:
    """Folded words of a white-space separated list."""
    return frozenset(fold_word(w) for w in text.split())


_UPPER = "".join(sorted({chr(c) for c in range(0x10000)
                         if chr(c).isalpha() and (chr(c).isupper() or chr(c).istitle())}))
UP = f"[{re.escape(_UPPER)}]"
LETTER = r"[^\W\d_]"
APOS = "'’ʼ"
#: A capitalised word, possibly hyphenated or with an inner apostrophe (O'Brien, Al-Khatib).
CAP_WORD = rf"{UP}{LETTER}*(?:[-‐{APOS}]{LETTER}+)*"


_SP = r"[ \t\u00a0]"
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w@])"
_IBAN = r"(?<![\w])[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,3})?(?!\w)"

_PHONE_KEYWORD = (r"(?:Tel(?:efon)?(?:nummer|nr)?\.?|Handy(?:nummer|nr\.?)?|Mobil(?:nummer|nr\.?)?"
                  r"|Mobiltelefon|Fax|Rufnummer|Festnetz(?:nummer)?|WhatsApp)")
_PHONE_DIGITS = r"[\d \u00a0/()‐–-]"
_PHONE_INTL = rf"(?:\+|00)[1-9]\d{{0,2}}(?:{_SP}?\(0\))?{_PHONE_DIGITS}{{5,}}\d"
_PHONE_NATIONAL = rf"\(?0{_SP}?[1-9]{_PHONE_DIGITS}{{4,}}\d"
_PHONE = rf"(?<![\w+/.,-])(?:{_PHONE_INTL}|{_PHONE_NATIONAL})(?![\w/])"
_PHONE_KW = (rf"(?<![\w-]){_PHONE_KEYWORD}{_SP}*(?:[:.]|-?Nr\.?:?)?{_SP}*"
             rf"(?P<v_phone_kw>(?:\+|\(?0|\d){_PHONE_DIGITS}{{3,}}\d)(?![\w/])")

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_MONTH_NAME = (r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober"
               r"|November|Dezember|(?:Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Nov|Dez)\.)")
_DATE_NUM = rf"(?<![\w.]){_DAY}\.{_SP}?{_MONTH}\.(?:{_SP}?(?:\d{{4}}|\d{{2}})(?!\d))?(?!\d)"
_DATE_SLASH = rf"(?<![\w./]){_DAY}/{_MONTH}/(?:\d{{4}}|\d{{2}})(?![\w/])"
_DATE_ISO = r"(?<![\w.-])\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])"
_DATE_WORDS = (rf"(?<![\w.]){_DAY}\.?{_SP}*{_MONTH_NAME}(?!\w)"
               rf"(?:{_SP}*(?:\d{{4}}|['’]\d{{2}})(?!\d))?")

_STRONG_STREET = (r"(?:stra(?:ß|ss)e|str\.|weg|allee|platz|ring|gasse|damm|ufer|chaussee|pfad"
                  r"|steig|stieg|wall|graben|promenade|twiete|kai|zeile|steg|passage|chaussee)")
_WEAK_STREET = (r"(?:hof|berg|feld|park|anger|brink|kamp|markt|tor|höhe|hoehe|siedlung|gärten"
                r"|garten|winkel|bogen|grund|busch|heide|wiese|bach|mühle|muehle|wald|holz|hang"
                r"|kirche|schule|teich|deich|hafen|kanal|turm|eck|ecke|stieg|feld|weide|aue|bad"
                r"|stadion|brücke|bruecke|wehr|hütte|huette|kamp|pütt|esch|heim)")
_STREET_WORD = r"(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Ring|Gasse|Damm|Ufer|Chaussee|Pfad" \
               r"|Steig|Wall|Graben|Markt|Tor|Promenade)"


def _house(n: str) -> str:
    """House number: 12, 12a, 12 a, 12/14, 12-14 (group name per address form)."""
    return (rf"(?P<house_{n}>{_SP}*\d{{1,4}}(?:{_SP}?[a-zA-Z](?![\w]))?"
            rf"(?:{_SP}*[-/]{_SP}*\d{{1,4}}[a-zA-Z]?)?(?![\w,.]\d|\w))")


#: A place name after the postcode: "Hamm", "Sankt Augustin", "Hennef (Sieg)", "Porta Westfalica".
_CITY = (rf"(?:(?:Bad|Sankt|St\.|Neu|Alt|Groß|Klein|Hohen|Ober|Nieder|Unter|Markt|Porta|Bergisch"
         rf"|Kamp|Schloss|Schloß|Stadt|Hansestadt){_SP}+)?{CAP_WORD}"
         rf"(?:{_SP}*\({CAP_WORD}\.?\)|{_SP}+(?:an{_SP}der|am|im|in|ob{_SP}der|vor{_SP}der)"
         rf"{_SP}+{CAP_WORD}|{_SP}+(?:i\.|in){_SP}*(?:W\.|Westf\.|Westfalen))?")
_POSTCODE_CITY = rf"(?:,?{_SP}*\d{{5}}{_SP}+{_CITY})"
_ARTICLE = r"(?:\s+(?:der|dem|den))"
_PREPOSITION = (rf"(?:Am|An{_ARTICLE}?|Auf{_ARTICLE}?|Im|In{_ARTICLE}?|Zum|Zur|Hinter{_ARTICLE}?"
                rf"|Vor{_ARTICLE}?|Unter{_ARTICLE}?|Bei(?:\s+der)?|Beim|Über{_ARTICLE}?)")
_ADDRESS_COMPOUND = (rf"(?<![\w-])(?={UP}[\w-]*\.?{_SP}*\d)"
                     rf"(?P<street_a>{UP}[\w-]*?(?i:{_STRONG_STREET}|{_WEAK_STREET}))"
                     rf"{_house('a')}(?P<post_a>{_POSTCODE_CITY})?")
_ADDRESS_ADJ = (rf"(?<![\w-])(?P<street_b>{UP}[\w-]*(?:er|e|es|en){_SP}+{_STREET_WORD})"
                rf"{_house('b')}(?P<post_b>{_POSTCODE_CITY})?")
_ADDRESS_PREP = (rf"(?<![\w-])(?P<street_c>{_PREPOSITION}{_SP}+(?P<street_c_word>{CAP_WORD}))"
                 rf"{_house('c')}(?P<post_c>{_POSTCODE_CITY})?")
_POSTCODE_ONLY = rf"(?<![\w.,/-])(?P<v_postcode>\d{{5}}){_SP}+(?P<postcode_city>{_CITY})"

#: "Az. der ABH 30.3-…", "Pass des Kindes Nr. …": one short phrase between keyword and value.
_WORD = rf"{LETTER}+(?:-{LETTER}+)*"
_BETWEEN = (rf"(?:{_SP}+(?:der|des|vom|von|beim|bei|im|laut|für|fuer)"
            rf"{_SP}+(?:{_WORD}{_SP}+)?{_WORD})?")
_PASSPORT_KEYWORD = (r"(?:(?:[A-ZÄÖÜ][a-zäöüß]*)?(?:[Rr]eise)?[Pp]ass(?:ersatz(?:papier)?)?"
                     r"|Reiseausweis|Personalausweis|Ausweis|Passport|Aufenthaltstitel"
                     r"|Dokument(?:en)?|Seriennummer|Karten?)"
                     r"(?:-?(?:nummer|Nummer|Nr\.?|nr\.?))?")
#: "Kartennummer", "Karten-Nr.", "Dokumentennummer", "Reisepass Nr.", "eAT-Kartennummer"; the
#: value may be letters only (eAT and German ID cards use C F G H J K L M N P R T V W X Y Z
#: and digits) or digits only.
_PASSPORT_KW = (rf"(?<!\w)(?:(?<!-)|(?<=eAT-)){_PASSPORT_KEYWORD}{_BETWEEN}{_SP}*\(?"
                rf"(?:[:.]|Nr\.?|No\.?|Nummer|-Nr\.?)?{_SP}*:?"
                rf"{_SP}*(?P<v_passport_kw>[A-Z0-9]{{6,12}})(?![\w-])")
_PASSPORT_DE = r"(?<![\w-])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}(?![\w-])"

_FILE_KEYWORD = (
    r"(?:Az\.?|AZ|Akt\.?-?[Zz]\.?|Aktenz\.|Aktenzeichen|Gz\.?|GZ|Geschäftszeichen|Zeichen"
    r"|Kassenzeichen|Personenkennziffer|Kennziffer|BG-?(?:Nr\.?|Nummer)"
    r"|Kd\.?-?Nr\.?|SV-?(?:Nummer|Nr\.?)|RV-?(?:Nummer|Nr\.?)|KV-?(?:Nummer|Nr\.?)"
    r"|AZR-?(?:Nummer|Nr\.?)|Steuer-?(?:ID|Id|IdNr\.?)|IdNr\.?"
    # any compound on -nummer / -Nr. (Kundennummer, Beitragsnummer, Kindergeld-Nr.)
    r"|[A-ZÄÖÜ][a-zäöüß]*(?:-?[Nn]ummer|-?Nr\.?))"
)
_FILE_VALUE = (r"(?:[A-Z]{1,4}[ -]?)?\d[\w./-]*(?:[ \u00a0](?:[A-Z]{1,3}[ \u00a0])?\d[\w./-]*)*")
_FILE_KW = (rf"(?<![\w-])(?P<file_keyword>{_FILE_KEYWORD}){_BETWEEN}{_SP}*\(?"
            rf"(?:[:.]|Nr\.?|Nummer)?{_SP}*:?{_SP}*(?P<v_file_kw>{_FILE_VALUE})")
#: "(Nr. N857037627)", "Nummer 754 243 284": a number label on its own.
_NUMBER_LABEL = (rf"(?<![\w-])(?:Nr\.?|Nummer|No\.?){_SP}*:?{_SP}*"
                 rf"(?P<v_number>[A-Z]{{0,3}}\d[\w./-]*(?:[ \u00a0]\d[\w./-]*)*"
                 rf"|[CFGHJKLMNPRTVWXYZ]{{9}}(?![\w-]))")

_EMAIL_RE = re.compile(_EMAIL)
#: a German mobile number in the shape people write it ("0176/9812345", "0157-33445566")
_MOBILE_RE = re.compile(r"01[5-7]\d[/ \u00a0-]?\d{6,8}")
#: All other patterns start with a digit, "+", "(" or a capital letter: the lookahead in front
#: rejects every other position with one test instead of trying each alternative.
_PATTERN_RE = re.compile(
    rf"(?=[\d+({re.escape(_UPPER)}])(?:"
    + "|".join(f"(?P<k_{name}>{pattern})" for name, pattern in (
        ("iban", _IBAN),
        ("phone_kw", _PHONE_KW),
        ("passport_kw", _PASSPORT_KW),
        ("file_kw", _FILE_KW),
        ("date_iso", _DATE_ISO),
        ("date_words", _DATE_WORDS),
        ("date_num", _DATE_NUM),
        ("date_slash", _DATE_SLASH),
        ("address_a", _ADDRESS_COMPOUND),
        ("address_b", _ADDRESS_ADJ),
        ("address_c", _ADDRESS_PREP),
        ("phone", _PHONE),
        ("passport_de", _PASSPORT_DE),
        ("number", _NUMBER_LABEL),
        ("postcode", _POSTCODE_ONLY),
    ))
    + ")"
)

_PASSPORT_SHAPE = re.compile(r"[A-Z]{1,2}\d{6,9}|[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}")
#: Every pattern holds a digit or an "@", except document numbers of letters only: these
#: have no vowel ("Kartennummer YMGRCZRMM").
TRIGGER_RE = re.compile(r"[\d@]|[B-DF-HJ-NP-TV-Z]{6}")
#: Longest stretch a pattern may run before its trigger (keyword + street name, the local part
#: of an e-mail address).
_LOOKBACK = 120

_PATTERN_TYPE = {
    "iban": "iban", "file_kw": "file_number", "passport_kw": "passport",
    "phone_kw": "phone", "date_iso": "date", "date_words": "date", "date_num": "date",
    "date_slash": "date", "address_a": "address", "address_b": "address",
    "address_c": "address", "phone": "phone", "passport_de": "passport", "postcode": "address",
    "number": "file_number",
}

#: Words after a number that make it a quantity, not a house number.
_UNIT_AFTER_NUMBER = re.compile(
    r"[ \t\u00a0]*(?:%|€|\$|Euro\b|EUR\b|Uhr\b|Min|Std|Stunde|Tag|Woche|Monat|Jahr|Kind|Person"
    r"|Plätze|Platz\b|Termin|Mal\b|mal\b|x\b|km\b|m\b|m²|qm\b|Seite|Punkt|Teilnehm|Fälle|Fall\b)")
#: Compounds that end like a street but are domain words ("Arbeitsplatz 2", "Bildungsweg").
_NOT_STREETS = folded_words("""
    Arbeitsplatz Ausbildungsplatz Kitaplatz Kita-Platz Kursplatz Studienplatz Praktikumsplatz
    Betreuungsplatz Schulplatz Therapieplatz Parkplatz Sprachkursplatz Integrationskursplatz
    Wohnheimplatz Heimplatz Pflegeplatz Kindergartenplatz Krippenplatz Ganztagsplatz OGS-Platz
    Wartelistenplatz Arbeitsmarkt Ausbildungsmarkt Wohnungsmarkt Stellenmarkt Bildungsweg
    Rechtsweg Dienstweg Lösungsweg Ausweg Arbeitsweg Fluchtweg Umweg Zugangsweg Antragsweg
    Postweg Rückweg Heimweg Fußweg Werdegang Lebensweg Berufsweg Integrationsweg Schulweg
    Handlungsfeld Arbeitsfeld Berufsfeld Themenfeld Tätigkeitsfeld Umfeld Vorfeld Bahnhof
    Friedhof Bauhof Innenhof Kindergarten Familienzentrum Stadtpark Wasserhahn Bergbau
    """)
GENERIC_PREP_WORDS = folded_words("""
    Jahr Jahre Jahren Monat Monaten Woche Wochen Tag Tagen Kurs Kursen Moment Ende Anfang Rahmen
    Vorfeld Zuge Platz Rang Stelle Position Seite Termin Gespräch Gesprächen Januar Februar März
    April Mai Juni Juli August September Oktober November Dezember Montag Dienstag Mittwoch
    Donnerstag Freitag Samstag Sonntag Quartal Halbjahr Schuljahr Modul Abschnitt Kapitel Alter
    Zeitraum Durchschnitt Schnitt Haushalt Verfahren Antrag Bescheid Jobcenter Sprachkurs
    Integrationskurs Niveau Level Raum
    Zimmer Gebäude Haus Stock Stockwerk Obergeschoss Erdgeschoss Block Bus Zug Team Netzwerk
    """)
_PREP_STREET_WORDS = folded_words("""
    Bahnhof Markt Rathaus Wall Hang Anger Kamp Brink Busch Holz Wald Bach Teich See Schloss Dom
    Hafen Kanal Deich Turm Park Sand Sande Lindenbaum Kirche Kapelle Mühle Steinbruch Friedhof
    Sportplatz Stadion Graben Grünen Gericht Zoo Kreuz Stadtgarten Tiefen Steinacker Krug Born
    Flöth Esch Hagen Knapp Heide Höhe Weiher Bruch Siepen Mersch Venn Kamp Hülsen Linden Eichen
    Buchen Birken Tannen Weiden Eichenhof Lindenhof
    """)
_NOT_CITIES = folded_words("""
    Euro EUR Menschen Personen Einwohner Fälle Kinder Stunden Tage Plätze Anträge Mitglieder
    Teilnehmende Geflüchtete Familien Haushalte Bürger Schüler Schülerinnen Frauen Männer
    """)
_PASSPORT_FALSE = frozenset({"AUFENTHG", "ASYLG"})
#: A number label in a keyword ("Kartennummer", "Pass-Nr.", "Reisepass Nr."): only then may a
#: document number consist of letters only.
_NUMBER_WORD_RE = re.compile(r"(?i:nummer|nr\b|no\b)")
#: Document numbers of German ID cards, passports and eAT (9 characters, no vowels), also
#: when drawn with letters only ("YMGRCZRMM").
_GERMAN_DOCUMENT_RE = re.compile(r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}")


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _iban_ok(value: str) -> bool:
    compact = value.replace(" ", "").replace("\u00a0", "")
    if not 15 <= len(compact) <= 34:
        return False
    if compact.startswith("DE"):
        return len(compact) == 22 and compact[2:].isdigit()
    return True


#: Lower-case words that are never part of a name sequence (nor a street's adjective).
_ARTICLES = folded_words("""
    der die das dem den des ein eine einer einem einen eines kein keine keiner keinem keinen
    jeder jede jedes dieser diese dieses unser unsere ihr ihre sein seine mein meine dein deine
    jener welcher aller über unter hinter vor nach weiter später immer oder aber
    """)


def find_patterns(text: str) -> list[Found]:
    """Every pattern finding in ``text``."""
    # every pattern holds a trigger (a digit, an "@", six capital consonants) and starts
    # at most _LOOKBACK characters before the first of them: skip the rest of the text
    # (most notes have no or few numbers)
    trigger = TRIGGER_RE.search(text)
    if trigger is None:
        return []
    found = []
    if "@" in text:
        found += [(*m.span(), "email", "E-Mail-Adresse")
                  for m in _EMAIL_RE.finditer(text)]
    for match in _PATTERN_RE.finditer(text, max(0, trigger.start() - _LOOKBACK)):
        kind = match.lastgroup[2:]
        candidate = _candidate(text, match, kind)
        if candidate is not None:
            found.append(candidate)
    return found


def _candidate(text: str, match: re.Match[str], kind: str) -> Found | None:
    type_ = _PATTERN_TYPE[kind]
    start, end = match.span()
    if kind == "iban":
        if not _iban_ok(match.group()):
            return None
        return (start, end, type_, "IBAN")
    if kind == "file_kw":
        start, end = match.span("v_file_kw")
        value = text[start:end]
        stripped = value.rstrip("./-")
        end -= len(value) - len(stripped)
        if _digits(stripped) < 3:
            return None
        keyword = " ".join(match.group("file_keyword").split())
        return (start, end, type_, f"Aktenzeichen/Nummer nach '{keyword}'")
    if kind == "passport_kw":
        value = match.group("v_passport_kw")
        start, end = match.span("v_passport_kw")
        if value in _PASSPORT_FALSE:
            return None
        # letters only: the German document shape ("YMGRCZRMM"), or no vowel (no word) after
        # a number label ("Passnummer BCDFGH"); never "Kartennummer UNBEKANNT"
        if not _digits(value) and not _GERMAN_DOCUMENT_RE.fullmatch(value) and not (
                _NUMBER_WORD_RE.search(text, match.start(), start)
                and not any(c in "AEIOU" for c in value)):
            return None
        return (start, end, type_, "Passnummer (nach Schlüsselwort)")
    if kind == "number":
        start, end = match.span("v_number")
        value = text[start:end]
        stripped = value.rstrip("./-")
        end -= len(value) - len(stripped)
        context = text[max(0, match.start() - 40):match.start()].lower()
        if not _digits(stripped):
            # letters only: a German document number, in the context of a document
            if _GERMAN_DOCUMENT_RE.fullmatch(stripped) and any(
                    word in context for word in ("pass", "ausweis", "karte", "eat", "dokument",
                                                 "aufenthaltstitel")):
                return (start, end, "passport",
                                  "Pass- oder Ausweisnummer (nach 'Nr.')")
            return None
        if _digits(stripped) < 4 or len(stripped) < 5:
            return None
        if _PASSPORT_SHAPE.fullmatch(stripped) or "pass" in context or "ausweis" in context:
            return (start, end, "passport", "Pass- oder Ausweisnummer (nach 'Nr.')")
        if _MOBILE_RE.fullmatch(stripped):
            return (start, end, "phone", "Mobilnummer (nach 'Nummer')")
        return (start, end, type_, "Nummer nach 'Nr.'")
    if kind == "passport_de":
        value = match.group()
        if _digits(value) < 3 or value.isdigit():
            return None
        return (start, end, type_, "Pass- oder Ausweisnummer (deutsches Format)")
    if kind in ("phone", "phone_kw"):
        if kind == "phone_kw":
            start, end = match.span("v_phone_kw")
        value = text[start:end]
        digits = _digits(value)
        if digits < 6 or digits > 16:
            return None
        if kind == "phone" and not value.lstrip("(").startswith(("+", "00")) and digits < 7:
            return None
        return (start, end, type_, "Telefonnummer")
    if kind.startswith("date"):
        return (start, end, type_, "Tagesgenaues Datum")
    if kind == "postcode":
        city = fold_word(match.group("postcode_city").split()[0])
        if city in _NOT_CITIES:
            return None
        return (start, end, type_, "Postleitzahl und Ort")
    if kind.startswith("address"):
        letter = kind[-1]
        house = match.group(f"house_{letter}")
        after = text[match.end(f"house_{letter}"):match.end(f"house_{letter}") + 20]
        has_post = match.group(f"post_{letter}") is not None
        if not has_post and _UNIT_AFTER_NUMBER.match(after):
            return None
        street = match.group(f"street_{letter}")
        key = fold_word(street)
        if letter == "a":
            if key in _NOT_STREETS:
                return None
            strong = re.search(rf"(?i:{_STRONG_STREET})$", street) is not None
            if not strong and not has_post:
                return None
        elif letter == "b":
            adjective = key.split()[0]
            if adjective in _ARTICLES:
                return None
        else:
            word = fold_word(match.group("street_c_word"))
            if word in GENERIC_PREP_WORDS:
                return None
            streetish = (word in _PREP_STREET_WORDS
                         or re.search(rf"(?i:{_STRONG_STREET}|{_WEAK_STREET})$", word))
            # "Am Hallenbad 14;" – a long word and the number closing the phrase
            closing = len(word) >= 6 and re.match(r"\s*(?:[.,;:)]|$)", after) is not None
            if not streetish and not has_post and not closing:
                return None
            if len(house.strip()) > 3 + (1 if house.strip()[-1:].isalpha() else 0) \
                    and not has_post:
                return None
        return (start, end, type_, "Straße mit Hausnummer")
    return None  # pragma: no cover
