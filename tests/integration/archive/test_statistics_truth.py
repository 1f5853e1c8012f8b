"""Every published figure is true: recomputed from the published records, page, API and CSV say the same, and a
number hidden to protect another is never called "fewer than 5"."""

from __future__ import annotations

import csv
import io
import random
import re
from collections import Counter, defaultdict
from datetime import date

from panelrecords.services import statistics
from tests.integration.archive.open_data_records import decision, withdraw

OUTCOMES = ["agreed", "agreed_with_conditions", "deferred", "refused"]
PANELS = [("decision_to_assess", "assess"), ("issue_plan", "issue_plan"), ("placement", "placement")]
REASONS = ["sen_support_sufficient", "insufficient_evidence", "mainstream_suitable"]
APPEALS = [None, None, "awaiting", "overturned", "la_decision_upheld"]
TIMING = ["on_time", "on_time", "on_time", "late", "exception", "pending"]


def _publish_a_varied_archive() -> None:
    """About 150 decisions over four months: big counts beside small ones, so both kinds of hiding happen."""
    rng = random.Random(15)
    for month in (1, 2, 3, 4):
        for index in range(rng.randint(25, 45)):
            panel_kind, request_type = rng.choice(PANELS)
            outcome = "refused" if index % 3 == 0 else rng.choice(OUTCOMES)
            timed = request_type in ("assess", "issue_plan")
            decision(
                outcome=outcome,
                meeting_date=date(2026, month, rng.randint(1, 3) * 7),
                panel_kind=panel_kind,
                request_type=request_type,
                reasons=tuple(rng.sample(REASONS, rng.randint(1, 2))) if outcome == "refused" else (),
                parent_reps=rng.choice([0, 1, 2, 2, 3]),
                quorate=rng.random() > 0.2,
                timeliness=rng.choice(TIMING) if timed else None,
                days_late=rng.choice([3, 20, 35]),
                deadline_weeks=16 if request_type == "issue_plan" else 6,
                appeal=rng.choice(APPEALS) if outcome == "refused" else None,
            )
    # February: a big month where one outcome is small, so a number of 19 or so must be hidden to protect it.
    for _ in range(19):
        decision(outcome="refused", meeting_date=date(2026, 2, 23), reasons=("sen_support_sufficient",))
    decision(outcome="deferred", meeting_date=date(2026, 2, 23))
    withdraw(decision(outcome="agreed", meeting_date=date(2026, 3, 2)), reason="Could identify a family")


def _records(client) -> list[dict]:
    response = client.get("/search.csv?kind=decision")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _appeal_key(value: str) -> str:
    return value or "not_appealed"


def _timing(status: str) -> str:
    return status if status in ("on_time", "late", "exception") else "not_known"


def _crosstab(into: dict, figure: str, pairs: list[tuple[str, str]], *, column_totals: bool = True) -> None:
    """Counts of (row, column) with the row totals, column totals and grand total, as the statistics CSV names
    them."""
    counts = Counter(pairs)
    rows = {r for r, _c in pairs}
    columns = {c for _r, c in pairs}
    for (r, c), n in counts.items():
        into[figure][(r, c)] = n
    for r in rows:
        into[figure][(r, "total")] = sum(n for (row, _c), n in counts.items() if row == r)
    if column_totals:
        for c in columns:
            into[figure][("total", c)] = sum(n for (_r, column), n in counts.items() if column == c)
        into[figure][("total", "total")] = len(pairs)


def _recompute(records: list[dict]) -> dict[str, dict[tuple[str, str], int]]:
    """Every figure, worked out again from the records as the CSV download publishes them."""
    figures: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    figures["archive"][("decisions", "count")] = len(records)
    _crosstab(figures, "outcomes_by_month", [(r["meeting_date"][:7], r["outcome"]) for r in records])
    _crosstab(figures, "outcomes_by_panel", [(r["panel_kind"], r["outcome"]) for r in records])
    timed = [r for r in records if r["timeliness"]]
    _crosstab(figures, "timeliness", [(r["request_type"], _timing(r["timeliness"])) for r in timed])
    refusals = [r for r in records if r["outcome"] == "refused"]
    appeals = [("all", _appeal_key(r["appeal"])) for r in refusals]
    appeals += [(code, _appeal_key(r["appeal"])) for r in refusals for code in r["reason_codes"].split("; ") if code]
    _crosstab(figures, "appeal_outcomes", appeals, column_totals=False)
    figures["refusal_reasons"][("all", "refusals")] = len(refusals)
    for r in refusals:
        for code in r["reason_codes"].split("; "):
            figures["refusal_reasons"][(code, "refusals")] += 1
    meetings = {(r["meeting_date"], r["panel_kind"]): r for r in records}
    figures["archive"][("meetings", "count")] = len(meetings)
    _crosstab(
        figures,
        "parent_rep_attendance",
        [(m["panel_kind"], str(min(int(m["parent_reps_present"]), 3))) for m in meetings.values()],
    )
    quorate = {"yes": "quorate", "no": "not_quorate"}
    _crosstab(figures, "quorate_meetings", [(m["panel_kind"], quorate[m["quorate"]]) for m in meetings.values()])
    # The key measures.
    measures = figures["key_measures"]
    measures[("refused_share", "counted")] = len(refusals)
    measures[("refused_share", "out_of")] = len(records)
    for request_type in {r["request_type"] for r in timed}:
        mine = Counter(r["timeliness"] for r in timed if r["request_type"] == request_type)
        measures[(f"on_time_with_exceptions_{request_type}", "counted")] = mine["on_time"]
        measures[(f"on_time_with_exceptions_{request_type}", "out_of")] = (
            mine["on_time"] + mine["late"] + mine["exception"]
        )
        measures[(f"on_time_without_exceptions_{request_type}", "counted")] = mine["on_time"]
        measures[(f"on_time_without_exceptions_{request_type}", "out_of")] = mine["on_time"] + mine["late"]
    plans = [r for r in timed if r["request_type"] == "issue_plan"]
    within = sum(
        1 for r in plans if r["timeliness"] == "on_time" or (r["timeliness"] == "late" and int(r["days_late"]) <= 28)
    )
    plan_counts = Counter(r["timeliness"] for r in plans)
    for key, out_of in (
        ("with", plan_counts["on_time"] + plan_counts["late"] + plan_counts["exception"]),
        ("without", plan_counts["on_time"] + plan_counts["late"]),
    ):
        measures[(f"twenty_weeks_{key}_exceptions", "counted")] = within
        measures[(f"twenty_weeks_{key}_exceptions", "out_of")] = out_of
    return figures


def _lines(client) -> list[dict]:
    response = client.get("/statistics.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _text(line: dict) -> str:
    if line["hidden"] == "no":
        return f"{int(line['count']):,}"
    return "[c]" if line["why_hidden"] == "secondary" else "fewer than 5"


def test_every_published_figure_is_recomputed_from_the_published_records(app, db, client):
    _publish_a_varied_archive()
    expected = _recompute(_records(client))
    lines = [line for line in _lines(client) if line["figure"] != "withdrawals"]
    assert {line["figure"] for line in lines} >= {
        "archive",
        "key_measures",
        "outcomes_by_month",
        "outcomes_by_panel",
        "refusal_reasons",
        "parent_rep_attendance",
        "quorate_meetings",
        "timeliness",
        "appeal_outcomes",
    }
    shown = small = secondary = 0
    for line in lines:
        true = expected[line["figure"]].get((line["row_key"], line["column_key"]), 0)
        where = f"{line['figure']} {line['row_key']} {line['column_key']}"
        if line["hidden"] == "no":
            assert int(line["count"]) == true, where
            shown += 1
        elif line["why_hidden"] == "small":
            assert 0 < true < 5, where  # "fewer than 5" is only ever said of 1 to 4
            small += 1
        else:
            assert line["why_hidden"] == "secondary" and true >= 5, where
            secondary += 1
    assert shown > 100 and small > 5 and secondary > 3


def test_the_page_the_api_and_the_csv_publish_the_same_numbers(app, db, client):
    _publish_a_varied_archive()
    lines = _lines(client)
    api = client.get("/api/v1/statistics").get_json()
    html = client.get("/statistics").get_data(as_text=True)
    by_figure: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        by_figure[line["figure"]].append(line)
    for figure in api["figures"]:
        table = figure["table"]
        cells = []
        for row in table["rows"]:
            cells += row["cells"] + ([row["total"]] if row["total"] is not None else [])
        if table["column_totals"] is not None and table["rows"]:
            cells += table["column_totals"] + [table["total"]]
        csv_lines = by_figure[figure["key"]]
        assert len(cells) == len(csv_lines), figure["key"]
        for cell, line in zip(cells, csv_lines, strict=True):
            assert cell["count"] == (int(line["count"]) if line["count"] else None)
            assert cell["why"] == (line["why_hidden"] or None)
        # The page's table: its numbers, in the same order.
        caption = re.escape(f"{figure['title']}: data")
        table_html = re.search(rf"<caption[^>]*>\s*{caption}\s*</caption>(.*?)</table>", html, re.S)
        assert table_html, figure["key"]
        page_cells = [" ".join(c.split()) for c in re.findall(r"<td\b[^>]*>(.*?)</td>", table_html.group(1), re.S)]
        assert page_cells == [_text(line) for line in csv_lines], figure["key"]
    measures = {m["key"]: m for m in api["measures"]}
    for line in by_figure["key_measures"]:
        cell = measures[line["row_key"]][line["column_key"]]
        assert cell["count"] == (int(line["count"]) if line["count"] else None)
    for measure in statistics.compute().measures:
        shown = measure.counted.text + " of " + measure.out_of.text
        assert shown.replace("[", "&#91;") in html or shown in html


def test_a_number_hidden_to_protect_another_says_so_with_a_key(app, db, client):
    for _ in range(19):
        decision(outcome="refused", meeting_date=date(2026, 2, 9), reasons=("sen_support_sufficient",))
    decision(outcome="deferred", meeting_date=date(2026, 2, 9))
    for _ in range(12):
        decision(outcome="refused", meeting_date=date(2026, 3, 9), reasons=("sen_support_sufficient",))
    for _ in range(6):
        decision(outcome="deferred", meeting_date=date(2026, 3, 9))
    table = statistics.compute().outcomes_by_month.table
    february = [c for c in table.cells[0]]
    deferred, refused = february[2], february[3]
    assert deferred.text == "fewer than 5"
    assert refused.value == 19 and refused.suppressed and refused.text == "[c]" and refused.secondary
    html = client.get("/statistics").get_data(as_text=True)
    plain = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "[c] hidden so that another figure cannot be worked out: it may be any number, large or small" in plain
    assert "Key: “fewer than 5” is a count from 1 to 4. [c] is hidden so that another figure cannot be worked out" in (
        plain
    )
    data = client.get("/api/v1/statistics").get_json()
    row = next(f for f in data["figures"] if f["key"] == "outcomes_by_month")["table"]["rows"][0]
    assert row["cells"][3] == {"count": None, "suppressed": True, "why": "secondary"}
    assert row["cells"][2] == {"count": None, "suppressed": True, "why": "small"}
    assert "secondary" in data["suppression"]["why"]


def test_key_measures_give_the_refused_share_and_time_limits_with_and_without_exceptions(app, db, client):
    for _ in range(10):
        decision(outcome="refused", reasons=("a",), timeliness="on_time")
    for _ in range(30):
        decision(outcome="agreed", timeliness="on_time")
    for _ in range(6):
        decision(outcome="agreed", timeliness="late")
    for _ in range(8):
        decision(outcome="agreed", timeliness="exception")
    for days_late, count in ((10, 5), (40, 5)):
        for _ in range(count):
            decision(request_type="issue_plan", timeliness="late", days_late=days_late, deadline_weeks=16)
    for _ in range(20):
        decision(request_type="issue_plan", timeliness="on_time", deadline_weeks=16)
    measures = {m.key: m for m in statistics.compute().measures}
    assert measures["refused_share"].share == "12%"  # 10 of 84
    assert measures["on_time_with_exceptions_assess"].share == "74%"  # 40 of 54
    assert measures["on_time_without_exceptions_assess"].share == "87%"  # 40 of 46
    assert (
        measures["twenty_weeks_with_exceptions"].counted.value,
        measures["twenty_weeks_with_exceptions"].out_of.value,
    ) == (25, 30)
    assert measures["twenty_weeks_without_exceptions"].share == "83%"
    plain = " ".join(re.sub(r"<[^>]+>", " ", client.get("/statistics").get_data(as_text=True)).split())
    assert "Share of requests refused 12% 10 of 84" in plain
    assert "Department for Education" in plain and "Without exceptions" in plain


def test_a_share_that_would_tell_a_small_number_is_hidden(app, db):
    for _ in range(20):
        decision(outcome="agreed", timeliness="on_time")
    for _ in range(2):
        decision(outcome="agreed", timeliness="late")
    measure = {m.key: m for m in statistics.compute().measures}["on_time_without_exceptions_assess"]
    assert measure.counted.suppressed and measure.share_text == "hidden"
