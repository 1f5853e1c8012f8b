"""Publishing decisions: prepare a redaction draft, review it (a second person), correct and withdraw."""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from panelrecords import redaction
from panelrecords.auth.permissions import current_actor, role_required
from panelrecords.errors import Conflict, DomainError, ValidationFailed
from panelrecords.models.users import Role
from panelrecords.publishing import decisions, drafts
from panelrecords.publishing import review as reviewing
from panelrecords.records.publication_forms import (
    CATEGORY_LABELS,
    AddSpanForm,
    RemoveSpanForm,
    ReviewForm,
    SubmitDraftForm,
    WithdrawForm,
)

publication = Blueprint("publication", __name__)

PREPARERS = (Role.CLERK,)
WITHDRAWERS = (Role.REVIEWER, Role.ADMIN)
_LABEL = re.compile(
    "|".join(re.escape(label) for label in sorted(set(redaction.LABELS.values()), key=len, reverse=True))
)


def _segments(original: str, spans: list[dict]) -> list[tuple[str, dict | None]]:
    """The original text cut into plain pieces and redacted spans, for highlighting."""
    pieces, position = [], 0
    for span in sorted(spans, key=lambda s: s["start"]):
        if span["start"] > position:
            pieces.append((original[position : span["start"]], None))
        pieces.append((original[span["start"] : span["end"]], span))
        position = span["end"]
    if position < len(original):
        pieces.append((original[position:], None))
    return pieces


def _redacted_segments(text: str) -> list[tuple[str, bool]]:
    pieces, position = [], 0
    for match in _LABEL.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def _render_draft(draft, *, add_form=None, submit_form=None, form=None, status: int = 200):
    add_form = add_form or AddSpanForm(formdata=None)
    add_form.field.choices = [(key, value["label"]) for key, value in draft.fields.items()]
    submit_form = submit_form or SubmitDraftForm(formdata=None)
    decision = draft.decision
    page = render_template(
        "records/publication/draft.html",
        draft=draft,
        decision=decision,
        fields=[
            (key, value, _segments(value["original"], draft.spans_for(key)), _redacted_segments(value["redacted"]))
            for key, value in draft.fields.items()
        ],
        attendees=decision.meeting.attendees,
        consenting=decisions.consenting_names(decision),
        gate_hits=drafts.gate_hits(draft),
        names=drafts.name_proposals(draft),
        stale=drafts.stale_fields(draft),
        add_form=add_form,
        submit_form=submit_form,
        form=form or (add_form if add_form.errors else submit_form if submit_form.errors else None),
        category_labels=CATEGORY_LABELS,
        can_edit=draft.is_editable and current_user.has_role(*PREPARERS),
        done=request.args.get("done"),
    )
    return page, status


@publication.route("/")
@role_required(Role.CLERK, Role.REVIEWER, Role.ADMIN)
def index():
    return render_template(
        "records/publication/index.html",
        ready=drafts.ready_to_prepare(),
        preparing=drafts.drafts(drafts.DraftStatus.DRAFT, drafts.DraftStatus.RETURNED),
        waiting=drafts.drafts(drafts.DraftStatus.SUBMITTED),
        published=decisions.published_decisions(),
        done=request.args.get("done"),
    )


@publication.route("/decisions/<int:decision_id>/<any(prepare, correct):purpose>", methods=["POST"])
@role_required(*PREPARERS)
def prepare(decision_id: int, purpose: str):
    decision = decisions.get_decision(decision_id)
    start = drafts.prepare_draft if purpose == "prepare" else drafts.prepare_correction
    draft = start(decision, by=current_actor())
    return redirect(url_for(".draft", draft_id=draft.id))


@publication.route("/drafts/<int:draft_id>")
@role_required(Role.CLERK, Role.REVIEWER, Role.ADMIN)
def draft(draft_id: int):
    return _render_draft(drafts.get_draft(draft_id))


@publication.route("/drafts/<int:draft_id>/redact", methods=["POST"])
@role_required(*PREPARERS)
def add_span(draft_id: int):
    draft = drafts.get_draft(draft_id)
    form = AddSpanForm()
    form.field.choices = [(key, value["label"]) for key, value in draft.fields.items()]
    if form.validate_on_submit():
        try:
            drafts.add_manual_span(
                draft,
                field=form.field.data,
                category=form.category.data,
                text=form.text.data,
                start=form.start.data,
                end=form.end.data,
                by=current_actor(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form._fields else "text", error.message)
        else:
            return redirect(url_for(".draft", draft_id=draft.id, done="redacted", _anchor=f"field-{form.field.data}"))
    return _render_draft(draft, add_form=form, status=400)


@publication.route("/drafts/<int:draft_id>/remove", methods=["GET", "POST"])
@role_required(*PREPARERS)
def remove_span(draft_id: int):
    draft = drafts.get_draft(draft_id)
    form = RemoveSpanForm(request.form if request.method == "POST" else request.args)
    key, value = form.field.data, draft.fields.get(form.field.data or "")
    span = None
    if value is not None:
        span = next(
            (s for s in draft.spans_for(key) if str(s["start"]) == form.start.data and str(s["end"]) == form.end.data),
            None,
        )
    if span is None:
        abort(404)
    if request.method == "POST" and form.validate():
        try:
            drafts.remove_span(
                draft, field=key, start=span["start"], end=span["end"], reason=form.reason.data, by=current_actor()
            )
        except DomainError as error:
            form.add_error("reason", error.message)
        else:
            return redirect(url_for(".draft", draft_id=draft.id, done="removed", _anchor=f"field-{key}"))
    context = value["original"][max(0, span["start"] - 80) : span["end"] + 80]
    status = 400 if form.errors else 200
    return render_template(
        "records/publication/remove_span.html",
        draft=draft,
        form=form,
        span=span,
        label=value["label"],
        selected=value["original"][span["start"] : span["end"]],
        context=context,
        category_labels=CATEGORY_LABELS,
    ), status


@publication.route("/drafts/<int:draft_id>/display", methods=["POST"])
@role_required(*PREPARERS)
def display(draft_id: int):
    draft = drafts.get_draft(draft_id)
    choices = {key: request.form.get(key, "") for key in draft.display if key in request.form}
    try:
        drafts.set_display(draft, choices, by=current_actor())
    except (ValidationFailed, Conflict) as error:
        form = SubmitDraftForm(formdata=None)
        form.add_error("send", error.message)
        return _render_draft(draft, form=form, status=400)
    return redirect(url_for(".draft", draft_id=draft.id, done="display", _anchor="attendees"))


@publication.route("/drafts/<int:draft_id>/submit", methods=["POST"])
@role_required(*PREPARERS)
def submit(draft_id: int):
    draft = drafts.get_draft(draft_id)
    form = SubmitDraftForm()
    if form.validate_on_submit():
        try:
            drafts.submit(draft, correction_note=form.correction_note.data or "", by=current_actor())
        except DomainError as error:
            form.add_error("correction_note" if error.field == "correction_note" else "send", error.message)
        else:
            return redirect(url_for(".index", done="submitted"))
    return _render_draft(draft, submit_form=form, status=400)


@publication.route("/drafts/<int:draft_id>/review", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def review(draft_id: int):
    draft = drafts.get_draft(draft_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            if form.decision.data == "approve":
                record = reviewing.approve(draft, by=current_actor(), words_confirmed=bool(form.words_confirmed.data))
                return redirect(url_for(".index", done="published", public_id=record.public_id))
            reviewing.send_back(draft, comments=form.comments.data or "", by=current_actor())
            return redirect(url_for(".index", done="returned"))
        except DomainError as error:
            form.add_error(error.field if error.field in ("comments", "words_confirmed") else "decision", error.message)
    return render_template(
        "records/publication/review.html",
        draft=draft,
        decision=draft.decision,
        form=form,
        fields=[
            (key, value, _segments(value["original"], draft.spans_for(key)), _redacted_segments(value["redacted"]))
            for key, value in draft.fields.items()
        ],
        preview=decisions.build_publication(draft),
        gate_hits=drafts.gate_hits(draft),
        names=drafts.name_proposals(draft),
        words=drafts.words_to_confirm(draft),
        category_labels=CATEGORY_LABELS,
        is_own=current_user.id == draft.prepared_by_id or current_user.id in draft.editor_ids,
    ), (400 if form.errors else 200)


@publication.route("/decisions/<int:decision_id>/withdraw", methods=["GET", "POST"])
@role_required(*WITHDRAWERS)
def withdraw(decision_id: int):
    decision = decisions.get_decision(decision_id)
    record = decisions.live_record(decision)
    if record is None:
        abort(404)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            reviewing.withdraw(decision, reason=form.reason.data, by=current_actor())
        except DomainError as error:
            form.add_error("reason", error.message)
        else:
            return redirect(url_for(".index", done="withdrawn", public_id=record.public_id))
    return render_template("records/publication/withdraw.html", decision=decision, record=record, form=form), (
        400 if form.errors else 200
    )
