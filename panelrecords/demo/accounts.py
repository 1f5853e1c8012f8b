"""Demo accounts: one per role, with a documented password (demo and development only)."""

from __future__ import annotations

from panelrecords.demo import DEMO_PASSWORD, DemoContext, loader
from panelrecords.models.users import Role
from panelrecords.services import Actor, accounts

DEMO_ACCOUNTS = [
    ("admin@example.org", "Ada Admin", [Role.ADMIN]),
    ("clerk@example.org", "Chris Clerk", [Role.CLERK]),
    ("clerk2@example.org", "Cath Clerk", [Role.CLERK]),
    ("member@example.org", "Morgan Member", [Role.PANEL_MEMBER]),
    ("parentrep@example.org", "Pat Parentrep", [Role.PARENT_REP]),
    ("parentrep2@example.org", "Priya Parentrep", [Role.PARENT_REP]),
    ("reviewer@example.org", "Robin Reviewer", [Role.REVIEWER]),
    ("secretary@example.org", "Sam Secretary", [Role.BOARD_SECRETARY]),
]


@loader(10)
def load_accounts(context: DemoContext) -> None:
    by = Actor.system("demo")
    for email, name, roles in DEMO_ACCOUNTS:
        if accounts.find_user(email) is None:
            accounts.create_user(email, display_name=name, password=DEMO_PASSWORD, roles=roles, by=by)
            context.log(f"created {email}")
