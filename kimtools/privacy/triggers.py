"""Triggers: where in a long text an expression may match, found by cheap tests.

A matcher whose every match holds a keyword runs only on the notes that hold it (module
``passes``). A trigger gives the offset of the next keyword from a position (-1 for none).
An alternation of literal words is grouped by first letter, so that the scan stops only at
those letters and tries a few words there; words that may stand inside another word
("Metallbau", "Stadtkrankenhaus") are found with ``str.find``, which an expression starting
at every lower-case letter would make slow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Trigger = Callable[[str, int], int]


def searcher(pattern: re.Pattern[str]) -> Trigger:
    """Offset of the next match of ``pattern`` from a position, -1 for none."""
    def search(text: str, position: int) -> int:
        match = pattern.search(text, position)
        return -1 if match is None else match.start()
    return search


def grouped(words: Iterable[str]) -> re.Pattern[str]:
    """One expression for literal words, grouped by their first letter."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        by_first.setdefault(word[0], []).append(word[1:])
    return re.compile("|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
        for first, rests in sorted(by_first.items())))


def words(literals: Iterable[str] = (), inner: Iterable[str] = ()) -> Trigger:
    """The next of ``literals`` (one grouped expression) or of ``inner`` (``str.find``)."""
    literals = tuple(literals)
    pattern = grouped(literals) if literals else None
    inner = tuple(inner)

    def search(text: str, position: int) -> int:
        best = -1
        if pattern is not None:
            match = pattern.search(text, position)
            if match is not None:
                best = match.start()
        for word in inner:
            found = text.find(word, position, len(text) if best < 0 else best)
            if found >= 0:
                best = found
        return best
    return search
