"""Small-number suppression: no count from 1 to 4 is shown, and no hidden count can be worked out from totals."""

from __future__ import annotations

import itertools
import random

import pytest

from panelrecords.services.suppression import SUPPRESSED_TEXT, Cell, suppress_counts, suppress_table, table


def _hidden(cells):
    return [[c.suppressed for c in row] for row in cells]


def _assert_safe(counts, cells, row_totals, column_totals, total):
    """Every rule at once: small counts hidden; no published sum with exactly one hidden number."""
    for row, out in zip(counts, cells, strict=True):
        for value, cell in zip(row, out, strict=True):
            assert cell.value == value
            if 0 < value < 5:
                assert cell.suppressed and cell.text == SUPPRESSED_TEXT
            if value == 0:
                assert not cell.suppressed and cell.text == "0"
    if row_totals is not None:
        for out, total_cell in zip(cells, row_totals, strict=True):
            assert sum(c.suppressed for c in [*out, total_cell]) != 1
    if column_totals is not None:
        for c, total_cell in enumerate(column_totals):
            assert sum(row[c].suppressed for row in cells) + total_cell.suppressed != 1
    if row_totals is not None and column_totals is not None:
        assert sum(c.suppressed for c in [*row_totals, total]) != 1
        assert sum(c.suppressed for c in [*column_totals, total]) != 1


def test_counts_of_five_or_more_and_zero_are_shown():
    cells, rows, columns, total = suppress_table([[5, 0], [12, 30]])
    assert [[c.text for c in row] for row in cells] == [["5", "0"], ["12", "30"]]
    assert [c.text for c in rows] == ["5", "42"] and [c.text for c in columns] == ["17", "30"]
    assert total.text == "47"


@pytest.mark.parametrize("small", [1, 2, 3, 4])
def test_each_count_from_one_to_four_reads_fewer_than_five(small):
    assert suppress_counts([small, 5, 0]) == [Cell(small, True), Cell(5, False), Cell(0, False)]
    assert str(suppress_counts([small])[0]) == "fewer than 5"


def test_one_small_cell_in_a_row_hides_the_next_smallest_of_that_row():
    # Without secondary suppression, 3 = 40 - 30 - 7 could be worked out from the row total.
    cells, rows, _columns, _total = suppress_table([[30, 3, 7]], column_totals=False)
    assert _hidden(cells) == [[False, True, True]]  # 7 is the next smallest
    assert not rows[0].suppressed and rows[0].text == "40"


def test_one_small_cell_in_a_column_hides_the_next_smallest_of_that_column():
    cells, _rows, columns, _total = suppress_table([[30], [2], [9], [11]], row_totals=False)
    assert _hidden(cells) == [[False], [True], [True], [False]]
    assert not columns[0].suppressed


def test_secondary_suppression_spreads_until_no_sum_has_one_hidden_number():
    counts = [[20, 2, 15], [18, 25, 30], [40, 12, 50]]
    cells, rows, columns, total = suppress_table(counts)
    _assert_safe(counts, cells, rows, columns, total)
    # 2 hides 15 in its row and 12 in its column; then column 3 and row 3 need one more each.
    assert cells[0][1].suppressed and cells[0][2].suppressed and cells[2][1].suppressed
    assert sum(c.suppressed for row in cells for c in row) >= 4


def test_when_no_other_number_can_hide_it_the_total_is_hidden():
    cells, rows, columns, total = suppress_table([[3, 0, 0], [10, 20, 30]])
    assert cells[0][0].suppressed
    # Row 1 has only zeros beside the 3: its total (3) is small and hidden too.
    assert rows[0].suppressed
    _assert_safe([[3, 0, 0], [10, 20, 30]], cells, rows, columns, total)


def test_a_small_total_is_hidden_and_protected():
    counts = [[1, 2], [30, 40]]
    cells, rows, columns, total = suppress_table(counts)
    assert rows[0].suppressed and rows[0].text == SUPPRESSED_TEXT
    _assert_safe(counts, cells, rows, columns, total)


def test_totals_are_the_sums_even_when_hidden():
    cells, rows, columns, total = suppress_table([[1, 9], [6, 7]])
    assert [c.value for c in rows] == [10, 13] and [c.value for c in columns] == [7, 16] and total.value == 23


def test_empty_and_all_zero_tables():
    assert suppress_table([]) == ([], [], [], Cell(0))
    cells, rows, columns, total = suppress_table([[0, 0], [0, 0]])
    assert not any(c.suppressed for row in cells for c in [*row]) and total.text == "0"


def test_bad_tables_are_refused():
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress_table([[-1]])


def test_shares_are_not_shown_for_hidden_numbers():
    assert Cell(40).share_of(Cell(100)) == "40%"
    assert Cell(3, True).share_of(Cell(100)) == ""
    assert Cell(40).share_of(Cell(3, True)) == ""
    assert Cell(0).share_of(Cell(0)) == ""


def test_table_keeps_labels_and_keys_and_serialises_hidden_counts_as_null():
    result = table([("a", "Row A"), ("b", "Row B")], [("x", "X"), ("y", "Y")], [[2, 10], [20, 30]])
    data = result.as_dict()
    assert [r["key"] for r in data["rows"]] == ["a", "b"] and [c["label"] for c in data["columns"]] == ["X", "Y"]
    assert data["rows"][0]["cells"][0] == {"count": None, "suppressed": True, "why": "small"}
    assert data["total"] == {"count": 62, "suppressed": False, "why": None}
    # No suppressed number appears anywhere in the data.
    assert "2," not in str(data["rows"][0]["cells"])


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_reveal_a_hidden_count(seed):
    rng = random.Random(seed)
    height, width = rng.randint(1, 6), rng.randint(1, 6)
    counts = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 40]) for _ in range(width)] for _ in range(height)]
    for row_totals, column_totals in itertools.product([True, False], repeat=2):
        cells, rows, columns, total = suppress_table(counts, row_totals=row_totals, column_totals=column_totals)
        _assert_safe(counts, cells, rows, columns, total)
