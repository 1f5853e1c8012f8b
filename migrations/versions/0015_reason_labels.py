"""Merge reason codes that share a label

Two active reason codes had the same label ("Needs can be met from SEN support": ``sen_support`` and the demo
archive's ``sen_support_sufficient``), so filtering by one missed the records of the other and the share of
refusals giving that reason was understated. For each label (compared without case or spacing) the oldest
active code is kept; every other code with that label is retired, never deleted, so the decisions that used it
keep it. Published records naming a merged code name the kept one instead, with ``merged_from`` beside it in
their facts, so the old code stays readable; each is queued for the search index. Data only: no schema change.

Revision ID: 0015_reason_labels
Revises: 0016_staff_corrections
Create Date: 2026-12-01 12:30:00

"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0015_reason_labels"
down_revision = "0016_staff_corrections"
branch_labels = None
depends_on = None


def _key(label):
    return " ".join((label or "").lower().split())


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def upgrade():
    bind = op.get_bind()
    codes = sa.table("reason_codes", sa.column("id"), sa.column("code"), sa.column("label"), sa.column("active"))
    records = sa.table(
        "published_records",
        sa.column("id"),
        sa.column("public_id"),
        sa.column("kind"),
        sa.column("reason_codes", sa.JSON),
        sa.column("facts", sa.JSON),
        sa.column("is_current"),
        sa.column("withdrawn_at"),
    )
    outbox = sa.table(
        "search_outbox",
        sa.column("public_id"),
        sa.column("record_id"),
        sa.column("operation"),
        sa.column("created_at"),
    )
    # The code kept for each label: the oldest active one in the restricted list.
    kept: dict[str, str] = {}
    retire: set[str] = set()
    for row in bind.execute(sa.select(codes.c.code, codes.c.label).where(codes.c.active).order_by(codes.c.id)):
        key = _key(row.label)
        if key in kept and kept[key] != row.code:
            retire.add(row.code)
        else:
            kept.setdefault(key, row.code)
    if retire:
        bind.execute(codes.update().where(codes.c.code.in_(sorted(retire))).values(active=False))
    # Published records: a code whose label is a kept code's label (and is not that code) is renamed to it.
    now = datetime.now(UTC)
    rows = bind.execute(
        sa.select(
            records.c.id, records.c.public_id, records.c.reason_codes, records.c.facts, records.c.is_current,
            records.c.withdrawn_at,
        ).where(records.c.kind == "decision")
    ).all()  # fmt: skip
    for row in rows:
        facts = dict(_json(row.facts) or {})
        entries = [dict(e) for e in facts.get("reason_codes") or [] if isinstance(e, dict)]
        renamed = {}
        for entry in entries:
            target = kept.get(_key(entry.get("label")))
            if target and entry.get("code") != target:
                renamed[entry["code"]] = target
                entry["merged_from"] = entry["code"]
                entry["code"] = target
        if not renamed:
            continue
        facts["reason_codes"] = entries
        column = list(dict.fromkeys(renamed.get(c, c) for c in _json(row.reason_codes) or []))
        bind.execute(records.update().where(records.c.id == row.id).values(facts=facts, reason_codes=column))
        if row.is_current and row.withdrawn_at is None:
            bind.execute(
                outbox.insert().values(public_id=row.public_id, record_id=row.id, operation="index", created_at=now)
            )


def downgrade():
    # Retired codes are left retired and renamed published codes keep their ``merged_from``: merging is not
    # undone automatically (a duplicate label is the fault this migration removes).
    pass
