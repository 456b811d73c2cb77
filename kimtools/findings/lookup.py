"""Conferences as people name them: by date (20.10.2026 or 2026-10-20) or a short id.

The register keys conferences by UUID, which nobody can type or remember. People know the day
of the meeting; where two conferences share a day, the first characters of the id (as
``findings conferences`` shows them) tell them apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kimtools.findings.model import Conference
from kimtools.findings.register import Register

SHORT_ID = 8       # characters of the id shown in lists
MIN_PREFIX = 6     # the least a typed prefix must have


class ConferenceNotFound(LookupError):
    """No single conference matches; the message (German) lists the candidates."""


@dataclass(frozen=True)
class ConferenceRow:
    """One line of the conference list: what identifies a meeting and how much it holds."""

    conference: Conference
    findings: int

    @property
    def short_id(self) -> str:
        return self.conference.id[:SHORT_ID]

    @property
    def place(self) -> str:
        return self.conference.place or self.conference.municipality or "ohne Ort"

    @property
    def label(self) -> str:
        """For a dropdown: date, place and the short id that keeps equal days apart."""
        return f"{self.conference.date:%d.%m.%Y} – {self.place} ({self.short_id})"


def conference_rows(register: Register) -> list[ConferenceRow]:
    """Every conference of the register, newest first, with its number of findings."""
    counts = dict(register.query(
        "SELECT conference_id, count(*) FROM findings GROUP BY conference_id"))
    rows = [ConferenceRow(c, counts.get(c.id, 0)) for c in register.conferences()]
    return sorted(rows, key=lambda r: (r.conference.date, r.conference.id), reverse=True)


def _as_day(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def _describe(conferences: Iterable[Conference], limit: int = 10) -> str:
    listed = [f"{c.date:%d.%m.%Y} {c.place or c.municipality or 'ohne Ort'} ({c.id[:SHORT_ID]})"
              for c in conferences]
    shown = "; ".join(listed[:limit])
    return shown + (f" und {len(listed) - limit} weitere" if len(listed) > limit else "")


def find_conference(conferences: Iterable[Conference], text: str,
                    where: str = "im Register") -> Conference:
    """The one conference ``text`` names: its full id, its date, or an id prefix of at least
    six characters. Raises ConferenceNotFound naming the candidates."""
    conferences = list(conferences)
    text = text.strip()
    exact = [c for c in conferences if c.id == text]
    if exact:
        return exact[0]
    day = _as_day(text)
    if day is not None:
        matches = [c for c in conferences if c.date == day]
        kind = f"am {day:%d.%m.%Y}"
    elif len(text) >= MIN_PREFIX:
        matches = [c for c in conferences if c.id.lower().startswith(text.lower())]
        kind = f"mit der ID {text}"
    else:
        raise ConferenceNotFound(
            f"Konferenz „{text}“: bitte das Datum (TT.MM.JJJJ) oder mindestens {MIN_PREFIX} "
            f"Zeichen der ID angeben." + _known(conferences))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ConferenceNotFound(
            f"Mehrere Konferenzen {kind}: {_describe(matches)}. Bitte die ID (die ersten "
            f"{MIN_PREFIX} Zeichen genügen) angeben.")
    raise ConferenceNotFound(f"Konferenz {text} ist nicht {where}." + _known(conferences))


def _known(conferences: list[Conference]) -> str:
    if not conferences:
        return " Das Register enthält noch keine Konferenz."
    newest = sorted(conferences, key=lambda c: (c.date, c.id), reverse=True)
    return f" Vorhanden (die neuesten zuerst): {_describe(newest)}."
