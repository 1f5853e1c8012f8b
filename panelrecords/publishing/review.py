"""Four eyes on decisions: a reviewer who did not touch a draft approves it (publishing it) or sends it back.

Approving locks the draft and reads it again, so two reviewers approving at once, or one reviewer clicking
twice, publish once: the second is told who published it. A withdrawal is immediate, by a reviewer or an
administrator, and withdraws every live record of the decision.
"""

from __future__ import annotations

from panelrecords.errors import Conflict, Forbidden, ValidationFailed
from panelrecords.extensions import db
from panelrecords.filters import format_datetime
from panelrecords.models.decisions import Decision
from panelrecords.models.published import PublishedRecord, RecordKind
from panelrecords.models.redaction_drafts import DraftPurpose, DraftStatus, RedactionDraft
from panelrecords.models.users import Role, User
from panelrecords.publishing import core, gate
from panelrecords.publishing.decisions import SOURCE_TYPE, build_publication, known_for
from panelrecords.publishing.drafts import MAX_COMMENTS, form_text, stale_fields, words_to_confirm
from panelrecords.services import Actor, audit
from panelrecords.services.common import lock, now, use_case


class ReviewerIsRedactor(Forbidden):
    """The person approving a draft prepared or changed it: a second person must review it."""

    code = "reviewer_is_redactor"


def _already_reviewed(draft: RedactionDraft) -> Conflict:
    reviewer = db.session.get(User, draft.reviewed_by_id) if draft.reviewed_by_id else None
    who = f" by {reviewer.display_name}" if reviewer is not None else ""
    when = f" on {format_datetime(draft.reviewed_at)}" if draft.reviewed_at else ""
    if draft.status == DraftStatus.APPROVED:
        return Conflict(f"This draft was already approved and published{who}{when} as {draft.public_id}")
    return Conflict(f"This draft is not waiting for review: it is {draft.status_label.lower()}{who}{when}")


def _require_reviewer(draft: RedactionDraft, by: Actor) -> None:
    user = db.session.get(User, by.user_id) if by.user_id is not None else None
    if user is None or not user.has_role(Role.REVIEWER):
        raise Forbidden("Only a redaction reviewer can review a draft")
    # Locks are taken in one order everywhere — the source (the decision), then the draft, then published rows,
    # all before the first audit event locks the audit log's head — so racing use cases wait, never deadlock.
    lock(draft.decision)
    lock(draft)
    if by.user_id == draft.prepared_by_id or by.user_id in draft.editor_ids:
        raise ReviewerIsRedactor("You prepared or changed this draft: another reviewer must review it")
    if draft.status != DraftStatus.SUBMITTED:
        raise _already_reviewed(draft)


@use_case
def send_back(draft: RedactionDraft, *, comments: str, by: Actor) -> None:
    """Return a submitted draft to its preparer with comments. Raises ``ReviewerIsRedactor``, ``Conflict``."""
    _require_reviewer(draft, by)
    draft.review_comments = form_text(comments, what="what needs to change", field="comments", limit=MAX_COMMENTS)
    draft.status = DraftStatus.RETURNED.value
    draft.reviewed_by_id = by.user_id
    draft.reviewed_at = now()
    audit.record("redaction_draft.send_back", "redaction_draft", draft.id, by=by, detail={"version": draft.version})


@use_case
def approve(draft: RedactionDraft, *, by: Actor, words_confirmed: bool = False) -> PublishedRecord:
    """Approve a submitted draft and publish it (or its correction) through the leak gate, in one transaction.

    Raises ``ReviewerIsRedactor`` (the reviewer prepared or changed it), ``Forbidden`` (not a reviewer),
    ``Conflict`` (not submitted — already approved by someone else — or the decision changed since),
    ``core.AlreadyPublished``, ``LeakFound`` (the gate refused; the draft stays waiting for review) or
    ``ValidationFailed`` (names of the family left as ordinary words, not confirmed: ``words_confirmed``).
    """
    _require_reviewer(draft, by)
    decision = draft.decision
    if stale_fields(draft):
        raise Conflict("The decision has changed since this draft was prepared: send it back to be updated")
    left = words_to_confirm(draft)
    if left and not words_confirmed:
        raise ValidationFailed(
            "Confirm that each word listed is used as an ordinary word, not as a name of the family, "
            "or send the draft back to have it redacted",
            "words_confirmed",
        )
    built = build_publication(draft)
    known = [known_for(decision)]
    draft.status = DraftStatus.APPROVED.value
    draft.reviewed_by_id = by.user_id
    draft.reviewed_at = now()
    decision.publication_status = "published"
    audit.record(
        "redaction_draft.approve",
        "redaction_draft",
        draft.id,
        by=by,
        detail={"version": draft.version, "words_confirmed": [[key, hit.start, hit.text] for key, hit in left][:50]},
    )
    if draft.purpose == DraftPurpose.CORRECT:
        record = core.correct(
            draft.public_id, built, note=draft.correction_note, known=known, by=by, reviewed_by_id=by.user_id
        )
    else:
        record = core.publish(
            RecordKind.DECISION,
            built,
            source_type=SOURCE_TYPE,
            source_id=decision.id,
            known=known,
            by=by,
            reviewed_by_id=by.user_id,
            what="This decision",
        )
    draft.public_id = record.public_id
    return record


@use_case
def withdraw(decision: Decision, *, reason: str, by: Actor) -> PublishedRecord:
    """Withdraw a published decision at once — every live record of it — leaving tombstones.

    Raises ``Conflict`` (nothing live) or ``ValidationFailed`` (no reason, or the reason identifies someone).
    """
    reason = form_text(reason, what="why the record is being withdrawn", field="reason", limit=MAX_COMMENTS)
    known = [known_for(decision)]
    # The reason is shown on the public tombstone, so it passes the same gate as the record.
    lock(decision)  # before anything is written: see _require_reviewer
    if gate.find([("reason", reason)], known):
        raise ValidationFailed("The reason is published: leave out anything that could identify the family", "reason")
    withdrawn = core.withdraw_source(SOURCE_TYPE, decision.id, reason=reason, by=by, known=known)
    decision.publication_status = "withdrawn"
    return withdrawn[0]
