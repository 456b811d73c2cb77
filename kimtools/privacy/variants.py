"""Spelling variants of the case's own names: the person's label, not a stranger's "[Name]".

Case managers write a name as they heard it or as another document has it: "Gebremedin" for
Gebremedhin, "Suleyman" for Suleiman, "Wolodymyr" for Volodymyr, "Sascha" for Oleksandr. A
capitalised word is a variant of a name part of five letters or more when the two differ by
one changed letter (two edits for parts of eight letters or more; "Ahmadi" is another family
than "Ahmad") after a transliteration skeleton (w → v,
y/j → i, ph → f, doubled letters once), or when both belong to one group of the table of
usual transliterations and short forms below. A word close to parts of two different persons
is left alone (the father is never labelled as his son), and so is a common German word; a
variant of a part several persons share (the family name) goes to the first, the client.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kimtools.privacy.lexicon import fold_word

if TYPE_CHECKING:
    from kimtools.privacy.scrubber import KnownPerson

#: Groups of one given name in the transliterations and short forms German records use.
_GROUPS = [
    "oleksandr olexandr oleksander aleksandr alexandr alexander aleksander sascha sasha",
    "mohammed mohammad muhammad muhammed mohamed mohamad mohammet",
    "volodymyr wolodymyr vladimir wladimir",
    "yusuf yousef youssef yussuf jussuf yousif",
    "hussein hussain husain huseyin",
    "ahmed ahmad ahmet",
    "mariam maryam meryem miriam",
    "suleiman sulaiman suleyman sulayman",
    "olena elena jelena",
    "iryna irina",
    "yuliia yulia julia",
    "serhii serhiy sergei sergej sergey",
    "dmytro dmitri dmitrij dmitry",
    "mykola nikolai nikolaj",
    "oleksii oleksiy aleksei alexej alexei",
    "abdulrahman abdurrahman abderrahmane abdelrahman",
]
_GROUP_OF = {name: i for i, group in enumerate(_GROUPS) for name in group.split()}
_WORD_RE = re.compile(r"(?<![\w-])[A-ZÄÖÜ][a-zäöüßA-ZÄÖÜ'’-]{3,}")
_UNSEEN = object()  # a word not yet judged in this case
_COMMON_WORD = 3.5  # zipf in German: above it a word is a word ("Kinder" is no "Kinde")


@functools.lru_cache(maxsize=65_536)
def _skeleton(folded: str) -> str:
    # German spellings of transliterations: Scheicho/Sheikho, Rachimow/Rakhimov, Tkatschenko
    s = folded.replace("tsch", "ch").replace("sch", "sh")
    s = s.replace("ph", "f").replace("w", "v").replace("y", "i").replace("j", "i")
    s = s.replace("kh", "h").replace("ch", "h")
    return re.sub(r"(.)\1", r"\1", s)


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@functools.lru_cache(maxsize=65_536)
def common_german_word(word: str) -> bool:
    """A word frequent in German text (wordfreq): a word, not a rare name."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "de") >= _COMMON_WORD


class VariantFinder:
    """Variants of the name parts of one case's persons (built once per case)."""

    def __init__(self, persons: Sequence[KnownPerson]):
        self._parts: list[tuple[str, str, str]] = []  # (folded, skeleton, person_id)
        self._exact: set[str] = set()
        self._seen: dict[str, str | None] = {}  # word → person id (or none), per case
        for person in persons:
            for part in f"{person.given_name} {person.family_name}".replace("-", " ").split():
                folded = fold_word(part)
                self._exact.add(folded)
                if len(folded) >= 5 or folded in _GROUP_OF:
                    self._parts.append((folded, _skeleton(folded), person.person_id))
        # a word is only compared with the parts of its group and those whose skeleton
        # starts with the same letter: most words of a note meet none
        self._by_first: dict[str, list[int]] = {}
        self._by_group: dict[int, list[int]] = {}
        for index, (part, skeleton, _) in enumerate(self._parts):
            self._by_first.setdefault(skeleton[:1], []).append(index)
            group = _GROUP_OF.get(part)
            if group is not None:
                self._by_group.setdefault(group, []).append(index)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, person_id) of each variant of a name part in ``text``."""
        if not self._parts:
            return []
        seen = self._seen
        owners = False
        for raw in set(_WORD_RE.findall(text)):  # most notes of a case hold no variant
            pid = seen.get(raw, _UNSEEN)
            if pid is _UNSEEN:
                pid = seen[raw] = self._owner(fold_word(raw))
            owners = owners or pid is not None
        if not owners:
            return []
        return [(*match.span(), pid) for match in _WORD_RE.finditer(text)
                if (pid := seen[match.group()]) is not None]

    def _owner(self, word: str) -> str | None:
        if word in self._exact or len(word) < 4:
            return None
        group = _GROUP_OF.get(word)
        in_group = group is not None and group in self._by_group
        if not in_group and (len(word) < 5 or _skeleton(word)[:1] not in self._by_first):
            return None  # compared with no part: most words of a note
        indices = set(self._by_group[group]) if in_group else set()
        if len(word) >= 5:
            indices.update(self._by_first.get(_skeleton(word)[:1], ()))
        close = [(part, pid) for part, skeleton, pid in (self._parts[i] for i in sorted(indices))
                 if self._close(word, part, skeleton)]
        if len({part for part, _ in close}) != 1:
            return None  # none, or parts of two persons: nobody's label
        part, pid = close[0]  # a part shared (family name): the first person, the client
        if _GROUP_OF.get(word) is None and common_german_word(word):
            return None
        return pid

    @staticmethod
    def _close(word: str, part: str, skeleton: str) -> bool:
        group = _GROUP_OF.get(part)
        if group is not None and _GROUP_OF.get(word) == group:
            return True
        if len(word) < 5 or abs(len(word) - len(part)) > 3:
            return False
        other = _skeleton(word)
        if other[:1] != skeleton[:1]:
            return False
        if len(part) < 8:  # short parts: one letter changed, never one added ("Ahmadi")
            return len(other) == len(skeleton) and _distance(other, skeleton, 1) <= 1
        return _distance(other, skeleton, 2) <= 2
