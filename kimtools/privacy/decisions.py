"""The case manager's decision on each flag, applied to the package text; counted, never quoted.

A flag (``kimtools.privacy.flags``) is decided as keep (with a reason), generalise (the
suggested or an edited text replaces the phrase) or delete. Decisions change the draft's
package tables at once, so the leak gate and the signature cover the decided text. The
manifest learns only how many flags of which kind were decided how.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kimtools.privacy.flags import KINDS, Flag
from kimtools.privacy.pseudonymise import CaseDraft, Draft, Refusal, Refused, TextReview

__all__ = ["ACTIONS", "Decision", "OpenFlags", "decide", "decided_text", "flag_counts",
           "flag_key", "listed_flags", "open_flags"]

#: Decisions with their German names (the decisions file and the review use these).
ACTIONS: dict[str, str] = {"keep": "behalten", "generalise": "verallgemeinern",
                           "delete": "löschen"}

FlagKey = tuple[str, str, str, int]


@dataclass(frozen=True)
class Decision:
    action: str  # a key of ACTIONS
    reason: str = ""  # required for "keep"
    text: str | None = None  # for "generalise": None means the suggestion

    def problem(self) -> str | None:
        """What is wrong with the decision, in German, or None."""
        if self.action not in ACTIONS:
            return ("Entscheidung fehlt oder unbekannt; erlaubt: "
                    + ", ".join(ACTIONS.values()))
        if self.action == "keep" and not self.reason.strip():
            return "„behalten“ braucht eine Begründung"
        return None


def flag_key(case: CaseDraft, review: TextReview, flag: Flag) -> FlagKey:
    """Which flag a decision belongs to: case, record, column and place in the text."""
    return (case.case_id, review.record_id, review.column, flag.start)


def listed_flags(draft: Draft) -> list[tuple[CaseDraft, TextReview, Flag]]:
    """Every flag of the draft in review order."""
    return [(case, review, flag) for case in draft.cases for review in case.texts
            for flag in review.flags]


def open_flags(draft: Draft) -> list[tuple[CaseDraft, TextReview, Flag]]:
    return [entry for entry in listed_flags(draft)
            if flag_key(*entry) not in draft.decisions]


class OpenFlags(Refused):
    """Approval or writing while a flag is undecided: every open flag is named."""

    def __init__(self, draft: Draft):
        entries = open_flags(draft)
        super().__init__([
            Refusal(case.case_id,
                    f"Fall {case.case_id}, {review.item}, Spalte {review.column}, Zeichen "
                    f"{flag.start + 1}: Markierung „{flag.label}“ nicht entschieden "
                    f"(„{flag.phrase}“).")
            for case, review, flag in entries] + [Refusal(
                "", f"{len(entries)} Markierung(en) offen: Freigabe erst, wenn jede "
                    "entschieden ist (behalten mit Begründung, verallgemeinern oder löschen).")])


def _applied(text: str, decided: list[tuple[Flag, Decision]]) -> str:
    """``text`` with the decided phrases replaced, from the end so offsets stay valid."""
    for flag, decision in sorted(decided, key=lambda pair: -pair[0].start):
        if decision.action == "keep":
            continue
        new = "" if decision.action == "delete" else (
            flag.suggestion if decision.text is None else decision.text.strip())
        if flag.start == 0 and new and flag.phrase[:1].isupper():
            new = new[0].upper() + new[1:]
        text = text[:flag.start] + new + text[flag.end:]
    return re.sub(r"\s+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


_PACKAGE_TABLE = {"events": "events", "obstacles": "obstacles", "goals": "goals",
                  "persons": "cases"}


def _cells(draft: Draft) -> dict[int, tuple[str, int]]:
    """Where each reviewed text sits in the package tables (found once, by its text)."""
    cached = getattr(draft, "_flag_cells", None)
    if cached is not None:
        return cached
    cells: dict[int, tuple[str, int]] = {}
    taken: set[tuple[str, int]] = set()
    tables = draft.package.tables()
    # (table, column) → (case, text) → rows holding that text, in the table's order
    rows: dict[tuple[str, str], dict[tuple[object, object], list[int]]] = {}
    for case in draft.cases:
        for review in case.texts:
            name = _PACKAGE_TABLE.get(review.table)
            frame = tables.get(name) if name else None
            if frame is None or review.column not in frame.columns:
                continue
            by_text = rows.get((name, review.column))
            if by_text is None:
                by_text = rows[(name, review.column)] = {}
                for index, key in zip(frame.index, zip(frame["case"], frame[review.column],
                                                       strict=True), strict=True):
                    by_text.setdefault(key, []).append(index)
            hits = by_text.get((case.pseudonym, review.scrubbed), ())
            free = [i for i in hits if (name, i) not in taken]
            if free:
                taken.add((name, free[0]))
                cells[id(review)] = (name, free[0])
    draft._flag_cells = cells
    return cells


def decided_text(draft: Draft, case: CaseDraft, review: TextReview) -> str:
    """The text as the package holds it after the decisions taken so far."""
    decided = [(flag, draft.decisions[flag_key(case, review, flag)]) for flag in review.flags
               if flag_key(case, review, flag) in draft.decisions]
    return _applied(review.scrubbed, decided) if decided else review.scrubbed


def decide(draft: Draft, decisions: dict[FlagKey, Decision]) -> None:
    """Record decisions (replacing earlier ones of the same flags) and rewrite the texts.

    Raises ``ValueError`` for a decision that names no flag of the draft or is incomplete;
    then nothing changes.
    """
    known = {flag_key(*entry) for entry in listed_flags(draft)}
    for key, decision in decisions.items():
        if key not in known:
            raise ValueError(f"Fall {key[0]}, Eintrag {key[1]}, Spalte {key[2]}: keine "
                             f"Markierung bei Zeichen {key[3] + 1}.")
        problem = decision.problem()
        if problem:
            raise ValueError(f"Fall {key[0]}, Eintrag {key[1]}, Spalte {key[2]}: {problem}.")
    cells = _cells(draft)
    draft.decisions.update(decisions)
    tables = draft.package.tables()
    for case in draft.cases:
        for review in case.texts:
            cell = cells.get(id(review))
            if cell and review.flags:
                name, row = cell
                tables[name].at[row, review.column] = decided_text(draft, case, review)
    draft.package.manifest["flags"] = flag_counts(draft)


def flag_counts(draft: Draft) -> dict[str, dict[str, int]]:
    """Decided flags per kind and decision: the manifest's record, counts only."""
    counts: dict[str, Counter] = {}
    for entry in listed_flags(draft):
        decision = draft.decisions.get(flag_key(*entry))
        if decision is not None:
            counts.setdefault(entry[2].kind, Counter())[decision.action] += 1
    return {kind: dict(sorted(counts[kind].items())) for kind in KINDS if kind in counts}
