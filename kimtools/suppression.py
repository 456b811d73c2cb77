"""Small-group suppression for published figures (annual report), shared by both sides.

A count of 1 or 2 is shown as "< 3": the report goes to the council and the Land, and a small
group can point to a person in a small town. Where a table has totals, a hidden cell could be
worked out from the others by subtraction; then further cells of that row or column are locked
("x", any value) until none can. A zero is shown (an empty group exposes nobody) unless it
has to be locked. The code reads no data, so the privacy stage (caseload figures) and the
register side both use it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

SMALL = 3
HIDDEN = "< 3"
LOCKED = "x"
NONE = "–"
NOTE = (f"„{HIDDEN}“: weniger als {SMALL}, zum Schutz kleiner Gruppen nicht ausgewiesen; "
        f"„{LOCKED}“: gesperrt (beliebiger Wert), damit sich ein verdeckter Wert nicht aus "
        f"Summen errechnen lässt; „{NONE}“: kein Wert.")
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

    Primary: every cell between 1 and 2 ("< 3"; a total so small is locked). Secondary: as
    long as a reader could work out a hidden value from the shown cells and the sums of rows
    and columns (a hidden cell alone in its row, two hidden cells that must both be 1 …), one
    more cell of that line is locked: the smallest shown non-zero cell, else any shown cell.
    """
    grid = [list(row) for row in counts]
    if row_totals:
        grid = [row + [sum(row)] for row in grid]
    if column_totals and grid:
        grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    lines: list[tuple[list[tuple[int, int]], tuple[int, int]]] = []
    if row_totals:
        lines += [([(i, j) for j in range(len(grid[i]) - 1)], (i, len(grid[i]) - 1))
                  for i in range(len(grid))]
    if column_totals and grid:
        lines += [([(i, j) for i in range(len(grid) - 1)], (len(grid) - 1, j))
                  for j in range(len(grid[0]))]
    totals = {total for _, total in lines}
    small = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if 0 < v < SMALL}
    # A small total is locked, not shown as "< 3": capped at 2, it would give its cells away.
    hidden, locked = small - totals, small & totals
    while True:
        exposed = _determined(grid, lines, hidden, locked)
        if not exposed:
            break
        lock = _lock_for(grid, lines, exposed, hidden | locked)
        if lock is None:
            break
        locked.add(lock)
    return [[HIDDEN if (i, j) in hidden else LOCKED if (i, j) in locked else str(v)
             for j, v in enumerate(row)] for i, row in enumerate(grid)]


def _determined(grid, lines, hidden, locked) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the table: bounds propagated along the lines
    (hidden 1..2, locked 0..any, shown exact) until nothing changes."""
    unbounded = 10 ** 12
    bounds = {(i, j): (v, v) for i, row in enumerate(grid) for j, v in enumerate(row)}
    bounds.update({cell: (1, 2) for cell in hidden})
    bounds.update({cell: (0, unbounded) for cell in locked})
    for _ in range(1000):  # bounds only tighten; a table settles in a few rounds
        changed = False
        for interior, total in lines:
            low_sum = sum(bounds[c][0] for c in interior)
            high_sum = sum(bounds[c][1] for c in interior)
            low, high = bounds[total]
            new = (max(low, low_sum), min(high, high_sum))
            if new != bounds[total]:
                bounds[total], changed = new, True
            for cell in interior:
                lo, hi = bounds[cell]
                new = (max(lo, bounds[total][0] - (high_sum - hi)),
                       min(hi, bounds[total][1] - (low_sum - lo)))
                if new != (lo, hi):
                    bounds[cell], changed = new, True
                    low_sum += new[0] - lo
                    high_sum += new[1] - hi
        if not changed:
            break
    return sorted(cell for cell in hidden if bounds[cell][0] == bounds[cell][1])


def _lock_for(grid, lines, exposed, suppressed):
    """The cell to lock next: among the lines through exposed cells, in the one with the
    fewest suppressed cells (the one that gives a value away first), the smallest shown
    non-zero cell; else a shown zero or total; None when all those lines are suppressed."""
    exposed = set(exposed)
    through = sorted((interior + [total] for interior, total in lines
                      if exposed & {*interior, total}),
                     key=lambda line: sum(c in suppressed for c in line))
    for line in through:
        shown = [(grid[i][j], (i, j)) for i, j in line
                 if (i, j) not in suppressed and grid[i][j] > 0]
        if shown:
            return min(shown)[1]
    shown = [(grid[i][j], (i, j)) for line in through for i, j in line
             if (i, j) not in suppressed]
    return min(shown)[1] if shown else None


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
