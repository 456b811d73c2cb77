"""The scrubber's shortcuts find exactly what the plain expressions find.

Titles are looked for only where a title word stands, firm, facility and handle expressions
only in notes holding their keyword, and the names of a case's persons by their spellings
instead of one compiled alternation. Each shortcut is compared here with the expression it
stands for, on the hand-written notes and on texts made to hit the corners.
"""

from __future__ import annotations

import re

import pytest
from handwritten import HELDOUT, NOTES, load_notes

from kimtools.privacy import facilities, handles
from kimtools.privacy.lexicon import NameLexicon, fold
from kimtools.privacy.persons import PersonMatcher
from kimtools.privacy.scrubber import _TITLE_NAME_RE, KnownPerson, Scrubber, _title_names

TITLED = [f"{title} Yılmaz kam" for title in (
    "Herr", "Herrn", "Frau", "Hr.", "Fr.", "Familie", "Fam.", "Eheleute", "Ehepaar",
    "Geschwister", "Dr.", "Prof.", "Dipl.-Ing.", "Dipl.", "Frau Dr.", "Herrn Prof. Dr.")]
TEXTS = [note.text for path in (NOTES, HELDOUT) for note in load_notes(path)] + TITLED + [
    "Fr.Yılmaz", "HerrFrau Yılmaz", "Herr Herr Yılmaz", "-Frau Yılmaz", "Frau\n\nYılmaz",
    "Familie Familie Koch", "Dr. Dr. Fuchs und Frau",
]


@pytest.mark.parametrize("text", TEXTS)
def test_titles_as_the_expression_finds_them(text):
    assert [m.span() for m in _title_names(text)] == [
        m.span() for m in _TITLE_NAME_RE.finditer(text)]


def test_every_title_form_is_found():
    for text in TITLED:
        assert "Yılmaz" not in Scrubber().scrub(text)[0], text


@pytest.mark.parametrize("text", TEXTS)
def test_keyed_finders_as_all_expressions_find_them(text):
    for module in (facilities, handles):
        everything = sorted(hit for index in range(len(module._FINDERS))
                            for hit in module._find(index, text))
        keyed = sorted(hit for trigger, finder in module.finders() if trigger(text, 0) >= 0
                       for hit in finder(text))
        assert keyed == everything


PERSONS = [
    KnownPerson("1", "Anna-Maria", "Müller", "Klientin A", role="client", gender="f"),
    KnownPerson("2", "Əli", "Öztürk-Mueller", "Partner A", role="partner", gender="m"),
    KnownPerson("3", "Ben", "O'Brien", "Kind A1", role="child", gender="m"),
    KnownPerson("4", "Abu Zeid", "Al-Khatib", "Kind A2", role="child", gender="m"),
]
NAME_TEXTS = [
    "Anna Maria Muller, Anna-Maria Mueller und AnnaMaria MÜLLER kamen.",
    "Ali Oztürk, Eli Oeztuerk-Müller, Öztürk–Mueller; Müllers Antrag, Mueller’ Akte.",
    "Ben, ben, El-Ben, O’Brien, OBrien, O'Briens Schule; Bens Heft.",
    "Abu Zeid Al Khatib, Abu-Zeid AlKhatib, al-khatib, Khatib, Zeid.",
    "Anna Anna Maria Müller Müller-Lange; Müllerin, Mülleröffnung, Länge.",
]


def _alternation(matcher: PersonMatcher) -> re.Pattern[str]:
    alternation = "|".join(f"({v.regex})" for v in matcher.variants)
    return re.compile(rf"(?<!\w)(?:{alternation})(?=(?:'s|'|s)?(?!\w))")


@pytest.mark.parametrize("text", NAME_TEXTS + TEXTS[:40])
def test_person_names_as_one_alternation_finds_them(text):
    matcher = PersonMatcher(PERSONS, NameLexicon.default())
    folded, _ = fold(text)
    expected = [(m.start(), m.end(), matcher.variants[m.lastindex - 1])
                for m in _alternation(matcher).finditer(folded)]
    assert matcher._mentions(folded) == expected


def test_person_names_with_many_spellings_keep_their_expression(monkeypatch):
    from kimtools.privacy import persons

    monkeypatch.setattr(persons, "_MAX_SPELLINGS", 1)
    persons._spellings.cache_clear()
    try:
        matcher = PersonMatcher(PERSONS, NameLexicon.default())
        assert any(v.spellings is None for v in matcher.variants)
        for text in NAME_TEXTS:
            folded, _ = fold(text)
            expected = [(m.start(), m.end(), matcher.variants[m.lastindex - 1])
                        for m in _alternation(matcher).finditer(folded)]
            assert matcher._mentions(folded) == expected
    finally:
        persons._spellings.cache_clear()
