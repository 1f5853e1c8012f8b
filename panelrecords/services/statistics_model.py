"""The shapes of the statistics: figures, bars, rows of reasons, and the published decision facts they count."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from panelrecords.languages import N_, Phrase
from panelrecords.services.suppression import SECONDARY_KEY, THRESHOLD, Cell, Table

# A reason code given in this share of refusals (or more) is highlighted as a possible blanket policy.
BLANKET_POLICY_SHARE = 0.40
# ... but only once there are enough refusals for a share to mean something.
BLANKET_POLICY_MIN_REFUSALS = 10


@dataclass
class Bar:
    label: str
    cell: Cell


@dataclass
class Figure:
    key: str
    title: str
    method: str
    table: Table
    chart: list[Bar] = field(default_factory=list)
    chart_title: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "method": self.method,
            "notes": self.notes,
            "table": self.table.as_dict(),
        }


@dataclass
class ReasonRow:
    code: str
    label: str
    refusals: Cell
    share: str
    possible_blanket_policy: bool


@dataclass
class Reasons:
    method: str
    refusals: Cell
    rows: list[ReasonRow]
    chart: list[Bar]

    @property
    def flagged(self) -> list[ReasonRow]:
        return [row for row in self.rows if row.possible_blanket_policy]

    def as_dict(self) -> dict:
        return {
            "key": "refusal_reasons",
            "title": "Reasons given for refusals",
            "method": self.method,
            "blanket_policy_share": BLANKET_POLICY_SHARE,
            "refusals": count_json(self.refusals),
            "rows": [
                {
                    "key": r.code,
                    "label": r.label,
                    "refusals": count_json(r.refusals),
                    "share": r.share or None,
                    "possible_blanket_policy": r.possible_blanket_policy,
                }
                for r in self.rows
            ],
        }


def count_json(cell: Cell) -> dict:
    return {"count": None if cell.suppressed else cell.value, "suppressed": cell.suppressed, "why": cell.reason}


@dataclass
class Measure:
    """One share a family asks about first: ``counted`` of ``out_of``, with how it is worked out."""

    key: str
    title: str
    method: str
    counted: Cell
    out_of: Cell

    @property
    def share(self) -> str:
        return self.counted.share_of(self.out_of)

    @property
    def share_text(self) -> str:
        if self.counted.suppressed or self.out_of.suppressed:
            # TRANSLATORS: in place of a share of decisions that is hidden to protect a child: the same word as
            # "hidden" in "Key: “hidden” and [c] mean a number hidden…".
            return N_("hidden")
        # TRANSLATORS: in place of a share when no decision has been published yet.
        return self.share or N_("no decisions yet")

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "method": self.method,
            "counted": count_json(self.counted),
            "out_of": count_json(self.out_of),
            "share": self.share or None,
        }


@dataclass
class PublishedDecision:
    month: str
    panel_kind: str
    panel_label: str
    outcome: str
    request_type: str
    request_label: str
    reasons: list[tuple[str, str]]
    facts: dict


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{date(int(year), int(number), 1):%B %Y}"


def crosstab(decisions, row_of, columns, column_of, labels) -> tuple[list[tuple[str, str]], list[list[int]]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in decisions:
        counts[row_of(d)][column_of(d)] += 1
    rows = sorted(counts)
    return [(r, labels.get(r, r)) for r in rows], [[counts[r][c] for c, _label in columns] for r in rows]


@dataclass
class Statistics:
    decisions: Cell
    first_month: str | None
    last_month: str | None
    outcomes_by_month: Figure
    outcomes_by_panel: Figure
    reasons: Reasons
    parent_reps: Figure
    quorate: Figure
    timeliness: Figure
    appeals: Figure
    withdrawals: Figure
    below_required_reps: Cell
    meetings: Cell
    measures: list[Measure] = field(default_factory=list)

    @property
    def figures(self) -> list[Figure]:
        return [
            self.outcomes_by_month,
            self.outcomes_by_panel,
            self.parent_reps,
            self.quorate,
            self.timeliness,
            self.appeals,
            self.withdrawals,
        ]

    def as_dict(self) -> dict:
        return {
            "suppression": {
                "threshold": THRESHOLD,
                "method": SUPPRESSION_METHOD,
                "why": {
                    "small": f"a count from 1 to {THRESHOLD - 1}",
                    "secondary": SECONDARY_KEY,
                },
            },
            "measures": [measure.as_dict() for measure in self.measures],
            "decisions": count_json(self.decisions),
            "meetings": count_json(self.meetings),
            "first_month": self.first_month,
            "last_month": self.last_month,
            "refusal_reasons": self.reasons.as_dict(),
            "figures": [figure.as_dict() for figure in self.figures],
        }


CSV_HEADER = ["figure", "row_key", "row", "column_key", "column", "count", "hidden", "why_hidden"]


def _table_lines(key: str, table: Table) -> list[tuple]:
    lines = []
    column_keys = table.column_keys or table.columns
    row_keys = table.keys or table.rows
    for index, (row_key, row) in enumerate(zip(row_keys, table.rows, strict=True)):
        for column_key, column, cell in zip(column_keys, table.columns, table.cells[index], strict=True):
            lines.append((key, row_key, row, column_key, column, cell))
        if table.row_totals is not None:
            lines.append((key, row_key, row, "total", "Total", table.row_totals[index]))
    if table.column_totals is not None and table.rows:
        for column_key, column, cell in zip(column_keys, table.columns, table.column_totals, strict=True):
            lines.append((key, "total", "Total", column_key, column, cell))
        if table.total is not None:
            lines.append((key, "total", "Total", "total", "Total", table.total))
    return lines


def figure_lines(statistics: Statistics) -> list[tuple]:
    """Every published number as (figure, row key, row, column key, column, cell), in the page's order."""
    lines: list[tuple] = [
        ("archive", "decisions", "Published decisions", "count", "Count", statistics.decisions),
        ("archive", "meetings", "Panel meetings", "count", "Count", statistics.meetings),
    ]
    for m in statistics.measures:
        lines.append(("key_measures", m.key, m.title, "counted", "Counted", m.counted))
        lines.append(("key_measures", m.key, m.title, "out_of", "Out of", m.out_of))
    for figure in statistics.figures[:2]:
        lines += _table_lines(figure.key, figure.table)
    reasons = statistics.reasons
    lines.append(("refusal_reasons", "all", "All refusals", "refusals", "Refusals", reasons.refusals))
    for row in reasons.rows:
        lines.append(("refusal_reasons", row.code, row.label, "refusals", "Refusals", row.refusals))
    for figure in statistics.figures[2:]:
        lines += _table_lines(figure.key, figure.table)
    return lines


def to_csv(statistics: Statistics) -> str:
    """The statistics as CSV, one number a line: a hidden number has an empty count and says why it is hidden."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for figure, row_key, row, column_key, column, cell in figure_lines(statistics):
        count = "" if cell.suppressed else cell.value
        writer.writerow([figure, row_key, row, column_key, column, count, "yes" if cell.suppressed else "no",
                         cell.reason or ""])  # fmt: skip
    return out.getvalue()


SUPPRESSION_METHOD = Phrase(
    # TRANSLATORS: keep “fewer than %(threshold)s” and [c] as the statistics page's key writes them.
    N_(
        "A count from 1 to %(largest)s is shown as “fewer than %(threshold)s”, because a very small number about one "
        "panel in one month could help someone identify a child. Where the hidden number could be worked out from a "
        "total, the next smallest number in the same row or column is hidden too and shown as [c]: that number is "
        "hidden so that another figure cannot be worked out, and it may be any size."
    ),
    largest=THRESHOLD - 1,
    threshold=THRESHOLD,
)
