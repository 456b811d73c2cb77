"""A case presented before: when, where, and what was found then, with its status now.

Participants compare packages of the same pseudonym across conferences anyway (DESIGN §4,
threat model); the presenter sees it first, from the register: the earlier conferences that
presented the pseudonym and the findings linked to it there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kimtools.findings.model import STATUSES, Conference, Finding
from kimtools.findings.register import Register


@dataclass
class EarlierPresentation:
    conference: Conference
    findings: list[Finding] = field(default_factory=list)

    def describe(self) -> list[str]:
        """German lines: the conference, then each finding with its status today."""
        where = self.conference.place or self.conference.municipality
        lines = [f"vorgestellt am {self.conference.date:%d.%m.%Y}"
                 + (f" ({where})" if where else "")]
        if not self.findings:
            lines.append("  damals kein Befund mit diesem Fall verknüpft")
        lines += [f"  Befund „{f.title}“ – Status heute: {STATUSES.get(f.status, f.status)}"
                  for f in self.findings]
        return lines


def earlier_presentations(register: Register, case: str, before: dt.date,
                          exclude: str | None = None) -> list[EarlierPresentation]:
    """Conferences before `before` that presented `case`, newest first, each with the findings
    raised there that name the case (their status as the register holds it now)."""
    conferences = [c for c in register.conferences()
                   if c.id != exclude and c.date < before
                   and any(p.case == case for p in c.cases)]
    if not conferences:
        return []
    linked = register.findings(case=case)
    return [EarlierPresentation(c, [f for f in linked if f.conference_id == c.id])
            for c in sorted(conferences, key=lambda c: c.date, reverse=True)]
