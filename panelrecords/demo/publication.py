"""Demo publication: the recorded demo decisions go through the real four-eyes workflow.

The demo clerk prepares a redaction draft of each decision of a closed meeting (the redaction library proposes
the spans), chooses to name the chairs who consented, and submits it; the demo reviewer approves it, so the leak
gate runs on every public field exactly as in live use. The newest few are left waiting for review, and one is
left being prepared, so the review pages have work on them. Idempotent: a decision that already has a draft or a
published record is not touched again.
"""

from __future__ import annotations

from panelrecords.demo import DemoContext, loader

CLERK = "clerk@example.org"
REVIEWER = "reviewer@example.org"
LEFT_FOR_REVIEW = 3
LEFT_IN_PREPARATION = 1


@loader(30)
def load_publication(context: DemoContext) -> None:
    from panelrecords.publishing import drafts, review
    from panelrecords.publishing.gate import LeakFound
    from panelrecords.search import outbox
    from panelrecords.services import Actor, accounts

    clerk, reviewer = accounts.find_user(CLERK), accounts.find_user(REVIEWER)
    if clerk is None or reviewer is None:
        return
    ready = drafts.ready_to_prepare()
    if not ready:
        return
    by_clerk, by_reviewer = Actor.of(clerk), Actor.of(reviewer)
    # Oldest first: the newest decisions are the ones still in the pipeline.
    publish_count = max(0, len(ready) - LEFT_FOR_REVIEW - LEFT_IN_PREPARATION)
    published = refused = waiting = 0
    with outbox.deferred():
        for index, decision in enumerate(ready):
            draft = drafts.prepare_draft(decision, by=by_clerk)
            if index >= len(ready) - LEFT_IN_PREPARATION:
                continue
            chairs = {
                f"attendance-{a.id}": "named"
                for a in decision.meeting.attendees
                if a.role == "chair" and a.consent_to_be_named
            }
            if chairs:
                drafts.set_display(draft, chairs, by=by_clerk)
            drafts.submit(draft, by=by_clerk)
            if index >= publish_count:
                waiting += 1
                continue
            try:
                review.approve(draft, by=by_reviewer, words_confirmed=True)
            except LeakFound as leak:  # stays waiting for review, as it would in live use
                context.log(f"the leak gate kept a demo decision back: {leak.message}")
                refused += 1
            else:
                published += 1
    context.log(
        f"published {published} recorded decisions through review; {waiting + refused} waiting for review, "
        f"{min(LEFT_IN_PREPARATION, len(ready))} being prepared"
    )
