"""Small-number suppression for published statistics: a tiny count about one panel in one month can identify a child.

Primary suppression: a count from 1 to ``THRESHOLD - 1`` is shown as "fewer than 5" (zero is shown: it names no
one). Secondary suppression: wherever a suppressed count could be worked out from the other numbers of a row or
column and its total, the next-smallest non-zero count of that row or column is suppressed too (or, when there is
none, the total itself), and this is repeated until no row or column has exactly one hidden number.

A count hidden by secondary suppression can be any size, so it is never called "fewer than 5": it is shown with
its own marker, ``[c]``, and every table that uses it carries the key (``SECONDARY_KEY``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from panelrecords.languages import N_

THRESHOLD = 5
SUPPRESSED_TEXT = f"fewer than {THRESHOLD}"
# Why a number is hidden, as the API and the CSV say it.
SMALL = "small"
SECONDARY = "secondary"
SECONDARY_MARKER = "[c]"
SECONDARY_TEXT = N_("hidden so that another figure cannot be worked out")
SECONDARY_KEY = f"{SECONDARY_MARKER} means {SECONDARY_TEXT}: it may be any number, large or small."


@dataclass
class Cell:
    value: int
    suppressed: bool = False
    secondary: bool = False  # hidden to protect another number, not because it is small

    @property
    def reason(self) -> str | None:
        """``None`` when shown, else ``SMALL`` or ``SECONDARY``."""
        if not self.suppressed:
            return None
        return SECONDARY if self.secondary else SMALL

    @property
    def text(self) -> str:
        if not self.suppressed:
            return f"{self.value:,}"
        return SECONDARY_MARKER if self.secondary else SUPPRESSED_TEXT

    @property
    def words(self) -> str:
        """The text spelled out, for a chart's description or a sentence."""
        return SECONDARY_TEXT if self.reason == SECONDARY else self.text

    def share_of(self, whole: Cell) -> str:
        """A percentage, or "" when either number is suppressed (a share would reveal the count)."""
        if self.suppressed or whole.suppressed or whole.value == 0:
            return ""
        return f"{round(100 * self.value / whole.value)}%"

    def __str__(self) -> str:
        return self.text


@dataclass
class Table:
    """A suppressed table: labelled rows and columns, with row totals and column totals when asked for."""

    rows: list[str]
    columns: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell] | None = None
    column_totals: list[Cell] | None = None
    total: Cell | None = None
    keys: list[str] = field(default_factory=list)  # machine keys of the rows (API, CSS-free charts)
    column_keys: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """For the JSON API: every number or ``null`` where suppressed, with the same labels."""

        def value(cell: Cell | None):
            if cell is None:
                return None
            return {"count": None if cell.suppressed else cell.value, "suppressed": cell.suppressed, "why": cell.reason}

        return {
            "columns": [
                {"key": k, "label": c} for k, c in zip(self.column_keys or self.columns, self.columns, strict=True)
            ],
            "rows": [
                {
                    "key": key,
                    "label": label,
                    "cells": [value(c) for c in cells],
                    "total": value(self.row_totals[i]) if self.row_totals else None,
                }
                for i, (key, label, cells) in enumerate(zip(self.keys or self.rows, self.rows, self.cells, strict=True))
            ],
            "column_totals": [value(c) for c in self.column_totals] if self.column_totals else None,
            "total": value(self.total),
        }

    @property
    def every_cell(self) -> list[Cell]:
        cells = [c for row in self.cells for c in row]
        cells += list(self.row_totals or []) + list(self.column_totals or [])
        return cells + ([self.total] if self.total else [])

    @property
    def has_secondary(self) -> bool:
        return any(c.secondary for c in self.every_cell)

    @property
    def has_small(self) -> bool:
        return any(c.reason == SMALL for c in self.every_cell)


def is_small(value: int, threshold: int = THRESHOLD) -> bool:
    return 0 < value < threshold


def suppress_counts(values: list[int], threshold: int = THRESHOLD) -> list[Cell]:
    """Primary suppression only: for counts that do not add up to a published total (a refusal can give several
    reasons, so counts by reason overlap)."""
    return [Cell(v, is_small(v, threshold)) for v in values]


def _lines(height: int, breadth: int, *, row_totals: bool, column_totals: bool) -> list[list[tuple[int, int]]]:
    """The published sums, as lists of (row, column) whose last member is the total of the others."""
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(breadth)] for r in range(height)]
    if column_totals:
        lines += [[(r, c) for r in range(height)] for c in range(breadth)]
    return lines


def _protect(grid: list[list[int]], hidden: list[list[bool]], lines: list[list[tuple[int, int]]]) -> None:
    """Secondary suppression: hide more until no published sum has exactly one hidden number."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[r][c] for r, c in line) != 1:
                continue
            parts, total = line[:-1], line[-1]
            candidates = [(grid[r][c], r, c) for r, c in parts if not hidden[r][c] and grid[r][c] > 0]
            r, c = min(candidates)[1:] if candidates else total
            if not hidden[r][c]:
                hidden[r][c] = True
                changed = True


def suppress_table(
    counts: list[list[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    threshold: int = THRESHOLD,
) -> tuple[list[list[Cell]], list[Cell] | None, list[Cell] | None, Cell | None]:
    """Suppress a table of additive counts and the totals shown with it.

    Returns (cells, row totals, column totals, grand total); totals are ``None`` when not asked for. Each
    published total adds a constraint "these numbers add up to that one"; a constraint with exactly one hidden
    number would reveal it, so another is hidden until none has exactly one.
    """
    if any(v < 0 for row in counts for v in row):
        raise ValueError("counts cannot be negative")
    width = len(counts[0]) if counts else 0
    if any(len(row) != width for row in counts):
        raise ValueError("every row needs the same number of columns")
    if not counts or not width:
        both = row_totals and column_totals
        return (
            [[] for _ in counts],
            [Cell(0) for _ in counts] if row_totals else None,
            [] if column_totals else None,
            Cell(0) if both else None,
        )
    # One grid with the margins: grid[r][c]; the last row and column hold totals when shown.
    grid = [list(row) for row in counts]
    if row_totals:
        for row in grid:
            row.append(sum(row))
    if column_totals:
        grid.append([sum(row[c] for row in grid) for c in range(len(grid[0]))] if grid else [])
    height, breadth = len(grid), len(grid[0]) if grid else 0
    hidden = [[is_small(v, threshold) for v in row] for row in grid]

    _protect(grid, hidden, _lines(height, breadth, row_totals=row_totals, column_totals=column_totals))

    def cell(r: int, c: int) -> Cell:
        return Cell(grid[r][c], hidden[r][c], secondary=hidden[r][c] and not is_small(grid[r][c], threshold))

    cells = [[cell(r, c) for c in range(width)] for r in range(len(counts))]
    rows_out = [cell(r, width) for r in range(len(counts))] if row_totals else None
    columns_out = [cell(height - 1, c) for c in range(width)] if column_totals else None
    grand = cell(height - 1, breadth - 1) if row_totals and column_totals else None
    return cells, rows_out, columns_out, grand


def table(
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    counts: list[list[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
) -> Table:
    """A suppressed ``Table`` from (key, label) rows and columns and their counts."""
    cells, row_sums, column_sums, total = suppress_table(counts, row_totals=row_totals, column_totals=column_totals)
    return Table(
        rows=[label for _key, label in rows],
        columns=[label for _key, label in columns],
        cells=cells,
        row_totals=row_sums,
        column_totals=column_sums,
        total=total,
        keys=[key for key, _label in rows],
        column_keys=[key for key, _label in columns],
    )
