"""The coordination office's year from the register: conferences, presentations, findings.

Conferences, presentations and raised findings count in the year of their conference;
"umgesetzt" counts findings whose status became ``umgesetzt`` in the year, with the days from
the conference that raised them (as `kimtools findings stats` does).
"""

from __future__ import annotations

from kimtools.findings.model import LEVELS, STATUSES
from kimtools.findings.register import Register
from kimtools.findings.stats import done_dates
from kimtools.suppression import TOTAL, Table, count_table, show_count, show_median


def register_tables(register: Register, year: int) -> list[Table]:
    """Key figures, findings by level and status, and time to "umgesetzt" by level."""
    conferences = {c.id: c for c in register.conferences()}
    held = [c for c in conferences.values() if c.date.year == year]
    presented = [p.case for c in held for p in c.cases]
    findings = register.findings()
    raised = [f for f in findings if conferences[f.conference_id].date.year == year]
    finished = done_dates(register.history())
    days = {f.id: max(0, (finished[f.id] - conferences[f.conference_id].date).days)
            for f in findings
            if f.status == "umgesetzt" and f.id in finished and finished[f.id].year == year}

    levels, statuses = list(LEVELS), list(STATUSES)
    by_status = count_table(
        "Befunde nach Ebene und Status", "Ebene", [LEVELS[lv] for lv in levels], statuses,
        [[sum(1 for f in raised if f.level == lv and f.status == st) for st in statuses]
         for lv in levels],
        note="Im Jahr erhobene Befunde, Status am Tag des Berichts.")
    done = [f for f in findings if f.id in days]
    by_done = count_table("Umgesetzte Befunde nach Ebene", "Ebene",
                          [LEVELS[lv] for lv in levels], ["umgesetzt"],
                          [[sum(1 for f in done if f.level == lv)] for lv in levels],
                          note="Im Jahr umgesetzt, auch wenn in einem früheren Jahr erhoben; "
                               "Tage von der Konferenz bis zur Umsetzung.")
    by_done.header.append("Median Tage bis umgesetzt")
    for row, level in zip(by_done.rows, [*levels, TOTAL], strict=True):
        values = list(days.values()) if level == TOTAL else \
            [days[f.id] for f in done if f.level == level]
        row.append(show_median(values))
    by_done.chart = []
    summary = Table("Kennzahlen der Koordinierungsstelle", ["Kennzahl", "Wert"], [
        ["Planungskonferenzen", show_count(len(held))],
        ["Fallvorstellungen", show_count(len(presented))],
        ["vorgestellte Fälle (verschiedene)", show_count(len(set(presented)))],
        ["Befunde erhoben", by_status.rows[-1][-1]],
        ["Befunde umgesetzt", by_done.rows[-1][1]],
        ["Median Tage bis umgesetzt", by_done.rows[-1][2]],
    ])
    by_status.chart = [(st, int(cell)) for st, cell in
                       zip(statuses, by_status.rows[-1][1:-1], strict=True)
                       if cell.isdigit() and int(cell) > 0]
    return [summary, by_status, by_done]
