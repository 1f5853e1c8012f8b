"""``flask search`` commands: rebuild the index from the database, or apply the waiting outbox rows."""

from __future__ import annotations

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="Keep the search index in step with the published records.")


@search_cli.command("rebuild")
def rebuild_index() -> None:
    """Delete the search index and rebuild it from the published records, with a progress bar."""
    from panelrecords.search import outbox

    total = outbox.count_current()
    with click.progressbar(length=total, label="Indexing published records", show_pos=True) as bar:
        indexed = outbox.rebuild(progress=bar.update)
    click.echo(f"Rebuilt the search index: {indexed} records.")


@search_cli.command("sync")
def sync_index() -> None:
    """Apply every waiting outbox row to the search index (after a crash, or if a drain was skipped)."""
    from panelrecords.search import outbox

    before = outbox.pending()
    left = outbox.sync()
    click.echo(f"Applied {before - left} outbox rows; {left} still waiting.")
    if left:
        raise SystemExit(1)
