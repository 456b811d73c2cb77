"""Known persons of a case in free text: every spelling of their names, with a title in front.

The folded name variants of the case's persons are found as one alternation of them would
find them, by plain substring search over their few spellings (nothing compiled per case);
adjacent parts of one person join, a title in front and the rest of a hyphenated double name
belong to the mention.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from kimtools.privacy.detections import Candidate, KnownPerson
from kimtools.privacy.lexicon import NameLexicon, fold, fold_char, fold_word, span_end
from kimtools.privacy.patterns import CAP_WORD

#: Name particles: never a name on their own, skipped when looking names up.
PARTICLES = frozenset({
    "al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "an", "abu", "bin", "ibn", "ben",
    "bint", "ould", "von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "la",
    "le", "zu", "zur", "ter", "ten", "y", "e", "dos", "das",
})
PARTICLE_RE = r"(?:al|el|ul|ad|ar|as|at|az|ash|an|abu|bin|ibn|ben|bint|ould|von|van|vom|zu|" \
              r"von\s+der|van\s+der|de|da|di|du|del|della|la|le|ter|ten|dos)"

#: Endings of German nouns: such a word after a first name is not a family name.
NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "sion", "tat", "nis", "ismus", "ment",
                "ei", "enz", "anz", "ik", "ur", "itat", "chen", "lein", "amt", "stelle", "zentrum",
                "kurs", "platz", "haus", "schule", "verein", "center", "buro", "dienst", "gericht",
                "test", "karte", "geld", "tag", "zeit", "plan", "liste", "antrag", "termin",
                "bescheid", "unterlagen", "papiere", "schein", "vertrag", "gesprach", "ausweis",
                "gabe", "nahme", "lage", "frage", "arbeit", "hilfe", "suche", "recht", "leistung",
                "stand", "bedarf", "kosten", "miete", "wohnung", "kind", "kinder", "familie")

_NOT_NAME_TAILS = NOUN_ENDINGS + ("strasse", "str", "weg", "platz", "allee", "gasse", "ring")

_TITLE = r"(?:Herrn?|Frau|Hr\.|Fr\.|Familie|Fam\.|Eheleute|Ehepaar|Geschwister)"
_ACADEMIC_HEAD = r"(?:Dr\.|Prof\.|Dipl\.-\w+\.?|Dipl\.)"
_ACADEMIC = (rf"(?:{_ACADEMIC_HEAD}|med\.|dent\.|vet\.|jur\.|phil\.|rer\.\s*nat\.|"
             r"rer\.\s*pol\.|h\.\s*c\.|Ing\.|Mag\.|M\.\s*A\.|B\.\s*A\.|MBA)")
#: The literal start of every alternative of ``_TITLE`` and ``_ACADEMIC_HEAD``: a title chain
#: is looked for only where one of these stands.
TITLE_STARTS = ("Herr", "Frau", "Hr.", "Fr.", "Familie", "Fam.", "Eheleute", "Ehepaar",
                "Geschwister", "Dr.", "Prof.", "Dipl.")
TITLE_CHAIN = rf"(?:{_TITLE}(?:\s+{_ACADEMIC})*|{_ACADEMIC_HEAD}(?:\s+{_ACADEMIC})*)"
_TITLE_BEFORE_RE = re.compile(rf"(?<![\w-])(?P<title>{TITLE_CHAIN})\s+$")
_HYPHEN_TAIL_RE = re.compile(rf"[-‐]{CAP_WORD}")
_HYPHEN_HEAD_RE = re.compile(rf"(?<![\w-]){CAP_WORD}[-‐]$")


def _adds_umlaut(mention: str, umlauts: set[str]) -> bool:
    mention = unicodedata.normalize("NFC", mention).lower()
    return any(c in "äöü" and c not in umlauts for c in mention)



def _clean(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("nan", "<na>", "none") else text


@functools.lru_cache(maxsize=65_536)
def _name_regex(token_words: tuple[str, ...]) -> str:
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


#: Most spellings one name may take before its expression is used instead.
_MAX_SPELLINGS = 64


@functools.lru_cache(maxsize=65_536)
def _spellings(token_words: tuple[str, ...]) -> tuple[tuple[str, ...], ...] | None:
    """The strings of folded text each word of ``_name_regex`` matches, in the order the
    expression tries them (a letter that may follow first: "mueller" before "muller"); None
    when they are too many or the first word may be empty (then the expression is used)."""
    words = []
    for word in token_words:
        chars = unicodedata.normalize("NFC", word)
        options: list[tuple[str, ...]] = []
        i = 0
        while i < len(chars):
            char = chars[i]
            lower = char.lower()
            if lower in "äöü":
                options.append((lower.translate(_PLAIN) + "e", lower.translate(_PLAIN)))
            elif lower == "ə":
                options.append(("e", "a"))
            elif lower in "aou" and chars[i + 1:i + 2].lower() == "e":
                options.append((lower + "e", lower))
                i += 1
            elif char in "'’ʼ":
                options.append(("'", ""))
            else:
                options.append((fold_char(char) if not char.isascii() else lower,))
            i += 1
        spellings = [""]
        for choice in options:
            spellings = [head + tail for head in spellings for tail in choice]
            if len(spellings) > _MAX_SPELLINGS:
                return None
        words.append(tuple(dict.fromkeys(spellings)))
    if not words or "" in words[0]:
        return None
    return tuple(words)


_PLAIN = str.maketrans("äöü", "aou")


@functools.lru_cache(maxsize=65_536)
def _variant_pattern(regex: str) -> re.Pattern[str]:
    """One variant's expression, for the rare names ``_spellings`` leaves out."""
    return re.compile(rf"(?:{regex})(?={_AFTER_NAME})")


#: What may follow a name: a genitive ending, then no word character.
_AFTER_NAME = r"(?:'s|'|s)?(?!\w)"


def _is_word(char: str) -> bool:
    """``\\w`` of a regular expression, for one character ('' at the ends of the text)."""
    return char.isalnum() or char == "_"


def _name_ends(text: str, end: int) -> bool:
    """``_AFTER_NAME`` at ``end``."""
    return (not _is_word(text[end:end + 1])
            or text[end:end + 1] in ("'", "s") and not _is_word(text[end + 1:end + 2])
            or text[end:end + 2] == "'s" and not _is_word(text[end + 2:end + 3]))


def _match_words(text: str, position: int, words: tuple[tuple[str, ...], ...], index: int
                 ) -> int:
    """End of the spelling of ``words[index:]`` at ``position`` that the expression would
    find (words joined by a hyphen, white space or nothing; the name's end as
    ``_AFTER_NAME``), -1 for none."""
    for spelling in words[index]:
        if not text.startswith(spelling, position):
            continue
        end = position + len(spelling)
        if index + 1 == len(words):
            if _name_ends(text, end):
                return end
            continue
        after_space = end
        while after_space < len(text) and text[after_space].isspace():
            after_space += 1
        for gap_end in ((end + 1,) if text[end:end + 1] == "-" else ()) + (
                (after_space,) if after_space > end else ()) + (end,):
            found = _match_words(text, gap_end, words, index + 1)
            if found >= 0:
                return found
    return -1


@dataclass
class _Variant:
    regex: str
    length: int
    owners: list[tuple[int, str]]  # (person index, "Vorname" | "Familienname" | "Name")
    needs_capital: bool
    umlauts: set[str]  # umlauts of the name as listed: a mention may not add others
    particle: bool = False  # a whole name that is a particle ("Ben", "El"): not "El-Khoury"
    spellings: tuple[tuple[str, ...], ...] | None = None  # per word, see ``_spellings``


class PersonMatcher:
    """All name variants of the known persons, found as by one alternation."""

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
            regex = _name_regex(tuple(words))  # family names repeat across cases
            variant = variants.get(regex)
            if variant is None:
                joined = "".join(folded_words)
                needs_capital = len(folded_words) == 1 and (
                    len(joined) <= 2 or particle or lexicon.is_stop_word(joined))
                variant = _Variant(regex, len(joined) + len(folded_words), [], needs_capital,
                                   set(), spellings=_spellings(tuple(words)))
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

    def find(self, text: str) -> list[Candidate]:
        if not self.variants:
            return []
        folded, index_map = fold(text)
        hits: list[tuple[int, int, list[tuple[int, str]], str]] = []
        for folded_start, folded_end, variant in self._mentions(folded):
            start = index_map[folded_start]
            end = span_end(index_map, folded_end)
            if variant.needs_capital and not text[start].isupper():
                continue
            if variant.particle and folded[folded_end:folded_end + 1] in ("-", "'"):
                continue  # "El" is a given name, but "El-Khoury" another person's family name
            if not text.isascii() and _adds_umlaut(text[start:end], variant.umlauts):
                continue  # "Länge" is not Frau Lange
            suffix = ""
            rest = folded[folded_end:folded_end + 2]
            if rest.startswith("'s") and not folded[folded_end + 2:folded_end + 3].isalnum():
                suffix = text[end:span_end(index_map, folded_end + 2)]
            elif (rest[:1] == "s" or rest[:1] == "'" and folded[folded_end - 1:folded_end]
                  in ("s", "x", "z")) and not rest[1:2].isalnum():
                # Hassans, Yılmaz’ (not 'Ahmad' in quotes)
                suffix = text[end:span_end(index_map, folded_end + 1)]
            hits.append((start, end + len(suffix), variant.owners, suffix))
        return self._merge(text, hits)

    def _mentions(self, folded: str) -> list[tuple[int, int, _Variant]]:
        """(start, end, variant) in ``folded`` as one alternation of all variants (longest
        first) would find them, left to right without overlap: each variant's spellings are
        looked up with ``str.find`` (no expression per case to compile), and of the variants
        found at one offset the first wins."""
        found: list[tuple[int, int, int]] = []  # (start, rank, end)
        for rank, variant in enumerate(self.variants):
            words = variant.spellings
            if words is None:
                pattern = _variant_pattern(variant.regex)
                position = 0
                while (match := pattern.search(folded, position)) is not None:
                    start = match.start()
                    if not _is_word(folded[start - 1:start]):
                        found.append((start, rank, match.end()))
                    position = start + 1
                continue
            starts = set()
            for first in words[0]:
                position = folded.find(first)
                while position >= 0:
                    starts.add(position)
                    position = folded.find(first, position + 1)
            for start in starts:
                if not _is_word(folded[start - 1:start]):
                    end = _match_words(folded, start, words, 0)
                    if end >= 0:
                        found.append((start, rank, end))
        found.sort()
        mentions = []
        last = 0
        for start, rank, end in found:
            if start >= last:
                mentions.append((start, end, self.variants[rank]))
                last = end
        return mentions

    def _merge(self, text: str, hits: list[tuple[int, int, list[tuple[int, str]], str]]
               ) -> list[Candidate]:
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
            candidates.append(Candidate(start, end, "person", reason, person.person_id, suffix))
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

