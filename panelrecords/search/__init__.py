"""Search over published records: the backend interface, the Whoosh backend and the outbox."""
