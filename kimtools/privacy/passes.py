"""One pass over all notes of a case: the notes joined, keyword matchers per note.

The notes are joined by a separator that no matcher reads across (a NUL between line breaks).
Matchers that need a keyword (numbers, firms, handles) run only on the notes that hold one,
each note on its own, so that what they see is exactly the note.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence

from kimtools.privacy.detections import Candidate
from kimtools.privacy.handles import TRIGGER_RE as HANDLE_TRIGGER_RE
from kimtools.privacy.patterns import TRIGGER_RE

#: Between the texts of one pass: no expression reads across a NUL between line breaks.
SEPARATOR_CHAR = "\x00"
SEPARATOR = f"\n{SEPARATOR_CHAR}\n"

#: "Pate …", "Meister …": role words that stand before a name like a title.
_ROLE_TRIGGER_RE = re.compile("Pat|Meister")


def searcher(pattern: re.Pattern[str]) -> Callable[[str, int], int]:
    """Offset of the next match of ``pattern`` from a position, -1 for none."""
    def search(text: str, position: int) -> int:
        match = pattern.search(text, position)
        return -1 if match is None else match.start()
    return search


def listed(starts: list[int]) -> Callable[[str, int], int]:
    """The next of sorted offsets from a position, -1 for none."""
    def search(_text: str, position: int) -> int:
        index = bisect.bisect_left(starts, position)
        return starts[index] if index < len(starts) else -1
    return search


def local(text: str, segments: Sequence[tuple[int, int]], trigger: Callable[[str, int], int],
           finder: Callable[[str], Iterable[tuple[int, int, str, str]]]) -> list[Candidate]:
    """``finder`` on each note (segment) of ``text`` that holds its ``trigger``, offsets moved
    back into ``text``: these expressions try many positions, and most notes give them none."""
    found = []
    starts = [start for start, _ in segments]
    position = 0
    while (hit := trigger(text, position)) >= 0:
        start, end = segments[bisect.bisect_right(starts, hit) - 1]
        if hit < end:  # not in the separator
            found += [Candidate(s + start, e + start, kind, reason)
                      for s, e, kind, reason in finder(text[start:end])]
        position = max(end, hit + 1)
    return found


PATTERN_TRIGGER = searcher(TRIGGER_RE)
ROLE_TRIGGER = searcher(_ROLE_TRIGGER_RE)
HANDLE_TRIGGER = searcher(HANDLE_TRIGGER_RE)
