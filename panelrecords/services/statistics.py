"""Statistics about panel decisions, computed from the published records only (never a restricted table).

Every figure counts the current version of each published decision that has not been withdrawn; withdrawals
are counted on their own. Counts from 1 to 4 are suppressed (``suppression``). Each figure carries its method
in plain words, so the page and the API say exactly how a number was made.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict, defaultdict
from statistics import median

from sqlalchemy import select

from panelrecords.extensions import db
from panelrecords.languages import N_, Phrase
from panelrecords.models.facts import decision_facts
from panelrecords.models.published import PublishedRecord
from panelrecords.services import archive
from panelrecords.services.common import today
from panelrecords.services.statistics_model import (
    BLANKET_POLICY_MIN_REFUSALS,
    BLANKET_POLICY_SHARE,
    SUPPRESSION_METHOD,
    Bar,
    Figure,
    Measure,
    PublishedDecision,
    ReasonRow,
    Reasons,
    Statistics,
    crosstab,
    month_label,
    to_csv,
)
from panelrecords.services.suppression import THRESHOLD, Cell, Table, is_small, suppress_counts, table

__all__ = ["BLANKET_POLICY_SHARE", "SUPPRESSION_METHOD", "Statistics", "appeal_status", "compute", "to_csv"]

OUTCOMES = [
    ("agreed", N_("Agreed")),
    ("agreed_with_conditions", N_("Agreed with conditions")),
    ("deferred", N_("Deferred")),
    ("refused", N_("Refused")),
]
TIMELINESS = [
    ("on_time", N_("On time")),
    ("late", N_("Late")),
    ("exception", N_("Exception applied")),
    ("not_known", N_("Not known")),
]
APPEALS = [
    ("not_appealed", N_("No appeal recorded")),
    ("awaiting", N_("Appeal lodged, outcome awaited")),
    ("la_decision_upheld", N_("Council's decision upheld")),
    ("overturned", N_("Overturned by the tribunal")),
    ("conceded_before_hearing", N_("Conceded before the hearing")),
    ("withdrawn", N_("Appeal withdrawn")),
]
_APPEAL_LABELS = {
    "local authority's decision upheld": "la_decision_upheld",
    "la decision upheld": "la_decision_upheld",
    "overturned": "overturned",
    "conceded before the hearing": "conceded_before_hearing",
    "conceded before hearing": "conceded_before_hearing",
    "withdrawn": "withdrawn",
}
PARENT_REP_COLUMNS = [
    ("0", N_("None present")),
    ("1", N_("1 present")),
    ("2", N_("2 present")),
    ("3", N_("3 or more present")),
]


def _rows() -> list[PublishedDecision]:
    rows = db.session.execute(
        select(
            PublishedRecord.facts,
            PublishedRecord.meeting_date,
            PublishedRecord.panel_kind,
            PublishedRecord.outcome,
            PublishedRecord.request_type,
        ).where(
            PublishedRecord.kind == "decision",
            PublishedRecord.is_current,
            PublishedRecord.withdrawn_at.is_(None),
        )
    )
    found = []
    for facts, meeting_date, panel_kind, outcome, request_type in rows:
        facts = facts or {}
        typed = decision_facts(facts, outcome=outcome, request_type=request_type)  # every stored shape
        reasons = [(r.code, r.label) for r in typed.reason_codes]
        found.append(
            PublishedDecision(
                month=meeting_date.strftime("%Y-%m") if meeting_date else "unknown",
                panel_kind=panel_kind or "other",
                panel_label=typed.panel_kind_label if panel_kind else "Other",
                outcome=outcome or "unknown",
                request_type=request_type or "other",
                request_label=typed.request_type_label if request_type else "Other",
                reasons=reasons,
                facts=facts,
            )
        )
    return found


def _outcome_columns(decisions: list[PublishedDecision]) -> list[tuple[str, str]]:
    known = [key for key, _label in OUTCOMES]
    extra = sorted({d.outcome for d in decisions} - set(known))
    return OUTCOMES + [(key, key.replace("_", " ").capitalize()) for key in extra]


def _outcomes_by_month(decisions: list[PublishedDecision]) -> Figure:
    columns = _outcome_columns(decisions)
    months = {d.month: month_label(d.month) if d.month != "unknown" else N_("Date not known") for d in decisions}
    rows, counts = crosstab(decisions, lambda d: d.month, columns, lambda d: d.outcome, months)
    result = table(rows, columns, counts)
    return Figure(
        key="outcomes_by_month",
        title=N_("Outcomes by month"),
        method=N_(
            "Each published decision is counted once, in the month of the panel meeting that made it, under "
            "its outcome. Decisions that were withdrawn are not counted; corrected decisions are counted once, as "
            "corrected."
        ),
        table=result,
        chart=[Bar(label, total) for label, total in zip(result.rows, result.row_totals or [], strict=True)],
        chart_title=N_("Decisions published, by month of the meeting"),
    )


def _outcomes_by_panel(decisions: list[PublishedDecision]) -> Figure:
    columns = _outcome_columns(decisions)
    labels = {d.panel_kind: d.panel_label for d in decisions}
    rows, counts = crosstab(decisions, lambda d: d.panel_kind, columns, lambda d: d.outcome, labels)
    rows_counts = sorted(zip(rows, counts, strict=True), key=lambda item: item[0][1])
    result = table([r for r, _c in rows_counts], columns, [c for _r, c in rows_counts])
    refused = [i for i, (key, _label) in enumerate(columns) if key == "refused"]
    chart = (
        [Bar(label, cells[refused[0]]) for label, cells in zip(result.rows, result.cells, strict=True)]
        if refused
        else []
    )
    return Figure(
        key="outcomes_by_panel",
        title=N_("Outcomes by kind of panel"),
        method=N_("Each published decision is counted once, under the kind of panel that made it and its outcome."),
        table=result,
        chart=chart,
        chart_title=N_("Refusals, by kind of panel"),
    )


def _column_total(result: Table, key: str) -> Cell:
    """A column's published total (hidden exactly as in its table), or a shown zero when the column is absent."""
    keys = result.column_keys or result.columns
    if key not in keys or not result.column_totals:
        return Cell(0)
    return result.column_totals[keys.index(key)]


def _reasons(decisions: list[PublishedDecision], refused: Cell) -> Reasons:
    """``refused`` is the number of refusals as another figure publishes it, so both hide it alike."""
    refusals = [d for d in decisions if d.outcome == "refused"]
    counts: Counter = Counter()
    labels: dict[str, str] = {}
    for d in refusals:
        for code, label in dict(d.reasons).items():
            counts[code] += 1
            labels.setdefault(code, label)
    total = refused
    ordered = sorted(counts, key=lambda code: (-counts[code], labels[code]))
    cells = suppress_counts([counts[code] for code in ordered])
    rows = []
    for code, cell in zip(ordered, cells, strict=True):
        share = cell.share_of(total)
        flagged = (
            not cell.suppressed
            and not total.suppressed
            and len(refusals) >= BLANKET_POLICY_MIN_REFUSALS
            and cell.value / len(refusals) >= BLANKET_POLICY_SHARE
        )
        rows.append(ReasonRow(code, labels[code], cell, share, flagged))
    return Reasons(
        method=Phrase(
            N_(
                "For each refusal we count every reason code the panel gave, so a refusal with two reasons is counted "
                "under both and the counts add up to more than the number of refusals. The share is the number of "
                "refusals giving that reason divided by all refusals. A reason given in %(share)s%% of refusals or "
                "more (once there are at least %(refusals)s refusals) is highlighted: when one reason is given that "
                "often, it may be applied as a blanket policy rather than decided on each case’s merits, as the law "
                "requires."
            ),
            share=round(BLANKET_POLICY_SHARE * 100),
            refusals=BLANKET_POLICY_MIN_REFUSALS,
        ),
        refusals=total,
        rows=rows,
        chart=[Bar(row.label, row.refusals) for row in rows],
    )


def _meetings(decisions: list[PublishedDecision]) -> dict[str, dict]:
    """One entry per panel meeting, from the facts its published decisions share."""
    meetings: dict[str, dict] = {}
    for d in decisions:
        facts = d.facts
        key = facts.get("meeting_ref") or f"{facts.get('panel_name')}|{facts.get('meeting_date')}"
        meetings.setdefault(
            key,
            {
                "panel_kind": d.panel_kind,
                "panel_label": d.panel_label,
                "present": facts.get("parent_reps_present"),
                "required": facts.get("parent_reps_required"),
                "quorate": facts.get("quorate"),
            },
        )
    return meetings


MEETING_METHOD = (
    "A meeting is counted once however many of its decisions were published; meetings with no published "
    "decision are not counted. A meeting is told apart by its public meeting reference (for records published "
    "before references were added: its panel and date)."
)


def _parent_reps(meetings: dict[str, dict]) -> tuple[Figure, Cell]:
    labels = {m["panel_kind"]: m["panel_label"] for m in meetings.values()}
    known = [m for m in meetings.values() if isinstance(m["present"], int)]

    def column(m: dict) -> str:
        return str(min(m["present"], 3))

    rows, counts = crosstab(known, lambda m: m["panel_kind"], PARENT_REP_COLUMNS, column, labels)
    rows_wrapped = [(key, label) for key, label in rows]
    result = table(rows_wrapped, PARENT_REP_COLUMNS, counts)
    below = sum(1 for m in known if isinstance(m["required"], int) and m["present"] < m["required"])
    return (
        Figure(
            key="parent_rep_attendance",
            title=N_("Parent carer representatives at panel meetings"),
            method="For each panel meeting, the number of parent carer representatives recorded as present. "
            + MEETING_METHOD,
            table=result,
            chart=[Bar(label, cell) for label, cell in zip(result.columns, result.column_totals or [], strict=False)],
            chart_title=N_("Panel meetings, by parent carer representatives present"),
        ),
        Cell(below, 0 < below < THRESHOLD),
    )


def _quorate(meetings: dict[str, dict]) -> Figure:
    labels = {m["panel_kind"]: m["panel_label"] for m in meetings.values()}
    columns = [("quorate", "Quorate"), ("not_quorate", "Not quorate"), ("not_known", "Not known")]

    def column(m: dict) -> str:
        return {True: "quorate", False: "not_quorate"}.get(m["quorate"], "not_known")

    rows, counts = crosstab(list(meetings.values()), lambda m: m["panel_kind"], columns, column, labels)
    result = table(rows, columns, counts)
    return Figure(
        key="quorate_meetings",
        title=N_("Quorate meetings"),
        method="A meeting is quorate when enough voting members, the sectors its rules require and enough parent "
        "carer representatives were present, as recorded when the meeting closed. A meeting that was not quorate "
        "can still make decisions, with a recorded reason. " + MEETING_METHOD,
        table=result,
        chart=[Bar(label, row[1]) for label, row in zip(result.rows, result.cells, strict=True)],
        chart_title=N_("Meetings that were not quorate, by kind of panel"),
    )


def _timeliness(decisions: list[PublishedDecision]) -> Figure:
    timed = [d for d in decisions if isinstance(d.facts.get("timeliness"), dict)]
    labels = {}
    late_days = []
    for d in timed:
        weeks = d.facts["timeliness"].get("deadline_weeks")
        if weeks:
            # TRANSLATORS: a row of the time limits table: the kind of request (the council's own words) and
            # its statutory time limit, "Request for an EHC needs assessment (6 weeks)".
            labels[d.request_type] = Phrase(N_("%(request)s (%(weeks)s weeks)"), request=d.request_label, weeks=weeks)
        else:
            labels[d.request_type] = d.request_label
        if d.facts["timeliness"].get("status") == "late" and isinstance(d.facts["timeliness"].get("days_late"), int):
            late_days.append(d.facts["timeliness"]["days_late"])

    def column(d: PublishedDecision) -> str:
        status = d.facts["timeliness"].get("status")
        return status if status in ("on_time", "late", "exception") else "not_known"

    rows, counts = crosstab(timed, lambda d: d.request_type, TIMELINESS, column, labels)
    result = table(rows, TIMELINESS, counts)
    notes = []
    if len(late_days) >= THRESHOLD:
        middle = median(late_days)
        days = int(middle) if middle == int(middle) else middle
        notes.append(Phrase(N_("Late decisions were a median of %(days)s days late."), days=days))
    return Figure(
        key="timeliness",
        title=N_("Statutory time limits"),
        method=N_(
            "The law sets time limits counted from the request: 6 weeks to decide whether to carry out an EHC "
            "needs assessment and 16 weeks to decide whether to issue an EHC plan. A decision on the last day is on "
            "time. Where one of the exceptions in the regulations applied (for example, the family asked for a delay), "
            "the decision is counted as an exception, not hidden and not counted as on time. “Not known” means the "
            "published record does not say. Other kinds of request have no statutory time limit and are not counted."
        ),
        table=result,
        chart=[Bar(label, row[1]) for label, row in zip(result.rows, result.cells, strict=True)],
        chart_title=N_("Late decisions, by kind of request"),
        notes=notes,
    )


def appeal_status(facts: dict) -> str:
    """One of the ``APPEALS`` keys, from the ``appeal`` fact (or, in older records, the later events)."""
    appeal = facts.get("appeal")
    if isinstance(appeal, dict):
        if appeal.get("outcome") in dict(APPEALS):
            return appeal["outcome"]
        return "awaiting" if appeal.get("lodged") else "not_appealed"
    events = [e for e in facts.get("later_events") or [] if isinstance(e, dict)]
    for event in events:
        if event.get("kind") == "appeal_outcome":
            code = _APPEAL_LABELS.get(str(event.get("outcome", "")).strip().lower())
            if code:
                return code
    if any(e.get("kind") in ("appeal_lodged", "appeal_outcome") for e in events):
        return "awaiting"
    return "not_appealed"


def _appeals(decisions: list[PublishedDecision]) -> Figure:
    refusals = [d for d in decisions if d.outcome == "refused"]
    statuses = [appeal_status(d.facts) for d in refusals]
    keys = [key for key, _label in APPEALS]
    rows = [("all", "All refusals")]
    counts = [[statuses.count(key) for key in keys]]
    by_reason: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, str] = {}
    for d, status in zip(refusals, statuses, strict=True):
        for code, label in dict(d.reasons).items():
            by_reason[code][status] += 1
            labels.setdefault(code, label)
    for code in sorted(by_reason, key=lambda c: (-sum(by_reason[c].values()), labels[c])):
        rows.append((code, labels[code]))
        counts.append([by_reason[code][key] for key in keys])
    # Rows overlap (a refusal can give several reasons), so only each row's total is published.
    result = table(rows, APPEALS, counts, column_totals=False)
    return Figure(
        key="appeal_outcomes",
        title=N_("What happened to refusals: appeals to the tribunal"),
        method=N_(
            "Each published refusal is counted once in the first row, under what is known of its appeal to the "
            "First-tier Tribunal (SEND), and once under each reason code it gave in the rows below, so those rows "
            "overlap. Appeals are added to the published record when the council records them, so recent refusals "
            "may still be appealed: “No appeal recorded” is not the same as “will not be appealed”."
        ),
        table=result,
        chart=[
            Bar(label, cell)
            for (_key, label), cell in zip(APPEALS, result.cells[0] if result.cells else [], strict=False)
        ],
        chart_title=N_("Refusals, by what happened on appeal"),
    )


def _withdrawals() -> Figure:
    rows = db.session.execute(
        select(PublishedRecord.kind, PublishedRecord.withdrawn_at).where(
            PublishedRecord.is_current, PublishedRecord.withdrawn_at.is_not(None)
        )
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    for kind, withdrawn_at in rows:
        counts[withdrawn_at.strftime("%Y-%m")][kind] += 1
    columns = [("decision", "Decisions"), ("minutes", "Board minutes")]
    months = sorted(counts)
    result = table(
        [(m, month_label(m)) for m in months], columns, [[counts[m][k] for k, _l in columns] for m in months]
    )
    return Figure(
        key="withdrawals",
        title=N_("Records withdrawn"),
        method=N_(
            "A record is withdrawn when it should not have been published (for example, it could identify "
            "someone). Its page stays as a notice saying when and why. Each withdrawn record is counted once, in the "
            "month it was withdrawn. Withdrawn records are left out of every other figure on this page."
        ),
        table=result,
        chart=[Bar(label, total) for label, total in zip(result.rows, result.row_totals or [], strict=True)],
        chart_title=N_("Records withdrawn, by month"),
    )


def _measure(
    key: str, title: str, method: str, counted: int, out_of: int, parts: list[Cell], derived: tuple[int, ...] = ()
) -> Measure:
    """A share whose numbers can be worked out from ``parts`` (cells published elsewhere): hidden when any part is
    hidden, or when a number it tells (the count, what it leaves out of the whole, or ``derived``: any other number
    that follows from it and the published cells) is small."""
    if any(part.suppressed for part in parts):
        return Measure(
            key,
            title,
            method,
            Cell(counted, True, secondary=not is_small(counted)),
            Cell(out_of, True, secondary=not is_small(out_of)),
        )
    hide = any(is_small(n) for n in (counted, out_of - counted, *derived))
    return Measure(key, title, method, Cell(counted, hide, secondary=hide and not is_small(counted)), Cell(out_of))


ON_TIME_METHOD = N_(
    "Decisions made on or before the statutory time limit, out of the decisions whose time limit has passed. "
    "With exceptions: every such decision is in the whole, and a decision where an exception in the regulations "
    "applied is not counted as on time. Without exceptions: decisions where an exception applied are left out of "
    "both numbers, as the Department for Education does. Decisions whose timing the record does not give are left "
    "out of both."
)
TWENTY_WEEK_METHOD = N_(
    "The Department for Education measures how many EHC plans are issued within 20 weeks of the request for an "
    "assessment (SEN2 return), with and without the cases where an exception applied. A published decision "
    "records the decision to issue a plan (16-week time limit), not the day the final plan was sent, so this counts "
    "decisions to issue a plan made within 20 weeks (16 weeks plus at most 28 days late): a plan cannot be issued "
    "within 20 weeks unless this decision was, so the share of final plans issued within 20 weeks is at most this "
    "figure. With exceptions, a decision where an exception applied is counted as not within 20 weeks; without "
    "exceptions, it is left out of both numbers."
)


def _timed(d: PublishedDecision) -> bool:
    return isinstance(d.facts.get("timeliness"), dict)


def _measures(decisions: list[PublishedDecision], by_month: Figure, timeliness: Figure) -> list[Measure]:
    refused = _column_total(by_month.table, "refused")
    all_decisions = by_month.table.total or Cell(0)
    measures = [
        _measure(
            "refused_share",
            N_("Share of requests refused"),
            N_(
                "Published decisions whose outcome is refused, out of every published decision (of any kind of "
                "request). Deferred decisions are in the whole: they are not yet agreed."
            ),
            refused.value,
            all_decisions.value,
            [refused, all_decisions],
        )
    ]
    result = timeliness.table
    keys = result.column_keys
    for index, (row_key, label) in enumerate(zip(result.keys, result.rows, strict=True)):
        on_time, late, not_known = (result.cells[index][keys.index(k)] for k in ("on_time", "late", "not_known"))
        total = (result.row_totals or [])[index]
        # With exceptions the whole is the row's total less "not known", which the table already tells.
        measures.append(
            _measure(
                f"on_time_with_exceptions_{row_key}",
                # TRANSLATORS: a key measure; %(label)s is a kind of request and its time limit, "Request for an
                # EHC needs assessment (6 weeks)". "Exceptions" are the exceptions to the time limit in the law.
                Phrase(N_("%(label)s: on time, with exceptions"), label=label),
                ON_TIME_METHOD,
                on_time.value,
                total.value - not_known.value,
                [on_time, total, not_known],
            )
        )
        measures.append(
            _measure(
                f"on_time_without_exceptions_{row_key}",
                # TRANSLATORS: as "%(label)s: on time, with exceptions", leaving out the decisions where an
                # exception to the time limit applied.
                Phrase(N_("%(label)s: on time, without exceptions"), label=label),
                ON_TIME_METHOD,
                on_time.value,
                on_time.value + late.value,
                [on_time, late],
            )
        )
    plans = [d.facts["timeliness"] for d in decisions if d.request_type == "issue_plan" and _timed(d)]
    statuses = [t.get("status") for t in plans]
    late_within = sum(
        1 for t in plans if t.get("status") == "late" and isinstance(t.get("days_late"), int) and t["days_late"] <= 28
    )
    within = statuses.count("on_time") + late_within
    timed = statuses.count("on_time") + statuses.count("late")
    plan_parts: list[Cell] = [Cell(0, True)]  # no row: nothing to tell
    plan_late: list[Cell] = [Cell(0, True)]
    if "issue_plan" in result.keys:
        row = result.keys.index("issue_plan")
        cells = result.cells[row]
        plan_parts = [cells[keys.index("on_time")], (result.row_totals or [])[row], cells[keys.index("not_known")]]
        plan_late = [cells[keys.index("on_time")], cells[keys.index("late")]]
    for key, title, out_of, parts in (
        (
            "with",
            N_("Decisions to issue an EHC plan made within 20 weeks, with exceptions"),
            timed + statuses.count("exception"),
            plan_parts,
        ),
        ("without", N_("Decisions to issue an EHC plan made within 20 weeks, without exceptions"), timed, plan_late),
    ):
        measures.append(
            _measure(
                f"twenty_weeks_{key}_exceptions",
                title,
                TWENTY_WEEK_METHOD,
                within,
                out_of,
                parts,
                derived=(late_within,),
            )
        )
    return measures


# Worked out once per archive generation and day, in each process (several hosts each keep their own: the key,
# not the host, makes it right). A few entries, so a process serving two databases (tests) or a change of day
# never works the figures out twice in a row.
_CACHE: OrderedDict[tuple, Statistics] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def compute() -> Statistics:
    """Every figure, from the current published records (worked out once per archive generation and day)."""
    key = (str(db.engine.url), archive.generation().value, today())
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    statistics = _compute()
    with _CACHE_LOCK:
        _CACHE[key] = statistics
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return statistics


def _compute() -> Statistics:
    decisions = _rows()
    meetings = _meetings(decisions)
    parent_reps, below = _parent_reps(meetings)
    months = sorted(d.month for d in decisions if d.month != "unknown")
    by_month = _outcomes_by_month(decisions)
    timeliness = _timeliness(decisions)
    statistics = Statistics(
        decisions=by_month.table.total or Cell(0),
        first_month=month_label(months[0]) if months else None,
        last_month=month_label(months[-1]) if months else None,
        outcomes_by_month=by_month,
        outcomes_by_panel=_outcomes_by_panel(decisions),
        reasons=_reasons(decisions, _column_total(by_month.table, "refused")),
        parent_reps=parent_reps,
        quorate=_quorate(meetings),
        timeliness=timeliness,
        measures=_measures(decisions, by_month, timeliness),
        appeals=_appeals(decisions),
        withdrawals=_withdrawals(),
        below_required_reps=below,
        meetings=Cell(len(meetings), 0 < len(meetings) < THRESHOLD),
    )
    return statistics
