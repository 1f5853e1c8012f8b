"""CSV of a search: every matching current record, a documented column set, and no formula injection."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest

from panelrecords.services import open_data
from tests.integration.archive.open_data_records import decision, minutes, withdraw


def page_text(response) -> str:
    return response.get_data(as_text=True)


def _rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Set-Cookie" not in response.headers
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_has_every_matching_current_record_with_the_documented_columns(app, db, client):
    refused = [decision(outcome="refused", reasons=("a", "b"), meeting_date=date(2026, 1, 1 + i)) for i in range(12)]
    decision(outcome="agreed")
    withdraw(refused[0])
    response = client.get("/search.csv?outcome=refused")
    rows = _rows(response)
    assert len(rows) == 11 and response.headers["X-Total-Count"] == "11" and "X-Truncated" not in response.headers
    assert {r["id"] for r in rows} == {r.public_id for r in refused[1:]}
    assert list(rows[0]) == [name for name, _description, _applies in open_data.dictionary()]
    assert rows[0]["reason_codes"] == "a; b" and rows[0]["outcome"] == "refused" and rows[0]["quorate"] == "yes"
    assert rows[0]["url"].endswith(f"/decisions/{rows[0]['id']}")
    assert response.headers["ETag"] and "public" in response.headers["Cache-Control"]


def test_csv_ignores_the_page_and_is_capped(app, db, client, monkeypatch):
    for i in range(6):
        decision(meeting_date=date(2026, 1, 1 + i))
    assert len(_rows(client.get("/search.csv?page=2"))) == 6
    monkeypatch.setattr(open_data, "CSV_MAX_ROWS", 4)
    response = client.get("/search.csv")
    assert len(_rows(response)) == 4 and response.headers["X-Truncated"] == "first 4 of 6 records"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(start):
    assert open_data.safe_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert open_data.safe_cell("2026-01-01") == "2026-01-01" and open_data.safe_cell(None) == ""


def test_a_formula_in_a_record_is_neutralised_in_the_download(app, db, client):
    decision(summary='=HYPERLINK("http://evil.example","click")', title="@SUM(1+1)")
    row = _rows(client.get("/search.csv"))[0]
    assert row["summary"] == '\'=HYPERLINK("http://evil.example","click")' and row["title"] == "'@SUM(1+1)"


def test_minutes_rows_fill_the_board_columns(app, db, client):
    record = minutes(board="SIB")
    row = _rows(client.get("/search.csv?kind=minutes"))[0]
    assert row["id"] == record.public_id and row["board"] == "SIB" and row["outcome"] == "" and row["appeal"] == ""


def test_bad_search_parameters_answer_400(app, db, client):
    decision()
    assert client.get("/search.csv?outcome=granted").status_code == 400
    assert client.get("/search.csv?from=2026-13-01").status_code == 400
    assert client.get("/search.csv", environ_overrides={"QUERY_STRING": "q=%FF"}).status_code == 400


def test_the_field_dictionary_describes_every_column(app, client):
    response = client.get("/data/fields")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    cells = [
        html.unescape(" ".join(c.split()))
        for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", page_text(response), re.S)
    ]
    for name, description, _applies in open_data.dictionary():
        assert name in cells and description in cells
    assert "5,000 records" in page_text(response)


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"outcome": ["refused"]},
        {"reason": ["a", "c"]},
        {"year": ["2026"], "panel_kind": ["placement"]},
        {"from": ["2026-01-05"], "to": ["2026-02-20"], "sort": ["oldest"]},
        {"kind": ["decision"], "outcome": ["agreed", "deferred"], "sort": ["newest"]},
        {"kind": ["minutes"]},
    ],
)
def test_without_words_the_download_matches_the_search_backend_exactly(app, db, args):
    """The CSV filters the published table itself when there are no search words: same records, same order."""
    from dataclasses import replace

    from werkzeug.datastructures import MultiDict

    from panelrecords.services import archive

    outcomes, kinds = ["agreed", "refused", "deferred"], ["decision_to_assess", "placement"]
    for i in range(24):
        day = date(2025 + i % 2, 1 + i % 3, 5 + i)
        decision(outcome=outcomes[i % 3], panel_kind=kinds[i % 2], meeting_date=day, reasons=(("a", "b", "c")[i % 3],))
    decision(meeting_date=date(2026, 1, 5))  # the same day as another: ordered by publication time, then id
    minutes(meeting_date=date(2026, 2, 1))
    withdraw(decision(outcome="refused", reasons=("a",)))
    request = replace(archive.parse_request(MultiDict(args)), page_size=500)
    from_index = [hit.public_id for hit in archive.run(request).hits]
    assert from_index
    assert [r.public_id for r in open_data.filtered(request)] == from_index
