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
persons (per ``Scrubber``, module ``persons``), one scan of capitalised words against the
lexicon (a set lookup) and one expression for titles. ``analyze_many`` runs that pass once over
all notes of a case (module ``passes``); ``detections`` holds the types and the resolution of
overlapping findings.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from kimtools.privacy.detections import (
    PLACEHOLDERS,
    TYPES,
    Candidate,
    Detection,
    KnownPerson,
    resolve,
)
from kimtools.privacy.facilities import find_named_stays
from kimtools.privacy.firmcues import find_owner_firms
from kimtools.privacy.handles import named_links
from kimtools.privacy.lexicon import (
    NameLexicon,
    fold,
    fold_word,
    lexicon_key,
)
from kimtools.privacy.namewords import ROLE_SUFFIXES as _ROLE_SUFFIXES
from kimtools.privacy.namewords import ROLE_WORDS as _ROLE_WORDS
from kimtools.privacy.namewords import SURNAME_ENDING_EXCEPTIONS as _SURNAME_ENDING_EXCEPTIONS
from kimtools.privacy.namewords import SURNAME_ENDINGS as _SURNAME_ENDINGS
from kimtools.privacy.passes import (
    FACILITIES,
    HANDLES,
    PATTERN_TRIGGER,
    ROLE_TRIGGER,
    SEPARATOR,
    SEPARATOR_CHAR,
    local,
)
from kimtools.privacy.patterns import CAP_WORD, find_patterns
from kimtools.privacy.patterns import GENERIC_PREP_WORDS as _GENERIC_PREP_WORDS
from kimtools.privacy.persons import (
    NOUN_ENDINGS,
    PARTICLE_RE,
    PARTICLES,
    TITLE_CHAIN,
    TITLE_STARTS,
    PersonMatcher,
)
from kimtools.privacy.places import PlaceFinder
from kimtools.privacy.triggers import grouped
from kimtools.privacy.variants import VariantFinder, common_german_word

if TYPE_CHECKING:
    from kimtools.privacy.thirdparties import OtherPeople

__all__ = [
    "PARTICLES",
    "PLACEHOLDERS",
    "TYPES",
    "Detection",
    "KnownPerson",
    "Scrubber",
    "fold",
]


# ---------------------------------------------------------------------------------------------
# Character classes and word lists
# ---------------------------------------------------------------------------------------------

#: Titles after which only a word known as a name counts ("Bereich Familie Beratung").
_WEAK_TITLES = ("Familie", "Fam.", "Eheleute", "Ehepaar", "Geschwister")
#: Particles between a first name and a family name after a title ("Frau Anna de Souza").
_INNER_PARTICLE_RE = (r"(?:al|el|ul|ad|ar|as|at|az|ash|abu|bin|ibn|ben|bint|ould|de|da|di|du|del"
                      r"|della|la|le|dos|van|von|van\s+der|von\s+der)")
_NAME_TOKEN = rf"(?:(?:al|el|ul|ad|ar|as|at|az|ash|abu|bin|ibn|abd)[-‐])?{CAP_WORD}"

#: Title (+ academic titles) + optional particles + one or two name tokens.
_TITLE_NAME_RE = re.compile(
    rf"(?<![\w-])(?P<title>{TITLE_CHAIN})\s+"
    rf"(?P<name>(?:{PARTICLE_RE}\s+)*(?P<first>{_NAME_TOKEN})(?:['’ʼ](?!\w))?)"
    rf"(?:[ \t\u00a0]+(?P<between>(?:{_INNER_PARTICLE_RE}[ \t\u00a0]+)*)"
    rf"(?P<second>{_NAME_TOKEN}))?"
)
#: Where a title may begin: ``_TITLE_NAME_RE`` is tried only there, since an expression that
#: opens with a look-behind is otherwise tried at every offset of the text.
_TITLE_START_RE = grouped(TITLE_STARTS)


def _title_names(text: str) -> Iterator[re.Match[str]]:
    """``_TITLE_NAME_RE.finditer(text)``, tried only where a title begins."""
    position = 0
    while (hit := _TITLE_START_RE.search(text, position)) is not None:
        match = _TITLE_NAME_RE.match(text, hit.start())
        if match is None:
            position = hit.start() + 1
        else:
            yield match
            position = match.end()


#: A title chain right before a person mention (the person detection swallows it).
#: Role words that stand before a name like a title: a sponsor (Pate) always names a person,
#: a master craftsman ("Meister Hollmann") unless a trade follows ("Meister Elektrotechnik").
_ROLE_TITLE_RE = re.compile(rf"(?<![\w-])(?P<role>Pate|Patin|Meister|Meisterin)[ \t\u00a0]+"
                            r"(?!(?:Herrn?|Frau|Hr|Fr|Dr|Prof|Familie|Fam)\b)"
                            rf"(?P<name>{CAP_WORD})")
_TRADE_TAILS = ("technik", "handwerk", "bau", "arbeit", "betrieb", "meister", "elektro")
_CAP_WORD_RE = re.compile(rf"(?<![\w'’ʼ-]){CAP_WORD}")
_SAINT_RE = re.compile(r"(?<![\w-])(?:Sankt|St\.)[ \t\u00a0-]*$")
# after an article a name of the lexicon is a noun: "ein Fuchs", "der Müller", "einem Engel"
_ARTICLE_RE = re.compile(r"(?<![\w-])(?:[Dd](?:er|ie|as|en|em|es)|[Ee]in(?:e[mnrs]?)?)[ \t]+$")
# a month's abbreviation after a time word is no name: "seit Jan.", "ab Aug."
#: The month abbreviations of ``_MONTH_RE``: only these words, before a full stop, are tried.
_MONTH_WORDS = frozenset({"Jan", "Feb", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Okt", "Nov",
                          "Dez"})
_MONTH_RE = re.compile(r"(?<![\w-])(?:[Ss]eit|[Aa]b|[Bb]is|[Aa]nfang|[Mm]itte|[Ee]nde)[ \t]+"
                       r"(?:Jan|Feb|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\.$")

# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------

_NAME_PARTICLES = PARTICLES | {"abd"}
_ARABIC_PARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "abu",
                               "abd", "bin", "ibn", "ben", "bint", "ould"})
_PARTICLE_GAP_RE = re.compile(rf"[ \t\u00a0]+({PARTICLE_RE})[ \t\u00a0]+")


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


def _genitive_form(replacement: str, suffix: str) -> str:
    if not suffix:
        return replacement
    if replacement[-1:] in ("s", "ß", "x", "z"):
        return replacement + "’"  # Hans’ Antrag
    if replacement[-1:].islower():
        return replacement + "s"
    return replacement + "’s"




# ---------------------------------------------------------------------------------------------
# The scrubber
# ---------------------------------------------------------------------------------------------




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
        self._persons = PersonMatcher(self.persons, self.lexicon)
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
        candidates += local(text, segments, PATTERN_TRIGGER, find_patterns)
        candidates += self._titled_names(text)
        candidates += local(text, segments, ROLE_TRIGGER, self._role_titled)
        candidates += self._lexicon_names(text)
        candidates += HANDLES(text, segments)
        candidates += FACILITIES(text, segments)
        candidates += [Candidate(*found) for found in find_owner_firms(text, self.lexicon)]
        candidates += [Candidate(*found) for found in find_named_stays(text, self.lexicon.is_name)]
        candidates += [Candidate(*found) for found in self._places.find(text)]
        candidates += [Candidate(start, end, "person",
                                  f"Schreibvariante eines Namens von {self._pseudonyms[pid]}",
                                  person_id=pid)
                       for start, end, pid in self._variants.find(text)]
        if self._others is not None:
            candidates += [Candidate(hit.start, hit.end, "name",
                                      "Name einer Person eines anderen Falls", suffix=hit.suffix,
                                      full_name=hit.sequence)
                           for hit in self._others.find(text)
                           if " ".join(fold_word(text[hit.start:hit.end]).split())
                           not in self._own_names]
        candidates += [Candidate(*found) for found in named_links(
            text, [(c.start, c.end) for c in candidates if c.type in ("person", "name")])]
        return resolve(text, candidates)

    def _titled_names(self, text: str) -> list[Candidate]:
        found = []
        lexicon = self.lexicon
        for match in _title_names(text):
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
            found.append(Candidate(start, end, "name", f"Name nach Anrede '{title}'",
                                    suffix=suffix))
        return found

    def _role_titled(self, text: str) -> list[tuple[int, int, str, str]]:
        found = []
        for match in _ROLE_TITLE_RE.finditer(text):
            word = match.group("name")
            folded = fold_word(word)
            if self._is_role(word) or folded.endswith(NOUN_ENDINGS + _TRADE_TAILS) or (
                    word.isupper() and len(word) <= 4):
                continue
            if match.group("role").startswith("Meister") and common_german_word(word):
                continue
            found.append((*match.span("name"), "name", f"Name nach '{match.group('role')}'"))
        return found

    def _lexicon_names(self, text: str) -> list[Candidate]:
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
            start = match.start()
            if strength and start >= 4 and (
                    text.find("S", start - 8 if start > 8 else 0, start) >= 0
                    and _SAINT_RE.search(text, max(0, start - 8), start)
                    or _ARTICLE_RE.search(text, max(0, start - 7), start)
                    or word in _MONTH_WORDS and text[match.end():match.end() + 1] == "."
                    and _MONTH_RE.search(text, max(0, start - 8), match.end() + 1)):
                strength = ""  # Sankt Augustin, St. Georg: a saint; ein Fuchs: a noun
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
                found.append(Candidate(start, end, "name", reason, suffix=suffix))
            i = j
        return found

    def _after_roles(self, text: str, words: list[tuple[int, int, str, str, str, bool, bool]]
                     ) -> list[Candidate]:
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
                found.append(Candidate(words[r + 1][0], words[r + 2][1], "name",
                                        f"Name nach '{role[4]}' (Vorname und Name)"))
            k = r + 1
            strong = False
            while k < len(words) and k - r <= 3 and _gap(text, words[k - 1][1], words[k][0]) \
                    and (words[k][2] or words[k][6]):
                strong = strong or words[k][2] == "strong"
                k += 1
            if strong and k - r > 2:
                found.append(Candidate(words[r + 1][0], words[k - 1][1], "name",
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
                and not fold_word(word).endswith(NOUN_ENDINGS))

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
                and not any(not k and (len(p) < 3 or fold_word(p).endswith(NOUN_ENDINGS))
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
        if len(texts) < 2 or any(SEPARATOR_CHAR in t for t in texts):
            return [self.analyze(t) for t in texts]
        starts = []
        position = 0
        for text in texts:
            starts.append(position)
            position += len(text) + len(SEPARATOR)
        found: list[list[Detection]] = [[] for _ in texts]
        segments = [(start, start + len(text)) for start, text in zip(starts, texts, strict=True)]
        for det in self._analyze(SEPARATOR.join(texts), segments):
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
