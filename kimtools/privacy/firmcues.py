"""Firms named after their owner without a legal form or a listed trade word.

"arbeitet bei Fliesen Nowak", "bei Reifen Hoffmann", "Kfz Meister Brandhorst": a shop or a
master craftsman's business is written as its goods or trade and the owner's name. After
"bei", a word that is no name, title, relative or role ("bei Tante Ayşe", "bei Frau Kaya",
"bei Ahmed Yilmaz" are persons) followed by a family name of the name lexicon is such a firm;
"Kfz Meister" or a "…meisterbetrieb" with a capitalised word after it that is no German word
is one too. The whole mention becomes ``[Firma]``: the owner's name would find the firm, and
the firm the person.
"""

from __future__ import annotations

import re

from kimtools.privacy.lexicon import NameLexicon, fold_word, lexicon_key
from kimtools.privacy.namewords import ROLE_SUFFIXES, ROLE_WORDS, SURNAME_ENDINGS
from kimtools.privacy.patterns import CAP_WORD, folded_words
from kimtools.privacy.placecues import frequent_word

_SP = r"[ \t\u00a0]"
# Both expressions start with a literal, which the engine scans for fast; the word boundary
# before it is checked by hand.
_MASTER_RE = re.compile(rf"eister(?:betrieb)?{_SP}+(?P<owner>{CAP_WORD})")
_MASTER_BEFORE_RE = re.compile(r"(?<![\w-])(?:(?:Kfz|KFZ)[- ]?[Mm]|[A-ZÄÖÜ][a-zäöüß]+m)$")
_TRADE_RE = re.compile(rf"bei{_SP}+(?P<trade>[A-ZÄÖÜ][a-zäöüß]{{2,}}){_SP}+(?P<name>{CAP_WORD})")
#: Words before a name that make it a person, not a firm: titles, relatives, acquaintances.
_PERSON_WORDS = ROLE_WORDS | folded_words("""
    Herr Herrn Frau Familie Fam Tante Onkel Oma Opa Großmutter Großvater Freund Freundin
    Bruder Schwester Cousin Cousine Schwager Schwägerin Sohn Tochter Vater Mutter Mann Ehemann
    Ehefrau Bekannte Bekannter Landsmann Landsleuten Verwandten Verwandte Kind Kindern Enkel
    Enkelin Neffe Nichte Schwiegermutter Schwiegervater Schwiegersohn Schwiegertochter Eltern
    Gastfamilie Meister Meisterin Imam Pastor Pfarrer Scheich Hodscha
    """)


def find_owner_firms(text: str, lexicon: NameLexicon | None = None
                     ) -> list[tuple[int, int, str, str]]:
    """(start, end, "firm", reason) of each firm named by trade and owner."""
    if "bei" not in text and "eister" not in text:
        return []
    lexicon = lexicon if lexicon is not None else NameLexicon.default()
    found = []
    for match in _MASTER_RE.finditer(text):
        before = _MASTER_BEFORE_RE.search(text, max(0, match.start() - 30), match.start())
        if before is None or not (match.group().startswith("eisterbetrieb")
                                  or before.group()[:3].lower() == "kfz"):
            continue  # "Kfz Meister …", "Kfz-Meisterbetrieb …", "Malermeisterbetrieb …"
        if not frequent_word(match.group("owner")):
            found.append((before.start(), match.end(), "firm", "Firma (Meisterbetrieb)"))
    for match in _TRADE_RE.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            continue
        trade, name = match.group("trade"), match.group("name")
        folded, trade_key = fold_word(trade), lexicon_key(trade)
        if folded in _PERSON_WORDS or folded.endswith(ROLE_SUFFIXES) or (
                lexicon.is_name(trade_key) and not lexicon.is_stop_word(trade_key)):
            continue
        key = lexicon_key(name)
        if (lexicon.is_name(key) and not lexicon.is_stop_word(key)) or (
                len(key) >= 6 and key.endswith(SURNAME_ENDINGS)):
            found.append((match.start("trade"), match.end(), "firm",
                          "Firma (Gewerbe und Name des Inhabers)"))
    return found
