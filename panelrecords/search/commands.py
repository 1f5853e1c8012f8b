"""``flask search`` commands: rebuild the index from the database, or apply the waiting outbox rows."""

from __future__ import annotations

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Keep the search index in step with the published records.")


@search_cli.command("rebuild")
def rebuild_index() -> None:
    """Delete the search index and rebuild it from the published records, with a progress bar; then work out
    "decisions like this one" for every decision."""
    indexed = _rebuild_with_progress()
    click.echo(f"Rebuilt the search index: {indexed} records.")


def _rebuild_with_progress() -> int:
    """Rebuild the index, then the stored "decisions like this one", each with a progress bar."""
    from panelrecords.search import outbox, similar
    from panelrecords.search.backend import get_backend

    with click.progressbar(length=outbox.count_current(), label="Indexing published records", show_pos=True) as bar:
        indexed = outbox.rebuild_index(progress=bar.update)
    decisions = similar.live_decision_count()
    with click.progressbar(length=decisions, label="Finding decisions like each one", show_pos=True) as bar:
        similar.store_all(get_backend(), bar.update)
    outbox.drain()
    return indexed


@search_cli.command("sync")
def sync_index() -> None:
    """Apply every waiting outbox row to the search index (after a crash, or if a drain was skipped).

    If the index is then missing records (it was deleted, emptied or damaged), it is rebuilt from the
    database, and the command says so with the real count.
    """
    from panelrecords.search import outbox
    from panelrecords.search.backend import get_backend

    before = outbox.pending()
    left = outbox.sync()
    click.echo(f"Applied {before - left} outbox rows; {left} still waiting.")
    if left:
        raise SystemExit(1)
    expected = outbox.count_current()
    held = len(get_backend().public_ids())
    if held != expected:
        click.echo(f"The search index holds {held} of {expected} published records.")
        indexed = _rebuild_with_progress()
        click.echo(f"The search index was incomplete: rebuilt it from the database: {indexed} records.")
        if indexed != expected:
            raise SystemExit(1)
