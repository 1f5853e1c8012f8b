"""SQLAlchemy models, one module per aggregate. Importing this package registers every table."""

from panelrecords.models.audit import AuditEvent, AuditHead
from panelrecords.models.boards import (
    ActionUpdate,
    AgendaItem,
    Board,
    BoardAction,
    BoardAttendance,
    BoardDeclaration,
    BoardMeeting,
    BoardMember,
    BoardPaper,
)
from panelrecords.models.cases import Case, TimescaleException
from panelrecords.models.decisions import (
    Decision,
    DecisionEvent,
    EvidenceItem,
    LegalTestLimb,
    LimbFinding,
    Observation,
    ReasonCode,
    RequestType,
)
from panelrecords.models.generation import ArchiveGeneration
from panelrecords.models.panels import Attendance, InterestDeclaration, Panel, PanelMeeting, ParentRepAssignment
from panelrecords.models.papers import Paper
from panelrecords.models.published import OutboxOperation, PublishedRecord, RecordKind, SearchOutbox, SimilarRecord
from panelrecords.models.published_boards import PublishedAction, PublishedBoard, PublishedPaper
from panelrecords.models.redaction_drafts import RedactionDraft
from panelrecords.models.reviews import PublicationRequest
from panelrecords.models.submissions import FormSubmission
from panelrecords.models.tokens import ApiToken
from panelrecords.models.users import Role, RoleSetting, User, UserRole

__all__ = [
    "ArchiveGeneration",
    "SimilarRecord",
    "ActionUpdate",
    "AgendaItem",
    "Board",
    "BoardAction",
    "BoardAttendance",
    "BoardDeclaration",
    "BoardMeeting",
    "BoardMember",
    "BoardPaper",
    "PublishedAction",
    "PublishedBoard",
    "PublishedPaper",
    "ApiToken",
    "FormSubmission",
    "Attendance",
    "Case",
    "Decision",
    "DecisionEvent",
    "EvidenceItem",
    "InterestDeclaration",
    "LegalTestLimb",
    "LimbFinding",
    "Observation",
    "Panel",
    "PanelMeeting",
    "Paper",
    "ParentRepAssignment",
    "ReasonCode",
    "RequestType",
    "TimescaleException",
    "AuditEvent",
    "AuditHead",
    "OutboxOperation",
    "PublicationRequest",
    "PublishedRecord",
    "RecordKind",
    "RedactionDraft",
    "Role",
    "RoleSetting",
    "SearchOutbox",
    "User",
    "UserRole",
]
