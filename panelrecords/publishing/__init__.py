"""Publishing: everything that turns restricted data into public records, for every kind.

- ``core``: publish, correct and withdraw a record — leak gate, row locks, record, search-outbox row and audit
  event, inside the caller's transaction; never commits.
- ``gate``: the one leak gate and its one refusal path; ``identifiers``: every case's distinctive identifiers in
  an automaton, so a text about one child cannot name another.
- ``facts``: typed, versioned facts per kind, and the one reader of every shape ever stored.
- Decisions: ``decisions`` (the builder), ``drafts`` (preparing a redaction draft), ``review`` (four eyes),
  ``later_events`` (the one documented exception to four eyes: controlled values only).
- Governance: ``minutes`` and ``boards`` (builders and steps), ``governance`` (four eyes: ask, review, approve).

Each public function of ``drafts``, ``review``, ``governance`` and the ``minutes`` steps is one use case, run in
one transaction by ``services.common.atomic``.
"""
