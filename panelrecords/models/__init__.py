"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from panelrecords.models.audit import AuditEvent, AuditHead
from panelrecords.models.users import Role, RoleSetting, User, UserRole

__all__ = ["AuditEvent", "AuditHead", "Role", "RoleSetting", "User", "UserRole"]
