"""One pass over all notes of a case: the notes joined, keyword matchers per note.

The notes are joined by a separator that no matcher reads across (a NUL between line breaks).
Matchers that need a keyword (numbers, firms, handles) run only on the notes that hold one,
each note on its own, so that what they see is exactly the note; the expressions for firms,
facilities and handles each have a keyword of their own (``keyed``), so that a note with a
digit or a "Kita" meets the two or three expressions that can match, not all twenty.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence

from kimtools.privacy import facilities, handles
from kimtools.privacy.detections import Candidate
from kimtools.privacy.patterns import TRIGGER_RE
from kimtools.privacy.triggers import Trigger, searcher

#: Between the texts of one pass: no expression reads across a NUL between line breaks.
SEPARATOR_CHAR = "\x00"
SEPARATOR = f"\n{SEPARATOR_CHAR}\n"

#: "Pate …", "Meister …": role words that stand before a name like a title.
_ROLE_TRIGGER_RE = re.compile("Pat|Meister")


def local(text: str, segments: Sequence[tuple[int, int]], trigger: Trigger,
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


def keyed(finders: Sequence[tuple[Trigger, Callable[[str], Iterable[tuple[int, int, str, str]]]]]
          ) -> Callable[[str, Sequence[tuple[int, int]]], list[Candidate]]:
    """``local`` for each (trigger, finder) in turn, as one matcher."""
    def find(text: str, segments: Sequence[tuple[int, int]]) -> list[Candidate]:
        found = []
        for trigger, finder in finders:
            found += local(text, segments, trigger, finder)
        return found
    return find


#: Handles, plates and file numbers after an authority, each expression after its keyword.
HANDLES = keyed(handles.finders())
#: Firms and named facilities, each expression after its keyword.
FACILITIES = keyed(facilities.finders())
