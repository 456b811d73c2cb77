"""Figures of the register for the annual report, with small groups suppressed.

A count of 1 or 2 (and a median over fewer than three findings) is shown as "<3": the report is
public, and a small group can point to a person in a small town. When a table has exactly one
such cell, the next smallest cell is shown as "x" too, so the hidden value cannot be worked out
from the total. A zero is shown: an empty group exposes nobody.

Years: conferences, presentations and findings count in the year of their conference;
"umgesetzt" counts findings whose status became ``umgesetzt`` in that year, and the time to it
runs from the conference that raised the finding to that change (from the history).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from kimtools import codes
from kimtools.findings.model import LEVELS, STATUSES, Finding, HistoryEntry
from kimtools.findings.register import Register

SMALL = 3
HIDDEN = "<3"
LOCKED = "x"
NOTE = (f"{HIDDEN}: weniger als {SMALL}, zum Schutz kleiner Gruppen nicht ausgewiesen; "
        f"{LOCKED}: gesperrt, damit sich ein verdeckter Wert nicht aus der Summe errechnen "
        "lässt; –: kein Wert.")


def show_count(count: int) -> str:
    return HIDDEN if 0 < count < SMALL else str(count)


def show_counts(counts: list[int]) -> list[str]:
    """Counts of one table column: small ones hidden, and one more if only one was hidden."""
    shown = [show_count(c) for c in counts]
    if shown.count(HIDDEN) == 1:
        others = [(c, i) for i, c in enumerate(counts) if c >= SMALL]
        if others:
            shown[min(others)[1]] = LOCKED
    return shown


def show_median(days: list[int]) -> str:
    if not days:
        return "–"
    if len(days) < SMALL:
        return HIDDEN
    return f"{statistics.median(days):.1f}".replace(".", ",").removesuffix(",0")


def done_dates(history: Iterable[HistoryEntry]) -> dict[str, dt.date]:
    """Date (local) on which each finding last became ``umgesetzt``."""
    done: dict[str, str] = {}
    for entry in history:
        if entry.field == "status" and entry.new == "umgesetzt":
            done[entry.finding_id] = max(entry.at, done.get(entry.finding_id, entry.at))
    return {key: dt.datetime.fromisoformat(at).astimezone().date() for key, at in done.items()}


@dataclass
class AnnualStats:
    """Display-ready tables (text cells, already suppressed) for the report and the CLI."""

    year: int | None
    summary: pd.DataFrame
    by_field: pd.DataFrame
    by_level: pd.DataFrame
    by_status: pd.DataFrame


def annual_stats(register: Register, year: int | None = None) -> AnnualStats:
    """Conferences, presented cases, findings by field, level and status, time to done."""
    conferences = {c.id: c for c in register.conferences()}

    def in_year(day: dt.date | None) -> bool:
        return day is not None and (year is None or day.year == year)

    held = [c for c in conferences.values() if in_year(c.date)]
    presentations = [p.case for c in held for p in c.cases]
    findings = register.findings()
    raised = [f for f in findings if in_year(conferences[f.conference_id].date)]
    finished = done_dates(register.history())
    days: dict[str, int] = {}
    for f in findings:
        if f.status == "umgesetzt" and f.id in finished and in_year(finished[f.id]):
            start = conferences[f.conference_id].date
            days[f.id] = max(0, (finished[f.id] - start).days)
    done = [f for f in findings if f.id in days]

    def table(label: str, keys: list[str], names: dict[str, str],
              key_of: Callable[[Finding], Iterable[str]], with_status: bool) -> pd.DataFrame:
        counts, done_counts, medians = defaultdict(int), defaultdict(int), defaultdict(list)
        for f in raised:
            for key in key_of(f):
                counts[key] += 1
        for f in done:
            for key in key_of(f):
                done_counts[key] += 1
                medians[key].append(days[f.id])
        data = {label: [names.get(k, k) for k in keys],
                "erhoben": show_counts([counts[k] for k in keys])}
        if with_status:
            data["umgesetzt"] = show_counts([done_counts[k] for k in keys])
            data["Median Tage bis umgesetzt"] = [show_median(medians[k]) for k in keys]
        return pd.DataFrame(data)

    used_fields = [code for code in codes.FIELDS
                   if any(code in f.fields for f in raised + done)]
    summary = pd.DataFrame({
        "Kennzahl": ["Planungskonferenzen", "Fallvorstellungen", "vorgestellte Fälle",
                     "Befunde erhoben", "Befunde umgesetzt", "Median Tage bis umgesetzt"],
        "Wert": [show_count(len(held)), show_count(len(presentations)),
                 show_count(len(set(presentations))), show_count(len(raised)),
                 show_count(len(done)), show_median(list(days.values()))],
    })
    return AnnualStats(
        year=year, summary=summary,
        by_field=table("Handlungsfeld", used_fields, codes.FIELDS, lambda f: f.fields, True),
        by_level=table("Ebene", list(LEVELS), {}, lambda f: [f.level], True),
        by_status=table("Status", list(STATUSES), {}, lambda f: [f.status], False))


def render_stats(stats: AnnualStats) -> str:
    """The statistics as German plain text."""
    title = (f"Befundregister – Jahr {stats.year}" if stats.year is not None
             else "Befundregister – alle Jahre")
    parts = [title, "", stats.summary.to_string(index=False, header=False)]
    for heading, frame in (("Nach Handlungsfeld (ein Befund kann mehrere haben)",
                            stats.by_field), ("Nach Ebene", stats.by_level),
                           ("Nach Status (aktueller Stand der erhobenen Befunde)",
                            stats.by_status)):
        parts += ["", heading,
                  frame.to_string(index=False) if not frame.empty else "keine Befunde"]
    parts += ["", NOTE]
    return "\n".join(parts)
