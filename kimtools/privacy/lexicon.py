"""Text folding and the name lexicon of the free-text scrubber.

``fold`` turns a text into a comparison form (casefolded, diacritics stripped, ``ß`` → ``ss`` …)
and keeps an index map back to the original offsets. The scrubber matches names on the folded
text; the leak gate reuses it to look for raw identifiers in package files.

``NameLexicon`` holds first and family names of the origins served by KIM and a stop list of
German words that are also names. The lists are plain UTF-8 files under ``data/``: the files
``*_generated.txt`` are written by ``python -m kimtools.privacy.lexicon`` (from Faker's provider
lists and, if installed, the wordlist of Debian's ``wngerman``), the files ``*_extra.txt`` and
``stop_words.txt`` are kept by hand. Runtime never imports Faker.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Folding
# ---------------------------------------------------------------------------------------------

#: Characters whose fold is not "strip the diacritics, casefold" (or where that yields nothing).
_SPECIAL_FOLDS = {
    "ß": "ss", "ẞ": "ss", "ı": "i", "İ": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ə": "e", "Ə": "e", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l",
    "ŧ": "t", "Ŧ": "t",
    # apostrophes and hyphens: one form each, so that "Yılmaz’" and "Al‐Khatib" match
    "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
    # invisible characters vanish
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}


@functools.cache
def fold_char(char: str) -> str:
    """Fold of one character: may be empty (combining marks) or longer (ß → ss)."""
    special = _SPECIAL_FOLDS.get(char)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold()
    if folded != stripped.lower() or any(c in _SPECIAL_FOLDS for c in folded):
        folded = "".join(_SPECIAL_FOLDS.get(c, c) for c in folded)
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded)
                         if not unicodedata.combining(c))
    return folded


#: Characters that may fold to nothing: marks, format characters (soft hyphen …) and the two
#: half-width sound marks (the only others, checked over the whole BMP).
_VANISHING_RE = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x80, 0x10000)
    if unicodedata.category(chr(c))[0] == "M" or unicodedata.category(chr(c)) == "Cf"
    or c in (0xFF9E, 0xFF9F)) + "]")


class _FoldTable(dict):
    """Translation table for ``str.translate`` that folds characters on first use."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> tuple[str, Sequence[int]]:
    """Fold ``text`` for matching and return ``(folded, index_map)``.

    Folding casefolds, strips diacritics (Şahin → sahin, Ștefănescu → stefanescu), maps special
    letters (ß → ss, ł → l, ı → i, æ → ae), unifies apostrophes and hyphens and drops invisible
    characters. ``index_map[j]`` is the offset in ``text`` of the character that produced
    ``folded[j]``; ``index_map[len(folded)] == len(text)``. A match ``folded[a:b]`` thus covers
    ``text[index_map[a]:span_end(index_map, b)]``. When folding keeps the length (the usual
    case) the map is a ``range``.
    """
    if text.isascii():
        return text.lower(), range(len(text) + 1)
    folded = text.translate(_FOLD_TABLE)
    # no character vanished and none grew: the fold is character by character
    if len(folded) == len(text) and not _VANISHING_RE.search(text):
        return folded, range(len(text) + 1)
    odd = frozenset(c for c in set(text) if len(_FOLD_TABLE[ord(c)]) != 1)
    if not odd:
        return folded, range(len(text) + 1)
    # only the characters that vanish or grow (ß → ss) are mapped one by one: a long text
    # (all notes of a case) has a few of them among thousands of ordinary characters
    pieces: list[str] = []
    index_map: list[int] = []
    position = 0
    for match in _odd_chars_re(odd).finditer(text):
        index = match.start()
        pieces.append(text[position:index].translate(_FOLD_TABLE))
        index_map.extend(range(position, index))
        piece = _FOLD_TABLE[ord(text[index])]
        pieces.append(piece)
        index_map.extend([index] * len(piece))
        position = index + 1
    pieces.append(text[position:].translate(_FOLD_TABLE))
    index_map.extend(range(position, len(text)))
    index_map.append(len(text))
    return "".join(pieces), index_map


@functools.lru_cache(maxsize=1024)
def _odd_chars_re(chars: frozenset[str]) -> re.Pattern[str]:
    """One class of the characters whose fold is not one character."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def fold_word(text: str) -> str:
    """Only the folded string (for dictionary keys)."""
    return _fold_word_cached(text)


@functools.lru_cache(maxsize=262_144)
def _fold_word_cached(text: str) -> str:
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


_UMLAUT_CHARS = frozenset("äöüÄÖÜ")


def lexicon_key(word: str) -> str:
    """Key of a word for the name lexicon: its fold, but German umlauts stay.

    People drop diacritics (Sahin for Şahin, Muller for Müller) but do not add umlauts that a
    name lacks: "Länge" is not the name "Lange", "Völker" not "Volker". So a word written with
    ä, ö or ü only matches a name spelled with them."""
    if not any(c in _UMLAUT_CHARS for c in word):
        if word.isascii() or not any(unicodedata.combining(c) for c in word):
            return fold_word(word)
        word = unicodedata.normalize("NFC", word)
        if not any(c in _UMLAUT_CHARS for c in word):
            return fold_word(word)
    return "".join(c.lower() if c in _UMLAUT_CHARS else fold_char(c) for c in word)


def umlaut_transliteration(word: str) -> str:
    """ä → ae, ö → oe, ü → ue (Müller → Mueller), as German records write them without umlauts."""
    return (word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
            .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue"))


def _keys(word: str) -> set[str]:
    """All lexicon keys under which a listed word is found."""
    word = unicodedata.normalize("NFC", word.strip())
    keys = {fold_word(word), lexicon_key(word)}
    if any(c in _UMLAUT_CHARS for c in word):
        keys.add(fold_word(umlaut_transliteration(word)))
    return {k for k in keys if len(k) >= 2}


def span_end(index_map: Sequence[int], folded_end: int) -> int:
    """Original end offset of a folded match ending at ``folded_end`` (exclusive).

    Includes characters that folding dropped right after the match (combining marks) and the
    whole original character when the match ends inside an expansion (ß → ss)."""
    if folded_end == 0:
        return 0
    return max(index_map[folded_end], index_map[folded_end - 1] + 1)


# ---------------------------------------------------------------------------------------------
# The lexicon
# ---------------------------------------------------------------------------------------------

DATA_PACKAGE = "kimtools.privacy.data"
FIRST_NAME_FILES = ("first_names_generated.txt", "first_names_extra.txt")
FAMILY_NAME_FILES = ("family_names_generated.txt", "family_names_extra.txt")
STOP_WORD_FILES = ("stop_words.txt", "stop_words_generated.txt")


def read_word_file(text: str) -> list[str]:
    """Entries of a data file: separated by white space, ``#`` starts a comment."""
    words: list[str] = []
    for line in text.splitlines():
        words.extend(line.split("#", 1)[0].split())
    return words


def _read_data(name: str) -> list[str]:
    resource = resources.files(DATA_PACKAGE).joinpath(name)
    if not resource.is_file():
        return []
    return read_word_file(resource.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class NameLexicon:
    """First names, family names and stop words, as lexicon keys (``lexicon_key``).

    A capitalised word of a text counts as a name when its key is a first or family name and
    not a stop word. Stop words (German words that are also names: "Koch", "Mai", "Kind" …) are
    names only next to a title or to another name ("Herr Koch", "Peter Koch"). Look words up
    with ``lexicon_key(word)``; a listed name is found under its fold (Sahin for Şahin), its
    spelling with umlauts (Müller) and its transliteration (Mueller)."""

    first_names: frozenset[str]
    family_names: frozenset[str]
    stop_words: frozenset[str]

    @classmethod
    def from_words(cls, first_names: Iterable[str] = (), family_names: Iterable[str] = (),
                   stop_words: Iterable[str] = ()) -> NameLexicon:
        def folded(words: Iterable[str]) -> frozenset[str]:
            out: set[str] = set()
            for word in words:
                out.update(_keys(word))
            return frozenset(out)

        return cls(folded(first_names), folded(family_names), folded(stop_words))

    @classmethod
    def from_files(cls, first_names: Iterable[Path], family_names: Iterable[Path],
                   stop_words: Iterable[Path] = ()) -> NameLexicon:
        def read(paths: Iterable[Path]) -> list[str]:
            words: list[str] = []
            for path in paths:
                words.extend(read_word_file(Path(path).read_text(encoding="utf-8")))
            return words

        return cls.from_words(read(first_names), read(family_names), read(stop_words))

    @classmethod
    @functools.cache
    def default(cls) -> NameLexicon:
        """The lexicon shipped with kimtools (loaded once per process)."""
        return cls.from_words(
            (w for name in FIRST_NAME_FILES for w in _read_data(name)),
            (w for name in FAMILY_NAME_FILES for w in _read_data(name)),
            (w for name in STOP_WORD_FILES for w in _read_data(name)),
        )

    def __len__(self) -> int:
        return len(self.first_names | self.family_names)

    def is_name(self, folded: str) -> bool:
        return folded in self.first_names or folded in self.family_names

    def is_first_name(self, folded: str) -> bool:
        return folded in self.first_names

    def is_stop_word(self, folded: str) -> bool:
        return folded in self.stop_words

    def kind(self, folded: str) -> str | None:
        """"Vorname", "Familienname", "Name" (both) or None."""
        first = folded in self.first_names
        family = folded in self.family_names
        if first and family:
            return "Name"
        if first:
            return "Vorname"
        if family:
            return "Familienname"
        return None


# ---------------------------------------------------------------------------------------------
# Building the generated data files (development only: `python -m kimtools.privacy.lexicon`)
# ---------------------------------------------------------------------------------------------

#: Faker locales with Latin (or transliterable Cyrillic) names, by origin served in KIM.
_FAKER_SOURCES: tuple[tuple[str, str], ...] = (
    ("de_DE", "Deutsch"), ("de_AT", "Deutsch (Österreich)"), ("tr_TR", "Türkisch"),
    ("az_AZ", "Aserbaidschanisch"), ("pl_PL", "Polnisch"), ("ro_RO", "Rumänisch"),
    ("bg_BG", "Bulgarisch (transliteriert)"), ("uk_UA", "Ukrainisch (transliteriert)"),
    ("ru_RU", "Russisch (transliteriert)"), ("hr_HR", "Kroatisch/Bosnisch/Serbisch"),
    ("cs_CZ", "Tschechisch"), ("sk_SK", "Slowakisch"), ("hu_HU", "Ungarisch"),
    ("fr_DZ", "Maghreb (französische Umschrift)"), ("en_PK", "Pakistan"),
    ("ha_NG", "Hausa"), ("yo_NG", "Yoruba"), ("ig_NG", "Igbo"), ("en_NG", "Nigeria"),
    ("tw_GH", "Ghana (Twi)"), ("sw", "Swahili"), ("en_KE", "Kenia"),
)

_FIRST_ATTRS = ("first_names", "first_names_female", "first_names_male", "first_names_unisex")
_FAMILY_ATTRS = ("last_names", "last_names_female", "last_names_male", "last_names_unisex",
                 "male_last_names", "unisex_last_names", "last_names_common")

# Passport-style (ICAO 9303) and German (Duden) transliteration of Cyrillic.
_CYR_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia", "'": "", "’": "",
}
_CYR_POPULAR = {**_CYR_ICAO, "е": "e", "є": "ye", "ї": "yi", "й": "y", "ъ": "", "ю": "yu",
                "я": "ya"}
_CYR_UKRAINIAN = {**_CYR_POPULAR, "г": "h", "и": "y", "х": "kh"}
_CYR_BULGARIAN = {**_CYR_POPULAR, "х": "h", "щ": "sht", "ъ": "a", "ь": "y", "й": "y"}
_CYR_GERMAN = {
    **_CYR_POPULAR, "в": "w", "е": "e", "ж": "sch", "з": "s", "й": "i", "х": "ch", "ц": "z",
    "ч": "tsch", "ш": "sch", "щ": "schtsch", "ы": "y", "ю": "ju", "я": "ja", "є": "je",
    "ї": "ji", "э": "e",
}


def _transliterate(word: str, table: dict[str, str]) -> str:
    out = []
    for char in word:
        lower = char.lower()
        piece = table.get(lower, lower)
        out.append(piece.capitalize() if char.isupper() else piece)
    return "".join(out)


def _latin_variants(name: str, locale: str) -> list[str]:
    if not any("\u0400" <= c <= "\u04ff" for c in name):
        return [name]
    if locale.startswith("uk"):
        tables = (_CYR_UKRAINIAN, _CYR_ICAO, _CYR_GERMAN)
    elif locale.startswith("bg"):
        tables = (_CYR_BULGARIAN, _CYR_GERMAN)
    else:
        tables = (_CYR_ICAO, _CYR_POPULAR, _CYR_GERMAN)
    return list(dict.fromkeys(_transliterate(name, t) for t in tables))


def _is_latin_name(word: str) -> bool:
    return (len(word) >= 3 and word[0].isupper()
            and all(c.isalpha() or c in "-'" for c in word)
            and all(unicodedata.name(c, "").startswith("LATIN") or c in "-'" for c in word))


def _faker_names(locale: str) -> tuple[list[str], list[str]]:
    import importlib

    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    result: list[list[str]] = []
    for attrs in (_FIRST_ATTRS, _FAMILY_ATTRS):
        names: list[str] = []
        for attr in attrs:
            value = getattr(provider, attr, None)
            if not value or callable(value) or isinstance(value, str):
                continue
            for entry in value:
                for part in str(entry).replace("-", " ").split():
                    for variant in _latin_variants(part, locale):
                        if _is_latin_name(variant):
                            names.append(variant)
        if locale == "pl_PL" and attrs is _FAMILY_ATTRS:
            # Faker lists the masculine form; the feminine (-ska, -cka, -dzka) is as common
            names += [n[:-1] + "a" for n in names if n.endswith(("ski", "cki", "dzki"))]
        result.append(sorted(set(names) - {"Doe"}))
    return result[0], result[1]


def _german_common_words(wordlist: Path, candidates: set[str]) -> dict[str, str]:
    """Candidates (names) that are also ordinary German words, with the evidence.

    A name counts as a German word if the wordlist has it in lower case (verb, adjective,
    function word), or if it is a noun with inflected forms or compounds ("Stein": Steine,
    Grundstein, Steinbruch). Proper names in the wordlist have at most a genitive -s. All
    comparisons are on lexicon keys, as the scrubber compares ("Buś" is "Bus")."""
    words = wordlist.read_text(encoding="utf-8").split()
    capitalised = {lexicon_key(w) for w in words if w[:1].isupper()}
    lower_words = {lexicon_key(w) for w in words if w[:1].islower()}
    folded_names = {lexicon_key(c): c for c in candidates}
    name_keys = set(folded_names)
    evidence: dict[str, str] = {}
    prefix_hits: dict[str, int] = {}
    suffix_hits: dict[str, int] = {}
    for low in capitalised:
        for cut in range(3, len(low) - 2):
            head, tail = low[:cut], low[cut:]
            if head in name_keys and tail in capitalised and len(tail) >= 3:
                prefix_hits[head] = prefix_hits.get(head, 0) + 1
            if tail in name_keys and (head in capitalised or head.rstrip("s") in capitalised):
                suffix_hits[tail] = suffix_hits.get(tail, 0) + 1
    for name in candidates:
        low = lexicon_key(name)
        if low in lower_words:
            evidence[name] = f"klein geschrieben: {low}"
            continue
        if low not in capitalised:
            continue
        inflections = [low + s for s in ("e", "en", "n", "er", "es", "ern")
                       if low + s in capitalised and low + s not in name_keys
                       and low + s[:-1] not in name_keys]
        compounds = prefix_hits.get(low, 0) + suffix_hits.get(low, 0)
        if len(inflections) >= 2 or (inflections and compounds >= 2) or compounds >= 6:
            evidence[name] = (f"Formen: {', '.join(inflections) or '-'}; "
                              f"Komposita: {compounds}")
    return evidence


def _country_and_language_names() -> set[str]:
    try:
        import gettext

        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency
        return set()
    names: set[str] = set()
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    for country in pycountry.countries:
        for label in (country.name, german.gettext(country.name)):
            names.update(label.replace("-", " ").replace(",", " ").split())
    languages = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"])
    for language in pycountry.languages:
        if getattr(language, "alpha_2", None):
            names.update(languages.gettext(language.name).replace("-", " ").split())
    try:
        from faker.providers.address.de_DE import Provider as GermanAddresses

        for city in GermanAddresses.cities:
            names.update(city.replace("-", " ").split())
    except ImportError:  # pragma: no cover - faker is a dependency
        pass
    return {n for n in names if n[:1].isupper()}


def build_data_files(out_dir: Path, wordlist: Path | None = None) -> dict[str, int]:
    """Write ``first_names_generated.txt``, ``family_names_generated.txt`` and
    ``stop_words_generated.txt`` into ``out_dir``; returns the number of entries of each."""
    header = ("# Erzeugt von `python -m kimtools.privacy.lexicon` aus den Namenslisten von Faker;\n"
              "# nicht von Hand bearbeiten (Ergänzungen gehören in *_extra.txt).\n")
    first_sections: list[str] = [header]
    family_sections: list[str] = [header]
    all_names: set[str] = set()
    seen_first: set[str] = set()
    seen_family: set[str] = set()
    for locale, label in _FAKER_SOURCES:
        first, family = _faker_names(locale)
        first = [n for n in first if n not in seen_first]
        family = [n for n in family if n not in seen_family]
        seen_first.update(first)
        seen_family.update(family)
        all_names.update(first, family)
        first_sections.append(f"\n# {label} (Faker {locale})\n" + "\n".join(first) + "\n")
        family_sections.append(f"\n# {label} (Faker {locale})\n" + "\n".join(family) + "\n")
    out_dir = Path(out_dir)
    (out_dir / "first_names_generated.txt").write_text("".join(first_sections), encoding="utf-8")
    (out_dir / "family_names_generated.txt").write_text("".join(family_sections),
                                                        encoding="utf-8")
    for extra in ("first_names_extra.txt", "family_names_extra.txt"):
        path = out_dir / extra
        if path.is_file():
            all_names.update(read_word_file(path.read_text(encoding="utf-8")))
    keep_path = out_dir / "names_not_stopped.txt"
    keep = ({k for w in read_word_file(keep_path.read_text(encoding="utf-8")) for k in _keys(w)}
            if keep_path.is_file() else set())
    # every spelling under which a name is found: "Schütz" is also found as "Schutz"
    forms: dict[str, str] = {}
    for name in sorted(all_names):
        for key in sorted(_keys(name)):
            form = name if key == lexicon_key(name) else key.capitalize()
            forms.setdefault(form, name)

    lines = ["# Erzeugt von `python -m kimtools.privacy.lexicon`: Namen des Lexikons, die auch",
             "# deutsche Wörter, Länder- oder Sprachnamen sind. Ohne Anrede oder benachbarten",
             "# Namen gelten sie nicht als Name. Ausnahmen: names_not_stopped.txt.", ""]
    stop: dict[str, str] = {}
    if wordlist is not None and wordlist.is_file():
        for form, why in _german_common_words(wordlist, set(forms)).items():
            name = forms[form]
            stop[form] = why if form == name else f"Schreibweise von {name}; {why}"
    places = _country_and_language_names()
    for name in sorted(all_names):
        if name in places:
            stop.setdefault(name, "Land, Sprache oder Stadt")
    entries = sorted((n, why) for n, why in stop.items()
                     if lexicon_key(n) not in keep and lexicon_key(forms.get(n, n)) not in keep)
    lines += [f"{name}  # {why}" for name, why in entries]
    (out_dir / "stop_words_generated.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"first": len(seen_first), "family": len(seen_family), "stop": len(entries)}


if __name__ == "__main__":  # pragma: no cover - development tool
    import sys

    target = Path(__file__).with_name("data")
    wordlist_path = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/ngerman")
    if not wordlist_path.is_file():
        print(f"Wortliste {wordlist_path} fehlt (apt-get install wngerman); "
              "die Stoppliste wird nur aus Länder- und Sprachnamen gebildet.", file=sys.stderr)
    print(build_data_files(target, wordlist_path))
