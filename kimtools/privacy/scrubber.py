"""Free-text scrubber: find identifiers in German case notes, then replace them.

As in Presidio, analysis and anonymisation are separate steps: ``Scrubber.analyze`` returns
what it found, where and why (the review widget shows this to the case manager), and
``Scrubber.anonymize`` applies replacements for a (possibly reviewed) list of detections.

What is found (DESIGN §4):

- *Persons of the case* (``KnownPerson``): every given and family name part, case-insensitive,
  with or without diacritics (Şahin/Sahin/SAHIN, Müller/Mueller/Muller), hyphen or space
  variants (Al-Khatib/Al Khatib/AlKhatib), genitive forms (Hassans, Yılmaz’), full name
  sequences. A title in front ("Frau Yılmaz", "Herrn Dr. Yılmaz") belongs to the detection: the
  whole mention becomes the pseudonym ("Klientin A"), which carries the role already.
  Multi-part given names count as a whole ("El Mehdi", "El-Mehdi"); a particle that is only
  part of a name ("El" of "El Mehdi") is never matched alone, but a whole given name that is a
  particle ("Ben", "El") is, when capitalised and not the head of a hyphenated name.
- *Third parties*: a name after a title (Herr, Frau, Herrn, Hr., Fr., Dr., Prof., Familie);
  capitalised words found in the name lexicon (``NameLexicon``) unless they are German words of
  the stop list ("Koch", "Mai", "Kita"), with neighbouring name words ("Peter Koch"); after a
  role word the following name words ("Sachbearbeiterin Tasneem Mustafa"), also a first name
  of the stop list with the word after it ("Sachbearbeiter Nick Holt"; not before a stop word,
  role word or noun: "Sachbearbeiterin Mark Jobcenter").
- *Firms, named facilities, places and name variants* (modules ``facilities``, ``places``,
  ``variants``): "Bäckerei …", "… GmbH" → ``[Firma]``; "Kita [Name]", ``[Schule]``,
  ``[Krankenhaus]``, ``[Pflegeheim]``, ``[Moschee]``; towns abroad → ``[Herkunftsort]``,
  Ortsteile of the package's municipality → ``[Ortsteil]``; spelling variants of the case's
  names → the person's label.
- *Patterns*: phone numbers, e-mail, IBAN, passport numbers (after a keyword also of letters
  only, as eAT card numbers can be: "Kartennummer YMGRCZRMM"), file numbers (Aktenzeichen,
  BG-Nummer, Kundennummer …; the keyword stays), street addresses, day-precise dates.
  Legal references (§ 25b AufenthG, SGB II), years, months, times and amounts stay.

Decisions: the title goes with a known person ("Frau Yılmaz" → "Klientin A") but stays for a
third party ("Frau [Name]"); a genitive ending belongs to the span and is kept in the
replacement ("Hassans Antrag" → "Klientin A’s Antrag"); for numbers behind a keyword only the
number is replaced ("Az. [Aktenzeichen]", "Reisepass [Passnummer]"); overlapping findings are
joined, so nothing found is left half in the text.

Known limits: third-party names written in lower case, and unknown family names without a
title, a role word ("Sachbearbeiterin …") or a known first name in front, are not found; words
of the stop list that are names ("Koch") need such a context too. Three-part version numbers
(3.7.41) look like dates and are replaced.

Analysis runs one pass per matcher over the text, all compiled once: one regular expression
for every pattern (per process), one alternation of the folded name variants of the known
persons (per ``Scrubber``), one scan of capitalised words against the lexicon (a set lookup)
and one expression for titles.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kimtools.privacy.facilities import find_facilities
from kimtools.privacy.facilities import trigger_starts as facility_trigger_starts
from kimtools.privacy.handles import TRIGGER_RE as HANDLE_TRIGGER_RE
from kimtools.privacy.handles import find_handles
from kimtools.privacy.lexicon import (
    NameLexicon,
    fold,
    fold_char,
    fold_word,
    lexicon_key,
    span_end,
)
from kimtools.privacy.patterns import (
    CAP_WORD,
    TRIGGER_RE,
    find_patterns,
)
from kimtools.privacy.patterns import GENERIC_PREP_WORDS as _GENERIC_PREP_WORDS
from kimtools.privacy.patterns import folded_words as _folded_words
from kimtools.privacy.places import PlaceFinder
from kimtools.privacy.variants import VariantFinder, common_german_word

if TYPE_CHECKING:
    from kimtools.privacy.thirdparties import OtherPeople

__all__ = [
    "PLACEHOLDERS",
    "TYPES",
    "Detection",
    "KnownPerson",
    "Scrubber",
    "fold",
]

#: Replacement per detection type; a person is replaced by that person's pseudonym.
PLACEHOLDERS: dict[str, str] = {
    "name": "[Name]",
    "phone": "[Telefon]",
    "email": "[E-Mail]",
    "iban": "[IBAN]",
    "passport": "[Passnummer]",
    "file_number": "[Aktenzeichen]",
    "handle": "[Kennung]",
    "plate": "[Kennzeichen]",
    "address": "[Adresse]",
    "date": "[Datum]",
    "firm": "[Firma]",
    "school": "[Schule]",
    "hospital": "[Krankenhaus]",
    "care_home": "[Pflegeheim]",
    "mosque": "[Moschee]",
    "origin": "[Herkunftsort]",
    "quarter": "[Ortsteil]",
}

#: All detection types; where spans of different types overlap, the earlier in this order wins
#: a tie in length (person before name: the known person is the more specific finding).
TYPES = ("person", "email", "iban", "phone", "passport", "file_number", "handle", "plate", "date",
         "address", "name", "firm", "school", "hospital", "care_home", "mosque", "origin",
         "quarter")
_TYPE_RANK = {t: i for i, t in enumerate(TYPES)}
#: Between the texts of one pass: no expression reads across a NUL between line breaks.
_SEPARATOR_CHAR = "\x00"
_SEPARATOR = f"\n{_SEPARATOR_CHAR}\n"


@dataclass(frozen=True)
class KnownPerson:
    """A person of the case being scrubbed.

    ``role`` ("client", "partner", "child" …) and ``gender`` ("f", "m", "d", "u") are optional:
    a name part shared by several persons goes to the client (or else the first person), unless
    a title says otherwise ("Herr Hassan" → the male person of that name)."""

    person_id: str
    given_name: str
    family_name: str
    pseudonym: str
    role: str | None = None
    gender: str | None = None


@dataclass(frozen=True)
class Detection:
    """One finding: ``text == original[start:end]`` (Python ``str`` offsets).

    ``type`` is one of ``TYPES``; ``person_id`` is set for type "person"; ``reason`` is a short
    German explanation for the review ("Vorname von Klientin A", "Name nach Anrede 'Frau'").
    ``suffix`` is a genitive ending inside the span ("s" of "Hassans", "’" of "Yılmaz’"):
    ``anonymize`` keeps the genitive ("Klientin A’s")."""

    start: int
    end: int
    text: str
    type: str
    person_id: str | None
    reason: str
    suffix: str = ""


# ---------------------------------------------------------------------------------------------
# Character classes and word lists
# ---------------------------------------------------------------------------------------------



#: Name particles: never a name on their own, skipped when looking names up.
PARTICLES = frozenset({
    "al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "an", "abu", "bin", "ibn", "ben",
    "bint", "ould", "von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "la",
    "le", "zu", "zur", "ter", "ten", "y", "e", "dos", "das",
})
_PARTICLE_RE = r"(?:al|el|ul|ad|ar|as|at|az|ash|an|abu|bin|ibn|ben|bint|ould|von|van|vom|zu|" \
               r"von\s+der|van\s+der|de|da|di|du|del|della|la|le|ter|ten|dos)"

#: Words after a title that name a role, not a person ("Frau Sachbearbeiterin").
_ROLE_WORDS = _folded_words("""
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
_ROLE_SUFFIXES = tuple(fold_word(w) for w in (
    "leiterin", "leiter", "arbeiterin", "arbeiter", "beraterin", "berater", "betreuerin",
    "betreuer", "managerin", "beauftragte", "beauftragter", "lehrerin", "dolmetscherin",
    "anwältin", "ärztin", "vorsitzende", "vorsitzender", "referentin", "sachbearbeiterin",
    "sachbearbeiter", "mitarbeiterin", "mitarbeiter", "vermieterin", "vermieter", "erzieherin",
))

#: Endings of German nouns: such a word after a first name is not a family name.
_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "sion", "tat", "nis", "ismus", "ment",
                 "ei", "enz", "anz", "ik", "ur", "itat", "chen", "lein", "amt", "stelle", "zentrum",
                 "kurs", "platz", "haus", "schule", "verein", "center", "buro", "dienst", "gericht",
                 "test", "karte", "geld", "tag", "zeit", "plan", "liste", "antrag", "termin",
                 "bescheid", "unterlagen", "papiere", "schein", "vertrag", "gesprach", "ausweis",
                 "gabe", "nahme", "lage", "frage", "arbeit", "hilfe", "suche", "recht", "leistung",
                 "stand", "bedarf", "kosten", "miete", "wohnung", "kind", "kinder", "familie")

_NOT_NAME_TAILS = _NOUN_ENDINGS + ("strasse", "str", "weg", "platz", "allee", "gasse", "ring")

#: Endings of foreign family names that German words do not have (words of 6+ letters).
_SURNAME_ENDINGS = tuple(fold_word(w) for w in (
    "escu", "eanu", "oglu", "oğlu", "ović", "ovic", "ević", "evic", "ski", "ska", "cki", "cka",
    "dzki", "dzka", "wicz", "enko", "chuk", "czuk", "zadeh", "zada", "pour", "ullah", "uddin",
    "shvili", "dze", "yan", "jan", "ova", "eva", "ov", "ev",
))
_SURNAME_ENDING_EXCEPTIONS = _folded_words("""
    Aserbaidschan Pakistan Sudan Iran Kasachstan Usbekistan Turkmenistan Tadschikistan
    Kirgisistan Afghanistan Dagestan Tatarstan Plan Vulkan Organ Veteran Marzipan Schwan Kran
    Ozean Orkan Roman Tulpan Caravan Minivan Cardigan Moskva Genova Casanova Prov Nova Supernova
    Kiew Lwiw Charkiw Dnipro Rostov Kursk Slov Improv Relev
    """)

_TITLE = r"(?:Herrn?|Frau|Hr\.|Fr\.|Familie|Fam\.|Eheleute|Ehepaar|Geschwister)"
_ACADEMIC_HEAD = r"(?:Dr\.|Prof\.|Dipl\.-\w+\.?|Dipl\.)"
_ACADEMIC = (rf"(?:{_ACADEMIC_HEAD}|med\.|dent\.|vet\.|jur\.|phil\.|rer\.\s*nat\.|"
             r"rer\.\s*pol\.|h\.\s*c\.|Ing\.|Mag\.|M\.\s*A\.|B\.\s*A\.|MBA)")
_TITLE_CHAIN = rf"(?:{_TITLE}(?:\s+{_ACADEMIC})*|{_ACADEMIC_HEAD}(?:\s+{_ACADEMIC})*)"
#: Titles after which only a word known as a name counts ("Bereich Familie Beratung").
_WEAK_TITLES = ("Familie", "Fam.", "Eheleute", "Ehepaar", "Geschwister")
#: Particles between a first name and a family name after a title ("Frau Anna de Souza").
_INNER_PARTICLE_RE = (r"(?:al|el|ul|ad|ar|as|at|az|ash|abu|bin|ibn|ben|bint|ould|de|da|di|du|del"
                      r"|della|la|le|dos|van|von|van\s+der|von\s+der)")
_NAME_TOKEN = rf"(?:(?:al|el|ul|ad|ar|as|at|az|ash|abu|bin|ibn|abd)[-‐])?{CAP_WORD}"

#: Title (+ academic titles) + optional particles + one or two name tokens.
_TITLE_NAME_RE = re.compile(
    rf"(?<![\w-])(?P<title>{_TITLE_CHAIN})\s+"
    rf"(?P<name>(?:{_PARTICLE_RE}\s+)*(?P<first>{_NAME_TOKEN})(?:['’ʼ](?!\w))?)"
    rf"(?:[ \t\u00a0]+(?P<between>(?:{_INNER_PARTICLE_RE}[ \t\u00a0]+)*)"
    rf"(?P<second>{_NAME_TOKEN}))?"
)
#: A title chain right before a person mention (the person detection swallows it).
#: Role words that stand before a name like a title: a sponsor (Pate) always names a person,
#: a master craftsman ("Meister Hollmann") unless a trade follows ("Meister Elektrotechnik").
_ROLE_TITLE_RE = re.compile(rf"(?<![\w-])(?P<role>Pate|Patin|Meister|Meisterin)[ \t\u00a0]+"
                            r"(?!(?:Herrn?|Frau|Hr|Fr|Dr|Prof|Familie|Fam)\b)"
                            rf"(?P<name>{CAP_WORD})")
_TRADE_TAILS = ("technik", "handwerk", "bau", "arbeit", "betrieb", "meister", "elektro")
_TITLE_BEFORE_RE = re.compile(rf"(?<![\w-])(?P<title>{_TITLE_CHAIN})\s+$")
_CAP_WORD_RE = re.compile(rf"(?<![\w'’ʼ-]){CAP_WORD}")
_SAINT_RE = re.compile(r"(?<![\w-])(?:Sankt|St\.)[ \t\u00a0-]*$")
_HYPHEN_TAIL_RE = re.compile(rf"[-‐]{CAP_WORD}")
_HYPHEN_HEAD_RE = re.compile(rf"(?<![\w-]){CAP_WORD}[-‐]$")

# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------

_NAME_PARTICLES = PARTICLES | {"abd"}
_ARABIC_PARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "abu",
                               "abd", "bin", "ibn", "ben", "bint", "ould"})
_PARTICLE_GAP_RE = re.compile(rf"[ \t\u00a0]+({_PARTICLE_RE})[ \t\u00a0]+")


def _gap(text: str, end: int, start: int) -> str | None:
    """"space" for a little horizontal white space between two words, "arabic" for a lower-case
    Arabic name particle between them ("Rasha al Hamra"), "particle" for another one ("von"),
    else None."""
    if _adjacent(text, end, start):
        return "space"
    if start - end <= 12:
        match = _PARTICLE_GAP_RE.fullmatch(text, end, start)
        if match:
            return "arabic" if match.group(1) in _ARABIC_PARTICLES else "particle"
    return None


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only a little horizontal white space between two words."""
    gap = text[end:start]
    return 0 < len(gap) <= 3 and gap.isspace() and "\n" not in gap


def _adds_umlaut(mention: str, umlauts: set[str]) -> bool:
    mention = unicodedata.normalize("NFC", mention).lower()
    return any(c in "äöü" and c not in umlauts for c in mention)


def _genitive_form(replacement: str, suffix: str) -> str:
    if not suffix:
        return replacement
    if replacement[-1:] in ("s", "ß", "x", "z"):
        return replacement + "’"  # Hans’ Antrag
    if replacement[-1:].islower():
        return replacement + "s"
    return replacement + "’s"


# ---------------------------------------------------------------------------------------------
# Candidates and resolution
# ---------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int
    end: int
    type: str
    reason: str
    person_id: str | None = None
    suffix: str = ""
    full_name: bool = False  # the whole name of someone else: not taken over by a person part


def _resolve(text: str, candidates: list[_Candidate]) -> list[Detection]:
    """Overlapping candidates become one detection spanning all of them (nothing found is
    left in the text); the longest candidate names the type, a known person beats a name."""
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c.start, -c.end))
    clusters: list[list[_Candidate]] = []
    cluster_end = -1
    for cand in candidates:
        if cand.end <= cand.start:
            continue
        if clusters and cand.start < cluster_end:
            clusters[-1].append(cand)
            cluster_end = max(cluster_end, cand.end)
        else:
            clusters.append([cand])
            cluster_end = cand.end
    detections = []
    for cluster in clusters:
        start = min(c.start for c in cluster)
        end = max(c.end for c in cluster)
        winner = min(cluster, key=lambda c: (-(c.end - c.start), not c.full_name,
                                             _TYPE_RANK[c.type]))
        if winner.type == "name" and not winner.full_name:
            persons = [c for c in cluster if c.type == "person"]
            if persons:
                winner = max(persons, key=lambda c: c.end - c.start)
        suffix = winner.suffix if winner.end == end else ""
        detections.append(Detection(start, end, text[start:end], winner.type, winner.person_id,
                                    winner.reason, suffix))
    return detections


# ---------------------------------------------------------------------------------------------
# Known persons
# ---------------------------------------------------------------------------------------------


def _clean(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("nan", "<na>", "none") else text


def _name_regex(token_words: Sequence[str]) -> str:
    """Regex over folded text for a name of one or more words: words may be joined by a hyphen,
    white space or nothing; ä/ö/ü match a/o/u and ae/oe/ue (and ae/oe/ue in the name match
    a/o/u too); ə (Azerbaijani) matches e and a."""
    parts = []
    for word in token_words:
        chars = unicodedata.normalize("NFC", word)
        out = []
        i = 0
        while i < len(chars):
            char = chars[i]
            lower = char.lower()
            if lower in "äöü":
                out.append({"ä": "ae?", "ö": "oe?", "ü": "ue?"}[lower])
            elif lower == "ə":
                out.append("[ea]")
            elif lower in "aou" and chars[i + 1:i + 2].lower() == "e":
                out.append(lower + "e?")
                i += 1
            elif char in "'’ʼ":
                out.append("'?")
            else:
                out.append(re.escape(fold_char(char)) if not char.isascii()
                           else re.escape(lower))
            i += 1
        parts.append("".join(out))
    return r"(?:-|\s+)?".join(parts)


@dataclass
class _Variant:
    regex: str
    length: int
    owners: list[tuple[int, str]]  # (person index, "Vorname" | "Familienname" | "Name")
    needs_capital: bool
    umlauts: set[str]  # umlauts of the name as listed: a mention may not add others
    particle: bool = False  # a whole name that is a particle ("Ben", "El"): not "El-Khoury"


class _PersonMatcher:
    """One compiled alternation over all name variants of the known persons."""

    def __init__(self, persons: Sequence[KnownPerson], lexicon: NameLexicon):
        self.persons = list(persons)
        order = sorted(range(len(self.persons)),
                       key=lambda i: (self.persons[i].role != "client", i))
        self.rank = {index: pos for pos, index in enumerate(order)}
        variants: dict[str, _Variant] = {}

        def add(words: Sequence[str], index: int, kind: str, whole: bool = False) -> None:
            folded_words = [fold_word(w) for w in words]
            if not folded_words or any(not w for w in folded_words):
                return
            particle = False
            if len(folded_words) == 1:
                single = folded_words[0]
                if len(single) < 2:
                    return
                if single in PARTICLES:
                    if not whole:
                        return  # "El" of "El Mehdi", "Al" of "Al Masri"
                    particle = True  # a given name "Ben" or "El" on its own
            regex = _name_regex(words)
            variant = variants.get(regex)
            if variant is None:
                joined = "".join(folded_words)
                needs_capital = len(folded_words) == 1 and (
                    len(joined) <= 2 or particle or lexicon.is_stop_word(joined))
                variant = _Variant(regex, len(joined) + len(folded_words), [], needs_capital,
                                   set())
                variants[regex] = variant
            variant.particle = variant.particle or particle
            variant.umlauts.update(c for c in "".join(words).lower() if c in "äöü")
            if (index, kind) not in variant.owners:
                variant.owners.append((index, kind))

        for index, person in enumerate(self.persons):
            given = _clean(person.given_name)
            family = _clean(person.family_name)
            for value, kind in ((given, "Vorname"), (family, "Familienname")):
                if not value:
                    continue
                words = [w for w in re.split(r"[\s\-‐]+", value) if w]
                add(words, index, kind, whole=True)
                for word in words:
                    add([word], index, kind)
            if given and family:
                add([w for w in re.split(r"[\s\-‐]+", f"{given} {family}") if w], index, "Name")
        self.variants = sorted(variants.values(), key=lambda v: -v.length)
        if self.variants:
            alternation = "|".join(f"({v.regex})" for v in self.variants)
            self.regex: re.Pattern[str] | None = re.compile(
                rf"(?<!\w)(?:{alternation})(?=(?:'s|'|s)?(?!\w))")
        else:
            self.regex = None

    def find(self, text: str) -> list[_Candidate]:
        if self.regex is None:
            return []
        folded, index_map = fold(text)
        hits: list[tuple[int, int, list[tuple[int, str]], str]] = []
        for match in self.regex.finditer(folded):
            variant = self.variants[match.lastindex - 1]
            start = index_map[match.start()]
            end = span_end(index_map, match.end())
            if variant.needs_capital and not text[start].isupper():
                continue
            if variant.particle and folded[match.end():match.end() + 1] in ("-", "'"):
                continue  # "El" is a given name, but "El-Khoury" another person's family name
            if not text.isascii() and _adds_umlaut(text[start:end], variant.umlauts):
                continue  # "Länge" is not Frau Lange
            suffix = ""
            rest = folded[match.end():match.end() + 2]
            if rest.startswith("'s") and not folded[match.end() + 2:match.end() + 3].isalnum():
                suffix = text[end:span_end(index_map, match.end() + 2)]
            elif (rest[:1] == "s" or rest[:1] == "'" and match.group()[-1:] in "sxz") \
                    and not rest[1:2].isalnum():  # Hassans, Yılmaz’ (not 'Ahmad' in quotes)
                suffix = text[end:span_end(index_map, match.end() + 1)]
            hits.append((start, end + len(suffix), variant.owners, suffix))
        return self._merge(text, hits)

    def _merge(self, text: str, hits: list[tuple[int, int, list[tuple[int, str]], str]]
               ) -> list[_Candidate]:
        """Adjacent parts of the same person ("Fatima Al-Hassan") become one mention."""
        groups: list[tuple[int, int, set[int], list[tuple[int, str]], str]] = []
        for start, end, owners, suffix in hits:
            owner_set = {i for i, _ in owners}
            if groups:
                g_start, g_end, g_set, g_owners, g_suffix = groups[-1]
                gap = text[g_end:start]
                common = g_set & owner_set
                if common and not g_suffix and (gap == "" or gap.isspace() or gap in "-‐") \
                        and "\n" not in gap and len(gap) <= 3:
                    groups[-1] = (g_start, end, common, g_owners + owners, suffix)
                    continue
            groups.append((start, end, owner_set, list(owners), suffix))
        candidates = []
        for start, end, owner_set, owners, suffix in groups:
            start, end, title = self._extend(text, start, end)
            index = self._choose(owner_set, title)
            person = self.persons[index]
            kinds = {kind for i, kind in owners if i == index}
            if len(kinds) > 1 or "Name" in kinds:
                label = "Name"
            else:
                label = kinds.pop() if kinds else "Name"
            reason = f"{label} von {person.pseudonym}"
            if title:
                reason += f" (mit Anrede '{title}')"
            if suffix:
                reason += " (Genitiv)"
            candidates.append(_Candidate(start, end, "person", reason, person.person_id, suffix))
        return candidates

    def _extend(self, text: str, start: int, end: int) -> tuple[int, int, str]:
        """Swallow a title in front and the rest of a hyphenated double name."""
        title = ""
        before = _TITLE_BEFORE_RE.search(text, max(0, start - 60), start)
        if before:
            title = before.group("title")
            start = before.start()
        while True:  # "Brinkmann-Yılmaz": the whole double name (not "Yılmaz-Gespräch")
            match = _HYPHEN_TAIL_RE.match(text, end, min(len(text), end + 60))
            if not match or fold_word(match.group()).endswith(_NOT_NAME_TAILS):
                break
            end = match.end()
        while start > 0 and text[start - 1] in "-‐":
            match = _HYPHEN_HEAD_RE.search(text, max(0, start - 60), start)
            if not match:
                break
            start = match.start()
        return start, end, title

    def _choose(self, owner_set: set[int], title: str) -> int:
        owners = sorted(owner_set, key=lambda i: self.rank[i])
        if len(owners) > 1 and title:
            wanted = "f" if title.startswith(("Frau", "Fr.")) else (
                "m" if title.startswith(("Herr", "Hr.")) else None)
            if wanted:
                matching = [i for i in owners if (self.persons[i].gender or "") == wanted]
                if matching:
                    return matching[0]
        return owners[0]


# ---------------------------------------------------------------------------------------------
# The scrubber
# ---------------------------------------------------------------------------------------------


#: "Pate …", "Meister …": role words that stand before a name like a title.
_ROLE_TRIGGER_RE = re.compile("Pat|Meister")


def _searcher(pattern: re.Pattern[str]) -> Callable[[str, int], int]:
    """Offset of the next match of ``pattern`` from a position, -1 for none."""
    def search(text: str, position: int) -> int:
        match = pattern.search(text, position)
        return -1 if match is None else match.start()
    return search


def _listed(starts: list[int]) -> Callable[[str, int], int]:
    """The next of sorted offsets from a position, -1 for none."""
    def search(_text: str, position: int) -> int:
        index = bisect.bisect_left(starts, position)
        return starts[index] if index < len(starts) else -1
    return search


def _local(text: str, segments: Sequence[tuple[int, int]], trigger: Callable[[str, int], int],
           finder: Callable[[str], Iterable[tuple[int, int, str, str]]]) -> list[_Candidate]:
    """``finder`` on each note (segment) of ``text`` that holds its ``trigger``, offsets moved
    back into ``text``: these expressions try many positions, and most notes give them none."""
    found = []
    starts = [start for start, _ in segments]
    position = 0
    while (hit := trigger(text, position)) >= 0:
        start, end = segments[bisect.bisect_right(starts, hit) - 1]
        if hit < end:  # not in the separator
            found += [_Candidate(s + start, e + start, kind, reason)
                      for s, e, kind, reason in finder(text[start:end])]
        position = max(end, hit + 1)
    return found


_PATTERN_TRIGGER = _searcher(TRIGGER_RE)
_ROLE_TRIGGER = _searcher(_ROLE_TRIGGER_RE)
_HANDLE_TRIGGER = _searcher(HANDLE_TRIGGER_RE)


#: Classification of capitalised words, per lexicon (shared by the scrubbers of all cases).
_WORD_CACHES: dict[int, tuple[NameLexicon, dict[str, tuple[str, str, bool, bool]]]] = {}


@functools.cache
def _default_places() -> PlaceFinder:
    """Places without a municipality: towns abroad and every listed Ortsteil."""
    return PlaceFinder()


class Scrubber:
    """Finds and replaces identifiers in free text; see the module documentation.

    ``persons`` are the persons of one case; a ``Scrubber`` without persons still finds third
    parties and patterns (used on text typed live in the conference)."""

    def __init__(self, persons: Sequence[KnownPerson] = (), lexicon: NameLexicon | None = None,
                 others: OtherPeople | None = None, places: PlaceFinder | None = None):
        """others: the people of the whole caseload, found as third parties ("[Name]");
        places: the towns and Ortsteile of the package's municipality (one per package)."""
        self.persons = tuple(persons)
        self._places = places if places is not None else _default_places()
        self._others = others
        self._own_names = {" ".join(fold_word(name).split()) for p in self.persons
                           for name in (f"{p.given_name} {p.family_name}",
                                        f"{p.family_name} {p.given_name}")}
        self.lexicon = lexicon if lexicon is not None else NameLexicon.default()
        self._persons = _PersonMatcher(self.persons, self.lexicon)
        self._pseudonyms = {p.person_id: p.pseudonym for p in self.persons}
        self._variants = VariantFinder(self.persons)
        entry = _WORD_CACHES.get(id(self.lexicon))
        if entry is None or entry[0] is not self.lexicon:
            entry = (self.lexicon, {})
            _WORD_CACHES[id(self.lexicon)] = entry
        self._word_cache: dict[str, tuple[str, str, bool, bool]] = entry[1]

    # -- analysis --------------------------------------------------------------------------

    def analyze(self, text: str) -> list[Detection]:
        """Non-overlapping detections sorted by offset; offsets index the original ``text``."""
        if not isinstance(text, str) or not text:
            return []
        return self._analyze(text, ((0, len(text)),))

    def _analyze(self, text: str, segments: Sequence[tuple[int, int]]) -> list[Detection]:
        """Detections in ``text``, the notes of one pass at ``segments``: matchers that need a
        keyword run on the notes that hold one, each note on its own; the others run once."""
        candidates = self._persons.find(text)
        candidates += _local(text, segments, _PATTERN_TRIGGER, find_patterns)
        candidates += self._titled_names(text)
        candidates += _local(text, segments, _ROLE_TRIGGER, self._role_titled)
        candidates += self._lexicon_names(text)
        candidates += _local(text, segments, _HANDLE_TRIGGER, find_handles)
        candidates += _local(text, segments, _listed(facility_trigger_starts(text)),
                             find_facilities)
        candidates += [_Candidate(*found) for found in self._places.find(text)]
        candidates += [_Candidate(start, end, "person",
                                  f"Schreibvariante eines Namens von {self._pseudonyms[pid]}",
                                  person_id=pid)
                       for start, end, pid in self._variants.find(text)]
        if self._others is not None:
            candidates += [_Candidate(hit.start, hit.end, "name",
                                      "Name einer Person eines anderen Falls", suffix=hit.suffix,
                                      full_name=hit.sequence)
                           for hit in self._others.find(text)
                           if " ".join(fold_word(text[hit.start:hit.end]).split())
                           not in self._own_names]
        return _resolve(text, candidates)

    def _titled_names(self, text: str) -> list[_Candidate]:
        found = []
        lexicon = self.lexicon
        for match in _TITLE_NAME_RE.finditer(text):
            first = match.group("first")
            key = lexicon_key(first)
            folded = fold_word(first)
            if folded in _ROLE_WORDS or folded.rsplit("-", 1)[-1].endswith(_ROLE_SUFFIXES):
                continue
            title = " ".join(match.group("title").split())
            weak = title.startswith(_WEAK_TITLES)
            # titles decide: "Fr. Mai", "Frau Sommer" name a person although the word is German
            if weak and lexicon.is_stop_word(key) and not lexicon.is_name(key):
                continue
            if weak and not self._namelike(key):
                continue
            start = match.start("name")
            end = match.end("name")
            second = match.group("second")
            between = (match.group("between") or "").split()
            if second and (fold_word(first) in _NAME_PARTICLES or between and not (
                    between[0] in ("von", "van") and not self._namelike(lexicon_key(second)))):
                end = match.end("second")  # Herr Abu Zeid, Frau Al Khatib, Frau Anna de Souza
            elif second:
                second_key = lexicon_key(second)
                if (lexicon.is_name(second_key) or self._namelike(second_key)
                        or (lexicon.is_first_name(key) and not lexicon.is_stop_word(second_key)
                            and fold_word(second) not in _ROLE_WORDS)):
                    end = match.end("second")
            suffix = ""
            if text[end - 1] in "'’ʼ":
                suffix = text[end - 1]
            found.append(_Candidate(start, end, "name", f"Name nach Anrede '{title}'",
                                    suffix=suffix))
        return found

    def _role_titled(self, text: str) -> list[tuple[int, int, str, str]]:
        found = []
        for match in _ROLE_TITLE_RE.finditer(text):
            word = match.group("name")
            folded = fold_word(word)
            if self._is_role(word) or folded.endswith(_NOUN_ENDINGS + _TRADE_TAILS) or (
                    word.isupper() and len(word) <= 4):
                continue
            if match.group("role").startswith("Meister") and common_german_word(word):
                continue
            found.append((*match.span("name"), "name", f"Name nach '{match.group('role')}'"))
        return found

    def _lexicon_names(self, text: str) -> list[_Candidate]:
        # start, end, strength, reason, word, is a role word, may follow a first name
        words: list[tuple[int, int, str, str, str, bool, bool]] = []
        cache = self._word_cache
        any_name = any_role = False
        for match in _CAP_WORD_RE.finditer(text):
            word = match.group(0)
            cached = cache.get(word)
            if cached is None:
                cached = (*self._classify_word(word), self._is_role(word),
                          self._may_follow(word))
                if len(cache) > 200_000:
                    cache.clear()
                cache[word] = cached
            strength, reason, role, follows = cached
            if strength and match.start() >= 4 and _SAINT_RE.search(
                    text, max(0, match.start() - 8), match.start()):
                strength = ""  # Sankt Augustin, St. Georg: a place or a saint
            any_name = any_name or strength == "strong"
            any_role = any_role or role
            words.append((match.start(), match.end(), strength, reason, word, role, follows))
        if not any_name and not any_role:
            return []
        found = self._after_roles(text, words)
        if not any_name:
            return found
        i = 0
        while i < len(words):
            start, end, strength, reason = words[i][:4]
            if not strength:
                i += 1
                continue
            strong = strength == "strong"
            j = i + 1
            while j < len(words) and not words[j - 1][3].endswith("(Genitiv)"):
                gap = _gap(text, end, words[j][0])
                if gap in ("space", "particle") and words[j][2] or gap == "arabic" and (
                        words[j][6]):
                    end = words[j][1]  # "Peter Koch", "Rasha al Hamra"
                    strong = strong or words[j][2] == "strong"
                    j += 1
                elif (strong and gap == "space" and fold_word(words[j][4]) in _NAME_PARTICLES
                      and j + 1 < len(words) and _gap(text, words[j][1], words[j + 1][0])
                      == "space" and (words[j + 1][2] or words[j + 1][6])):
                    end = words[j + 1][1]  # "Rasha Abu Hamra", "Jan Van Dijk"
                    j += 2
                else:
                    break
            if strong:
                suffix = ""
                if end < len(text) and text[end] in "'’ʼ" and (
                        end + 1 == len(text) or not text[end + 1].isalnum()):
                    suffix = text[end]
                    end += 1
                if j - i > 1:
                    reason = "Namenslexikon (Vor- und Familienname)"
                found.append(_Candidate(start, end, "name", reason, suffix=suffix))
            i = j
        return found

    def _after_roles(self, text: str, words: list[tuple[int, int, str, str, str, bool, bool]]
                     ) -> list[_Candidate]:
        """After a role word, up to three capitalised words form a name if one of them is a
        known name: "Sachbearbeiterin Tasneem Mustafa", "Sachbearbeiter Abd Alaziz Jaber".
        A first name of the lexicon, even one that is a German word, and the capitalised word
        after it form a name too: "Sachbearbeiter Nick Holt" (not "Lehrerin Grundschule")."""
        found = []
        for r, role in enumerate(words[:-1]):
            if not role[5]:
                continue
            if (r + 2 < len(words) and _adjacent(text, role[1], words[r + 1][0])
                    and _adjacent(text, words[r + 1][1], words[r + 2][0])
                    and self._first_name_after_role(words[r + 1][4])
                    and self._surname_after_first_name(words[r + 2][4])):
                found.append(_Candidate(words[r + 1][0], words[r + 2][1], "name",
                                        f"Name nach '{role[4]}' (Vorname und Name)"))
            k = r + 1
            strong = False
            while k < len(words) and k - r <= 3 and _gap(text, words[k - 1][1], words[k][0]) \
                    and (words[k][2] or words[k][6]):
                strong = strong or words[k][2] == "strong"
                k += 1
            if strong and k - r > 2:
                found.append(_Candidate(words[r + 1][0], words[k - 1][1], "name",
                                        f"Name nach '{role[4]}' (Namenslexikon)"))
        return found

    def _first_name_after_role(self, word: str) -> bool:
        """A capitalised word right after a role word that the lexicon knows as a first name,
        also when it is a stop word ("Nick", "Mark"); not a role word, not an acronym."""
        if word.isupper() and len(word) <= 4 or self._is_role(word):
            return False
        parts = [p for p in lexicon_key(word).replace("'", "-").split("-")
                 if p and p not in PARTICLES]
        return bool(parts) and all(self.lexicon.is_first_name(p) for p in parts)

    def _surname_after_first_name(self, word: str) -> bool:
        """A capitalised word after a first name (after a role word) that may be the family
        name: a name of the lexicon (also a stop word: "Holt") or a word that is neither a stop
        word ("Jobcenter", "Grundschule"), a role word nor a German noun by its ending."""
        if word.isupper() and len(word) <= 4 or self._is_role(word) or any(
                len(p) <= 4 and p.isupper() for p in re.split(r"[-‐]", word)):
            return False  # acronyms: "BAMF-Kurse"
        key = lexicon_key(word)
        if fold_word(word) in _GENERIC_PREP_WORDS:
            return False  # "Sachbearbeiterin Mark Montag"
        return self.lexicon.is_name(key) or self._may_follow(word)

    @staticmethod
    def _is_role(word: str) -> bool:
        folded = fold_word(word)
        return folded in _ROLE_WORDS or folded.rsplit("-", 1)[-1].endswith(_ROLE_SUFFIXES)

    def _may_follow(self, word: str) -> bool:
        """A capitalised word after a first name that may be an unknown family name."""
        if word.isupper() and len(word) <= 4:
            return False
        key = lexicon_key(word)
        return (not self.lexicon.is_stop_word(key) and not self._is_role(word)
                and not fold_word(word).endswith(_NOUN_ENDINGS))

    def _classify_word(self, word: str) -> tuple[str, str]:
        if len(word) <= 4 and word.isupper():
            return "", ""  # acronym: KIM, AWO, BAMF
        if word[:-1].isupper() and word.endswith("s"):
            return "", ""  # plural of an acronym: IDs, PDFs
        parts = [p for p in re.split(r"[-‐]", word) if p]
        if len(parts) > 1 and any(len(p) <= 4 and p.isupper() and p.lower() not in PARTICLES
                                  for p in parts):
            return "", ""  # CD-ROM, SAM-Aufforderung, ANI-Bild
        camel_case = (any(c.isupper() for c in word[1:]) and not word.isupper()
                      and not any(c in "-‐'’ʼ" for c in word))
        return self._classify(lexicon_key(word), camel_case)

    def _classify(self, key: str, camel_case: bool = False) -> tuple[str, str]:
        """("strong" | "weak" | "", reason) for a folded capitalised word; ``camel_case``
        words (DeuFöV, IntV) are abbreviations, not names with a foreign ending."""
        lexicon = self.lexicon
        parts = [p for p in key.replace("'", "-").split("-") if p]
        names = [p for p in parts if p not in PARTICLES]
        if not names:
            return "", ""
        if len(names) == 1:
            name = names[0]
            if len(parts) == 1 and lexicon.is_stop_word(key):
                return ("weak", "") if lexicon.is_name(key) else ("", "")
            kind = lexicon.kind(name)
            if kind is None and name.endswith("s") and lexicon.is_name(name[:-1]) \
                    and not lexicon.is_stop_word(name[:-1]) and not lexicon.is_stop_word(name):
                return "strong", "Namenslexikon (Genitiv)"
            if kind is not None and not lexicon.is_stop_word(name):
                return "strong", f"Namenslexikon ({kind})"
            if kind is not None:
                return "weak", ""
            if (len(name) >= 6 and name.endswith(_SURNAME_ENDINGS) and not camel_case
                    and name not in _SURNAME_ENDING_EXCEPTIONS
                    and not lexicon.is_stop_word(name)):
                ending = next(e for e in _SURNAME_ENDINGS if name.endswith(e))
                return "strong", f"Namensendung '-{ending}'"
            return "", ""
        known = [lexicon.is_name(p) for p in names]
        strong = [lexicon.is_name(p) and not lexicon.is_stop_word(p) for p in names]
        if any(strong) and (all(known) or (
                len(names) == 2 and not any(lexicon.is_stop_word(p) for p in names)
                and not any(not k and (len(p) < 3 or fold_word(p).endswith(_NOUN_ENDINGS))
                            for p, k in zip(names, known, strict=True)))):
            return "strong", "Namenslexikon (Doppelname)"
        return "", ""

    def _namelike(self, key: str) -> bool:
        """A folded word that the lexicon knows as a name (also a stop word) or that has the
        ending of a foreign family name."""
        parts = [p for p in key.replace("'", "-").split("-") if p and p not in PARTICLES]
        return bool(parts) and any(
            self.lexicon.is_name(p) or self.lexicon.is_name(p.removesuffix("s"))
            or (len(p) >= 6 and p.endswith(_SURNAME_ENDINGS)
                and p not in _SURNAME_ENDING_EXCEPTIONS) for p in parts)

    # -- anonymisation ---------------------------------------------------------------------

    def replacement(self, detection: Detection) -> str:
        """What ``anonymize`` puts in place of ``detection``."""
        if detection.type == "person":
            base = self._pseudonyms.get(detection.person_id or "", PLACEHOLDERS["name"])
        else:
            base = PLACEHOLDERS.get(detection.type, PLACEHOLDERS["name"])
        if detection.type in ("person", "name"):
            return _genitive_form(base, detection.suffix)
        return base

    def anonymize(self, text: str, detections: Iterable[Detection]) -> str:
        """Replace each detection by its pseudonym or placeholder.

        Detections must belong to ``text`` (``text[start:end] == detection.text``, else
        ``ValueError``); they may come in any order. Overlapping ones (e.g. added by hand in
        the review) are joined: the earlier one's replacement covers both."""
        ordered = sorted(detections, key=lambda d: (d.start, -d.end))
        pieces: list[str] = []
        position = 0
        pending: tuple[int, int, str] | None = None
        for det in ordered:
            if not (0 <= det.start < det.end <= len(text)) or text[det.start:det.end] != det.text:
                raise ValueError(
                    f"Fundstelle {det.start}–{det.end} ({det.text!r}) passt nicht zum Text.")
            if pending is not None and det.start < pending[1]:
                pending = (pending[0], max(pending[1], det.end), pending[2])
                continue
            if pending is not None:
                pieces.append(text[position:pending[0]])
                pieces.append(pending[2])
                position = pending[1]
            pending = (det.start, det.end, self.replacement(det))
        if pending is not None:
            pieces.append(text[position:pending[0]])
            pieces.append(pending[2])
            position = pending[1]
        pieces.append(text[position:])
        return "".join(pieces)

    def scrub(self, text: str) -> tuple[str, list[Detection]]:
        """``analyze`` and ``anonymize`` in one step."""
        detections = self.analyze(text)
        return self.anonymize(text, detections), detections

    def analyze_many(self, texts: Sequence[str]) -> list[list[Detection]]:
        """``analyze`` of each text, in one pass over all of them.

        The fixed cost of a pass (a dozen expressions, the word scans) is paid once per case
        instead of once per note. The texts are joined by a separator that no matcher reads
        across (a NUL between line breaks); offsets are mapped back to each text. Should a
        finding still span two texts, each text is analysed on its own."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        if len(texts) < 2 or any(_SEPARATOR_CHAR in t for t in texts):
            return [self.analyze(t) for t in texts]
        starts = []
        position = 0
        for text in texts:
            starts.append(position)
            position += len(text) + len(_SEPARATOR)
        found: list[list[Detection]] = [[] for _ in texts]
        segments = [(start, start + len(text)) for start, text in zip(starts, texts, strict=True)]
        for det in self._analyze(_SEPARATOR.join(texts), segments):
            index = bisect.bisect_right(starts, det.start) - 1
            offset = starts[index]
            if det.end - offset > len(texts[index]):
                return [self.analyze(t) for t in texts]
            found[index].append(Detection(det.start - offset, det.end - offset, det.text,
                                          det.type, det.person_id, det.reason, det.suffix))
        return found

    def scrub_many(self, texts: Sequence[str]) -> list[tuple[str, list[Detection]]]:
        """``scrub`` of each text, analysed in one pass (``analyze_many``)."""
        return [(self.anonymize(text, detections) if isinstance(text, str) else text,
                 detections)
                for text, detections in zip(texts, self.analyze_many(texts), strict=True)]
