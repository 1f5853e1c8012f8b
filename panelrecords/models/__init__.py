"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from panelrecords.models.audit import AuditEvent, AuditHead
from panelrecords.models.published import OutboxOperation, PublishedRecord, RecordKind, SearchOutbox
from panelrecords.models.users import Role, RoleSetting, User, UserRole

__all__ = [
    "AuditEvent",
    "AuditHead",
    "OutboxOperation",
    "PublishedRecord",
    "RecordKind",
    "Role",
    "RoleSetting",
    "SearchOutbox",
    "User",
    "UserRole",
]
