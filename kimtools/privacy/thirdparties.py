"""People of the other cases of a caseload: known third parties in the notes of a case.

A note may name a sibling or an in-law who has a case of their own. The scrubber of one case
knows only that case's people; without this the name would be left for the leak gate, which
then refuses the whole package. Every name part of every person of the caseload is therefore
looked up in each text: a full name in any spelling of case, a single part when it is written
as a name (capitalised) and is not a common German word. They become "[Name]", never the
person's label even when that person is presented too: a label would tell the room that two
presented clients are related, which the risk check does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kimtools.privacy.lexicon import NameLexicon, fold, span_end, umlaut_transliteration

_TOKEN = re.compile(r"[a-z0-9]+")
#: In a text: also the NUL that separates the notes of one pass, so that no full name is read
#: across two notes.
_TEXT_TOKEN = re.compile(r"[a-z0-9]+|\x00")
_PARTICLES = frozenset({"al", "el", "ul", "abu", "bin", "ben", "ibn", "bint", "van", "von",
                        "der", "de", "da", "di", "la", "le", "du", "del", "zu", "ter", "ten",
                        "oglu"})
_LONGEST = 6  # name parts in a full name, at most


@dataclass(frozen=True)
class ThirdPartyHit:
    start: int  # offsets in the original text
    end: int
    sequence: bool  # a full name (several parts), not a single part
    suffix: str = ""  # a genitive "s" inside the span ("Qassabs")


class OtherPeople:
    """The name parts of a caseload's people, compiled once for all cases of a package."""

    def __init__(self, names: Iterable[tuple[str, str]], lexicon: NameLexicon):
        """names: (given name, family name) of every person of the caseload."""
        self.lexicon = lexicon
        self.sequences: set[tuple[str, ...]] = set()
        self.singles: set[str] = set()
        for given, family in names:
            for name in (given, family, f"{given} {family}", f"{family} {given}"):
                self._add(name)
        self.lengths = sorted({len(s) for s in self.sequences}, reverse=True)

    def _add(self, name: str) -> None:
        name = name.strip()
        if not name:
            return
        for variant in {name, umlaut_transliteration(name)}:
            parts = tuple(_TOKEN.findall(fold(variant)[0]))
            if 1 < len(parts) <= _LONGEST:
                self.sequences.add(parts)
            for part in parts:
                if (len(part) >= 3 and part not in _PARTICLES and not part.isdigit()
                        and not self.lexicon.is_stop_word(part)):
                    self.singles.add(part)

    def find(self, text: str) -> list[ThirdPartyHit]:
        """Where the text names a person of the caseload."""
        if not text or not self.singles and not self.sequences:
            return []
        folded, index_map = fold(text)
        tokens = [(m.start(), m.end(), m.group()) for m in _TEXT_TOKEN.finditer(folded)]
        words = [t[2] for t in tokens]
        hits: list[ThirdPartyHit] = []
        position = 0
        while position < len(tokens):
            length = next((n for n in self.lengths if position + n <= len(words)
                           and tuple(words[position:position + n]) in self.sequences), 0)
            if length:
                hits.append(self._hit(tokens, index_map, position, length, True))
                position += length
                continue
            start = index_map[tokens[position][0]]
            word = words[position]
            if text[start].isupper():
                if word in self.singles:
                    hits.append(self._hit(tokens, index_map, position, 1, False))
                elif word.endswith("s") and word[:-1] in self.singles:
                    hit = self._hit(tokens, index_map, position, 1, False)
                    hits.append(ThirdPartyHit(hit.start, hit.end, False, text[hit.end - 1]))
            position += 1
        return hits

    @staticmethod
    def _hit(tokens, index_map, position: int, length: int, sequence: bool) -> ThirdPartyHit:
        start = index_map[tokens[position][0]]
        end = span_end(index_map, tokens[position + length - 1][1])
        return ThirdPartyHit(start, end, sequence)
