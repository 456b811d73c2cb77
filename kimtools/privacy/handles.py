"""Identifiers of the online and paper world that hand-written notes carry.

User names and messenger ids ("Instagram @ahmad.k92", "Signal: ahmad.92"), links to profiles,
vehicle plates ("GT-AK 123"), and file numbers the usual patterns miss: a letter prefix of
several groups ("AZ: XY-ABC 2021/0123") or the authority written between the word and the
number ("AZ Jobcenter 2021/123", "ABH 12345/21"). Each finding is (start, end, type, reason);
the scrubber turns them into placeholders.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from kimtools.privacy.triggers import Trigger, searcher, words

_SP = r"[ \t\u00a0]"
# Services and words after which the next token is somebody's account.
_ACCOUNT_WORD = (r"(?:Instagram|Insta|Telegram|Signal|Skype|TikTok|Tiktok|Facebook|FB|Snapchat"
                 r"|Snap|Discord|Threema|WhatsApp|Whatsapp|Twitter|X-Konto|LinkedIn|Xing"
                 r"|Nutzername|Benutzername|Username|User-?Name|Profilname|Profil|Account|Konto"
                 r"|Kennung|Messenger|ID)")
_URL = r"(?<![\w@/])(?:https?://|www\.)[^\s<>\"'„“”()]+"
_AT_HANDLE = r"(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}(?<!\.)"
_ACCOUNT = (rf"(?<![\w-])(?P<service>{_ACCOUNT_WORD})(?:-?(?:Name|Profil|Konto|ID))?(?![\w-])"
            rf"{_SP}*[:=]?{_SP}*"
            r"(?:(?:von|vom|der|des|heißt|ist|als|unter)" + _SP + r"+)*"
            r"(?P<account>[A-Za-z0-9_][A-Za-z0-9_.\-]{2,39}(?<![.\-]))")
# German plates: district code, one or two letters, up to four digits (E/H for electric and
# historic cars). With a hyphen it is a plate anywhere; with spaces only after a car word, as
# "SGB II 2023" has the same shape.
_PLATE_CORE = r"[A-ZÄÖÜ]{1,3}(?P<sep>[- \u00a0])[A-Z]{1,2}[ \u00a0]?\d{1,4}[EH]?"
_PLATE_HYPHEN = r"(?<![\w-])[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}[ \u00a0]?\d{1,4}[EH]?(?![\w-])"
_CAR_WORD = (r"(?:Kennzeichen|Kfz-Kennzeichen|Kfz|KFZ|Auto|Pkw|PKW|Fahrzeug|Wagen|Transporter"
             r"|Motorrad|Roller)")
_PLATE_AFTER_WORD = (rf"(?<![\w-]){_CAR_WORD}(?:{_SP}+[\w.:-]+){{0,3}}?{_SP}*[:]?{_SP}*"
                     rf"(?P<plate>{_PLATE_CORE})(?![\w-])")
# A file-number word or an authority's abbreviation, up to two words (the authority), then a
# value with a digit: letter groups, digits, / . - joined.
_FILE_WORD = (r"(?:AZ|Az\.?|Aktenzeichen|Geschäftszeichen|Gz\.?|GZ|Vorgangsnummer"
              r"|Fallnummer|(?:Kunden|Vorgangs|Mitglieds|Versicherten|Fall|Antrags|Referenz)"
              r"(?:nummer|nr\.?))")
_AUTHORITY = (r"(?:ABH|JC|BAMF|BA|AA|FK|SGB|LEA|ZAB|KVB|VHS|Jobcenter|Ausländerbehörde"
              r"|Familienkasse|Agentur|Sozialamt|Jugendamt|Wohngeldstelle|Standesamt"
              r"|Bürgerbüro|Einbürgerungsbehörde|Anerkennungsstelle|IHK|HWK|Bezirksregierung)")
# the value's letter groups, never an authority written before the number ("der ABH 30.3-…")
_VALUE = (rf"(?P<value>(?:(?!{_AUTHORITY}[ :])[A-Z]{{1,4}}[-/ ]){{0,3}}"
          r"\d[\dA-Z]*(?:[/.\-]\d[\dA-Z]*)*"
          # a second group with a separator: "PB-5.3 2019/4471"
          rf"(?:{_SP}\d+[/.\-]\d[\dA-Z]*(?:[/.\-]\d[\dA-Z]*)*)?)")
_FILE_AFTER_WORD = (rf"(?<![\w-]){_FILE_WORD}{_SP}*[:.]?{_SP}*"
                    rf"(?:(?:der|des|vom|beim|bei|im){_SP}+)?"
                    rf"(?:(?:{_AUTHORITY}|[A-ZÄÖÜ][a-zäöüß][\wäöüß-]*)(?:{_SP}+|{_SP}*:{_SP}*))"
                    r"{0,2}?"
                    rf"{_VALUE}(?![\w])")
_FILE_AFTER_AUTHORITY = (rf"(?<![\w-]){_AUTHORITY}(?:{_SP}+(?:unter|mit|Nr\.?|Nummer))?"
                         rf"{_SP}*[:]?{_SP}*"
                         r"(?P<number>\d{2,}[/.\-]\d{2,}(?:[/.\-]\d+)*|\d{5,})(?![\w/.-]?\d)")

#: (expression, type, reason, group of the value, trigger, needs a digit): every match of a
#: finder holds its trigger (and a digit where marked), so a finder runs only on the notes
#: that hold them; most notes hold none.
_FINDERS: tuple[tuple[re.Pattern[str], str, str, str, Trigger, bool], ...] = tuple(
    (re.compile(pattern), kind, reason, group,
     searcher(re.compile(trigger)) if isinstance(trigger, str) else trigger, digit)
    for pattern, kind, reason, group, trigger, digit in (
        (_URL, "handle", "Internetadresse", "", r"https?://|www\.", False),
        (_AT_HANDLE, "handle", "Nutzername (@)", "", "@", False),
        (_ACCOUNT, "handle", "Nutzername nach Dienst", "account", _ACCOUNT_WORD, False),
        (_PLATE_HYPHEN, "plate", "Kfz-Kennzeichen", "", "[A-ZÄÖÜ]-[A-Z]", True),
        (_PLATE_AFTER_WORD, "plate", "Kfz-Kennzeichen", "plate", _CAR_WORD, True),
        (_FILE_AFTER_WORD, "file_number", "Aktenzeichen", "value", words((
            "AZ", "Az", "Aktenzeichen", "Geschäftszeichen", "Gz", "GZ", "Vorgangsnummer",
            "Fallnummer", "Kunden", "Vorgangs", "Mitglieds", "Versicherten", "Fall", "Antrags",
            "Referenz")), True),
        (_FILE_AFTER_AUTHORITY, "file_number", "Nummer nach Behörde", "number", _AUTHORITY,
         True),
    ))
_TRAILING = ".,;:!?)"
_DIGIT_RE = re.compile(r"\d")


_NAME_WORDS = frozenset({"Nutzername", "Benutzername", "Username", "Profilname", "Kennung"})


def _account_like(value: str, service: str) -> bool:
    """A token someone chose as a name online: with digits, dots or underscores, or any token
    right after a word that announces a user name. "Profil aktualisiert" or "Konto bei der
    Sparkasse" are words, not accounts."""
    return (any(c.isdigit() or c in "._" for c in value)
            or service.replace("-", "") in _NAME_WORDS)


def _file_number_like(value: str) -> bool:
    """A year alone ("AZ Jobcenter 2021") is no file number; a separator, a letter prefix or
    five digits make one."""
    return (re.search(r"[/.\-]|[A-Z]", value) is not None
            or sum(c.isdigit() for c in value) >= 5)


# A link without "www." or "https://": a domain, perhaps with a path ("rojda-malt.de",
# "instagram.com/name.x"); a handle only when a person's name is in it (``named_links``).
_TLDS = (r"(?:de|com|net|org|eu|info|me|io|tr|ua|ru|pl|ro|bg|at|ch|nl|fr|it|es|uk|app|online"
         r"|site|blog)")
_BARE_LINK_RE = re.compile(rf"[\w-]+(?:\.[\w-]+)*\.{_TLDS}(?![\w-])(?:/[^\s<>\"'„“”()]*)?")
# the expression to scan with starts with a literal (the dot), which the engine finds fast
_TLD_RE = re.compile(rf"\.{_TLDS}(?![\w-])")
_TOKEN_END = frozenset(" \t\n\r\u00a0(<>\"'„“”,;")


def named_links(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Links and domains that hold a name found in ``text`` (spans ``names``): the whole link
    is somebody's address ("rojda-malt.de", "instagram.com/amina.jusufi.wtal") → handle, not
    a link with a pseudonym inside it. E-mail addresses and "https://…" links are found
    elsewhere."""
    if not names:
        return []
    found: list[tuple[int, int, str, str]] = []
    covered = -1
    for hit in _TLD_RE.finditer(text):
        start = hit.start()
        if start < covered:
            continue
        while start > 0 and text[start - 1] not in _TOKEN_END:
            start -= 1
        match = _BARE_LINK_RE.match(text, start)
        if match is None:
            continue
        end = match.end() - (len(match.group()) - len(match.group().rstrip(_TRAILING)))
        covered = match.end()
        if any(start <= s and e <= end for s, e in names):
            found.append((start, end, "handle", "Internetadresse mit Namen"))
    return found


def find_handles(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, type, reason) of every account, link, plate and file number in `text`."""
    found = []
    for index, finder in enumerate(_FINDERS):
        if finder[4](text, 0) >= 0:
            found += _find(index, text)
    return found


def finders() -> list[tuple[Trigger, Callable[[str], list[tuple[int, int, str, str]]]]]:
    """(trigger, finder) per expression: the finder on a text, where the trigger occurs."""
    return [(trigger, functools.partial(_find, index))
            for index, (_, _, _, _, trigger, _) in enumerate(_FINDERS)]


def _find(index: int, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, type, reason) of the matches of one finder in `text`."""
    pattern, kind, reason, group, trigger, digit = _FINDERS[index]
    if not text or digit and _DIGIT_RE.search(text) is None:
        return []
    found = []
    for match in pattern.finditer(text):
        start, end = match.span(group) if group else match.span()
        value = text[start:end]
        if group == "account" and not _account_like(value, match.group("service")):
            continue
        if kind == "file_number" and not _file_number_like(value):
            continue
        if kind == "handle":
            stripped = value.rstrip(_TRAILING)
            end -= len(value) - len(stripped)
        if end > start:
            found.append((start, end, kind, reason))
    return found
