"""Places no gazetteer lists, recognised from their context and form.

No offline package ships the Ortsteile of NRW (GeoNames has the larger ones of the larger
towns only), and a note names the Ortsteil where a person lives: "wohnt in Heepen", "Wohnung in
Brackwede", "Metzgerei … in Rüttenscheid", "in Eving-West". A capitalised word after "in",
"aus" or "nach" (without article: "in der Schule" is no place) is a place when it is no German
word and no known name, and it

- has the ending of a German place name (-dorf, -hausen, -heim, -loh, -rop, -kamp, -berg …):
  ``[Ortsteil]``;
- follows a word of living there ("wohnt", "lebt", "Wohnung", "Unterkunft", "gezogen"):
  ``[Ortsteil]``;
- else, after "in"/"aus"/"nach" alone: ``[Ort]`` (a village abroad or a place of unknown
  level: "aus Qamischli"), unless a word of speaking comes before ("Gespräch in Farsi").

"No German word": not frequent in German (``wordfreq``), no German noun ending ("Teilzeit",
"Begleitung"), no compound ending in a frequent German word ("Sammelunterkunft"), no name or
stop word of the name lexicon. Known German places (the municipalities and larger towns in
GeoNames), countries, regions of countries, languages (``pycountry``) and towns abroad are left
to the gazetteer (``places``): they stay or become ``[Herkunftsort]``.
"""

from __future__ import annotations

import functools
import re

from kimtools.privacy.lexicon import NameLexicon, fold_word, lexicon_key
from kimtools.privacy.persons import NOUN_ENDINGS

_SP = r"[ \t\u00a0]"
_CAP = r"[A-ZÄÖÜ][a-zäöüß]{2,}"
# "Bad Salzuflen", "Schloß Neuhaus", "Burg Altena": words that open a German place name
_PREFIX = r"(?:Bad|Schloß|Schloss|Burg)"
_DIRECTION = r"(?:Nord|Süd|Ost|West|Mitte|Zentrum|Nordost|Nordwest|Südost|Südwest)"
_CUE_RE = re.compile(
    rf"(?<![\w-])(?P<cue>[Ii]n|[Aa]us|[Nn]ach|Ortsteil|Stadtteil|Stadtbezirk){_SP}+"
    rf"(?P<place>(?:{_PREFIX}{_SP}+)?(?P<name>{_CAP})(?:-(?P<part>{_CAP}))?)(?![\w'’-])")
_RESIDENCE_RE = re.compile(r"(?:\b(?:wohn|leb|Wohn|Unterkunft|Zimmer|Adresse|gemeldet|zieh|zog"
                           r"|gezogen|umgezogen))(?:[^.!?;,\n]|\.(?= [a-zäöü0-9])){0,30}$")
# "Gespräch in Farsi", "spricht in Tigrinya": a language, no place
_SPEECH_RE = re.compile(r"(?:sprach|sprich|sprech|Sprach|Gespräch|gespräch|Dolmetsch|dolmetsch"
                        r"|[Üü]bersetz|Unterricht|[Ss]chreib|[Ll]ies|Kurs)[^.!?;\n]{0,30}$")
_MOVED_RE = re.compile(rf"{_SP}+(?:gezogen|umgezogen|verzogen|zurückgezogen)\b")
#: Endings of German place names (Ortsteile of NRW above all): "Wellinghofen", "Bilderstöckchen"
#: is none, but "Stieghorst", "Sennestadt", "Lütgendortmund", "Rumeln-Kaldenhausen", "Hörde".
TOPONYM_ENDINGS = (
    "dorf", "dorp", "hausen", "husen", "haus", "heim", "hem", "feld", "felde", "loh", "lohe",
    "rop", "rup", "kamp", "kampen", "kämpen", "berg", "bergen", "burg", "ingen", "ingsen",
    "beck", "bek", "bach", "born", "brock", "bruch", "horst", "hövel", "hofen", "hagen",
    "holz", "kirchen", "rath", "rade", "rode", "scheid", "siepen", "stedt", "weiler", "heide",
    "hude", "lar", "wick", "wik", "winkel", "kotten", "bühl", "au")
_TOPONYM_RE = re.compile(rf"(?:{'|'.join(sorted(TOPONYM_ENDINGS, key=len, reverse=True))})$")
#: zipf: a word this frequent in German is a word ("Ordnung", "Teilzeit"), not a place.
_COMMON = 3.5
#: zipf of the last part of a compound that makes it a German word ("…unterkunft", "…miete").
_COMPOUND_TAIL = 3.5
#: zipf of the first part of such a compound.
_HEAD = 3.0


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "de")


@functools.cache
def german_word(word: str) -> bool:
    """A capitalised German word or compound, no proper name: frequent, a noun by its ending,
    or a compound of a German word and a frequent German word of four letters or more
    ("Sammelunterkunft", "Gemeinschaftsunterkünften"; not "Ober|barmen": "oberb" is none)."""
    low = word.lower()
    stems = {low, *(low[:-len(e)] for e in ("en", "n", "e", "s", "es", "ern") if
                    low.endswith(e))}
    if _zipf(low) >= _COMMON or any(fold_word(s).endswith(NOUN_ENDINGS) for s in stems):
        return True
    return any(_zipf(stem[i:]) >= _COMPOUND_TAIL and _head(stem[:i])
               for stem in stems for i in range(3, len(stem) - 3))


def frequent_word(word: str) -> bool:
    """A German word by its frequency or noun ending alone (a family name may be a compound:
    "Brüggemann")."""
    return _zipf(word.lower()) >= _COMMON or fold_word(word).endswith(NOUN_ENDINGS)


@functools.cache
def _head(head: str) -> bool:
    """The first part of a compound is a German word, also with a linking -s-, -n- or -en-
    ("Gemeinschafts-", "Tabellen-") or as a verb stem ("Sammel-")."""
    forms = {head, head + "n", head + "en", head + "e"}
    forms |= {head[:-len(e)] for e in ("s", "n", "en", "es") if head.endswith(e)}
    return any(len(f) >= 3 and _zipf(f) >= _HEAD for f in forms)


def toponym(word: str) -> bool:
    """A word with the ending of a German place name, longer than the ending."""
    match = _TOPONYM_RE.search(word.lower())
    return match is not None and match.start() >= 3


class PlaceCues:
    """Ortsteile and unknown places by context and form (see the module documentation).

    ``known`` is a test for folded names the gazetteer already decides (German places,
    countries, towns abroad), ``keep`` the folded municipality and district."""

    def __init__(self, known, keep: set[str], lexicon: NameLexicon | None = None):
        self._known = known
        self._keep = keep
        self._lexicon = lexicon if lexicon is not None else NameLexicon.default()
        self._seen: dict[str, str | None] = {}

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, type, reason) of each place that only its context shows."""
        found = []
        for match in _CUE_RE.finditer(text):
            name, part = match.group("name"), match.group("part")
            if part and not re.fullmatch(_DIRECTION, part):
                continue  # two names joined: a merged municipality ("Herzebrock-Clarholz")
            prefixed = match.group("place") != name + (f"-{part}" if part else "")
            kind = self._kind(name)
            if part and kind is None and fold_word(name) in self._keep:
                kind = "direction"  # "in Gütersloh-Nord": a part of the municipality
            if prefixed:  # "Schloß Neuhaus": German by its first word, whatever "Neuhaus" is
                place = fold_word(match.group("place"))
                kind = None if place in self._keep or self._known(place) else "toponym"
            if kind is None or kind == "word":
                continue
            cue = match.group("cue").lower()
            residence = cue in ("ortsteil", "stadtteil", "stadtbezirk") or bool(
                _RESIDENCE_RE.search(text, max(0, match.start() - 40), match.start())
                or _MOVED_RE.match(text, match.end()))
            if kind in ("toponym", "direction") or prefixed or residence:
                found.append((*match.span("place"), "quarter",
                              "Ortsteil (Ortsname nach 'in'/'aus')"))
            elif cue in ("in", "aus", "nach") and not _SPEECH_RE.search(
                    text, max(0, match.start() - 40), match.start()):
                found.append((*match.span("place"), "place",
                              f"Ort (unbekanntes Wort nach '{match.group('cue')}')"))
        return found

    def _kind(self, word: str) -> str | None:
        """"toponym", "other" (a place by context only), "word" (a German word: a place only
        after "Bad", "Schloß" …) or None (a name, a known place)."""
        kind = self._seen.get(word, "")
        if kind == "":
            kind = self._seen[word] = self._classify(word)
        return kind

    def _classify(self, word: str) -> str | None:
        folded = fold_word(word)
        if folded in self._keep or self._known(folded):
            return None
        key = lexicon_key(word)
        if self._lexicon.is_name(key) or self._lexicon.is_stop_word(key):
            return None
        if toponym(word):
            return "toponym" if _zipf(word.lower()) < _COMMON else "word"
        return "word" if german_word(word) else "other"
