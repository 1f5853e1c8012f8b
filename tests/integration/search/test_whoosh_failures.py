"""A failed Whoosh commit must not leave the index locked for every later update."""

from __future__ import annotations

import pytest
from whoosh import writing

from panelrecords.search.backend import SearchRequest
from panelrecords.search.whoosh_backend import WhooshBackend
from tests.integration.search.test_contract import _doc


def test_a_failed_commit_releases_the_index_lock(tmp_path, monkeypatch):
    backend = WhooshBackend(tmp_path / "index")
    backend.apply([_doc("D-0001", "first decision about autism")], [])
    writers = []
    real_writer = backend._writer
    monkeypatch.setattr(backend, "_writer", lambda: writers.append(real_writer()) or writers[-1])

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(writing.SegmentWriter, "_commit_toc", full_disk)
        with pytest.raises(OSError):
            backend.apply([_doc("D-0002", "second decision about anxiety")], [])

    failed = writers[-1]
    assert failed.is_closed
    # Another writer could take the lock now (flock is per open file, so this holds within one process too).
    probe = failed.storage.lock(failed.indexname + "_WRITELOCK")
    assert probe.acquire(blocking=False)
    probe.release()
    backend.apply([_doc("D-0003", "third decision about autism")], [])
    assert backend.search(SearchRequest(query="autism")).total == 2
