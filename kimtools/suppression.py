"""Small-group suppression for published figures (annual report), shared by both sides.

A count of 1 or 2 is shown as "< 3": the report goes to the council and the Land, and a small
group can point to a person in a small town. Where a table has totals, a hidden cell could be
worked out by subtraction when it is the only hidden cell of its row or column; then the
smallest other cell of that line is suppressed too ("x"), until no line has exactly one. A zero
is shown: an empty group exposes nobody. The code reads no data, so the privacy stage (caseload
figures) and the register side both use it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

SMALL = 3
HIDDEN = "< 3"
LOCKED = "x"
NONE = "–"
NOTE = (f"„{HIDDEN}“: weniger als {SMALL}, zum Schutz kleiner Gruppen nicht ausgewiesen; "
        f"„{LOCKED}“: gesperrt, damit sich ein verdeckter Wert nicht aus Summen errechnen "
        f"lässt; „{NONE}“: kein Wert.")
TOTAL = "Gesamt"


def show_count(count: int) -> str:
    return HIDDEN if 0 < count < SMALL else str(count)


def show_median(days: list[float]) -> str:
    """Median of at least three values (fewer could be one person's exact waiting time)."""
    if not days:
        return NONE
    if len(days) < SMALL:
        return HIDDEN
    return f"{statistics.median(days):.1f}".replace(".", ",").removesuffix(",0")


def suppress_grid(counts: list[list[int]], row_totals: bool, column_totals: bool
                  ) -> list[list[str]]:
    """Display cells of a count table, totals appended as last column/row where asked.

    Primary: every cell (totals included) between 1 and 2. Secondary: as long as some row or
    column (with its total) has exactly one suppressed cell, its smallest shown non-zero cell is
    suppressed as well, so no row or column difference gives a hidden value back.
    """
    grid = [list(row) for row in counts]
    if row_totals:
        grid = [row + [sum(row)] for row in grid]
    if column_totals and grid:
        grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    hidden = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if 0 < v < SMALL}
    locked: set[tuple[int, int]] = set()
    lines = []
    if row_totals:
        lines += [[(i, j) for j in range(len(grid[i]))] for i in range(len(grid))]
    if column_totals and grid:
        lines += [[(i, j) for i in range(len(grid))] for j in range(len(grid[0]))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if len([c for c in line if c in hidden or c in locked]) != 1:
                continue
            candidates = [(grid[i][j], (i, j)) for i, j in line
                          if (i, j) not in hidden and (i, j) not in locked and grid[i][j] > 0]
            if candidates:
                locked.add(min(candidates)[1])
                changed = True
    return [[HIDDEN if (i, j) in hidden else LOCKED if (i, j) in locked else str(v)
             for j, v in enumerate(row)] for i, row in enumerate(grid)]


@dataclass
class Table:
    """One published table: text cells only, already suppressed; `chart` holds the shown
    (unsuppressed) values of a one-column table for a bar chart."""

    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""
    chart: list[tuple[str, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows


def count_table(title: str, row_label: str, labels: list[str], columns: list[str],
                counts: list[list[int]], *, totals: bool = True, note: str = "") -> Table:
    """A count table with row and column totals (where it has more than one column)."""
    if not labels:
        return Table(title, [row_label, *columns], [], note)
    several = len(columns) > 1
    cells = suppress_grid(counts, row_totals=totals and several, column_totals=totals)
    names = list(labels) + ([TOTAL] if totals else [])
    header = [row_label, *columns] + ([TOTAL] if totals and several else [])
    rows = [[name, *row] for name, row in zip(names, cells, strict=True)]
    chart = [(name, int(row[0])) for name, row in zip(labels, cells, strict=False)
             if row[0].isdigit()] if not several else []
    return Table(title, header, rows, note, chart)
