from __future__ import annotations

from sqlalchemy import select

from panelrecords.models.audit import AuditEvent
from panelrecords.models.users import Role, User
from tests.factories import make_user


def test_admin_lists_users_and_edits_roles(app, client, db, login_as, csrf_token):
    login_as(Role.ADMIN, email="admin@example.org")
    person = make_user(db, roles=[Role.CLERK], email="c@example.org", display_name="Chris Clerk")
    page = client.get("/records/admin/users").get_data(as_text=True)
    assert "Chris Clerk" in page and "Panel clerk" in page
    assert f'<a class="govuk-link" href="/records/admin/users/{person.id}">Chris Clerk</a>' in page
    url = f"/records/admin/users/{person.id}"
    token = csrf_token(client, url)
    response = client.post(url, data={"roles": ["clerk", "reviewer"], "csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.roles == {Role.CLERK, Role.REVIEWER}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.roles"))
    assert event.object_id == str(person.id) and '"reviewer"' in event.detail


def test_admin_cannot_remove_their_own_admin_role(app, client, db, login_as, csrf_token):
    admin = login_as(Role.ADMIN)
    url = f"/records/admin/users/{admin.id}"
    page = client.post(url, data={"roles": ["clerk"], "csrf_token": csrf_token(client, url)}).get_data(as_text=True)
    assert "You cannot remove your own administrator role" in page
    db.session.refresh(admin)
    assert Role.ADMIN in admin.roles


def test_admin_creates_an_account(app, client, db, login_as, csrf_token):
    login_as(Role.ADMIN)
    token = csrf_token(client, "/records/admin/users/new")
    page = client.post("/records/admin/users/new", data={"csrf_token": token}).get_data(as_text=True)
    assert "Enter the person&#39;s full name" in page and "Select at least one role" in page
    response = client.post(
        "/records/admin/users/new",
        data={
            "display_name": "Nia New",
            "email": "nia@example.org",
            "password": "a long enough password",
            "roles": ["parent_rep"],
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nia@example.org"))
    assert user.roles == {Role.PARENT_REP}
    again = client.post(
        "/records/admin/users/new",
        data={
            "display_name": "Nia New",
            "email": "NIA@example.org",
            "password": "a long enough password",
            "roles": ["parent_rep"],
            "csrf_token": token,
        },
    ).get_data(as_text=True)
    assert "An account with this email address already exists" in again


def test_admin_disables_and_unlocks(app, client, db, login_as, csrf_token):
    login_as(Role.ADMIN)
    person = make_user(db, email="c@example.org")
    url = f"/records/admin/users/{person.id}"
    token = csrf_token(client, url)
    client.post(f"{url}/disable", data={"csrf_token": token})
    db.session.refresh(person)
    assert person.active is False
    client.post(f"{url}/enable", data={"csrf_token": token})
    db.session.refresh(person)
    assert person.active is True


def test_admin_sets_roles_requiring_two_factor(app, client, db, login_as, csrf_token):
    from panelrecords.services import accounts

    login_as(Role.ADMIN)
    token = csrf_token(client, "/records/admin/security")
    client.post("/records/admin/security", data={"roles": ["admin", "clerk"], "csrf_token": token})
    assert accounts.roles_requiring_mfa() == {Role.ADMIN, Role.CLERK}
