from __future__ import annotations

from panelrecords.models.users import Role
from panelrecords.services import accounts


def test_users_create_list_disable(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Kim@Example.org",
            "--name",
            "Kim Clerk",
            "--role",
            "clerk",
            "--role",
            "reviewer",
            "--password-stdin",
        ],
        input="a good long password\n",
    )
    assert result.exit_code == 0, result.output
    user = accounts.find_user("kim@example.org")
    assert user.roles == {Role.CLERK, Role.REVIEWER}
    listing = runner.invoke(args=["users", "list"])
    assert "kim@example.org" in listing.output and "Redaction reviewer" in listing.output
    assert runner.invoke(args=["users", "disable", "kim@example.org"]).exit_code == 0
    db.session.expire_all()
    assert accounts.find_user("kim@example.org").active is False
    assert "disabled" in runner.invoke(args=["users", "list"]).output


def test_users_create_refuses_bad_input(app, db):
    runner = app.test_cli_runner()
    weak = runner.invoke(
        args=["users", "create", "a@example.org", "--name", "A", "--role", "clerk", "--password-stdin"], input="short\n"
    )
    assert weak.exit_code != 0 and "12 characters" in weak.output
    bad_role = runner.invoke(
        args=["users", "create", "a@example.org", "--name", "A", "--role", "king", "--password-stdin"],
        input="a good long password\n",
    )
    assert bad_role.exit_code != 0
    assert accounts.find_user("a@example.org") is None


def test_demo_load_is_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    count = len(accounts.list_users())
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert len(accounts.list_users()) == count >= 6
    assert {r for u in accounts.list_users() for r in u.roles} == set(Role)


def test_demo_load_is_refused_in_production(make_app):
    app = make_app(PANELRECORDS_ENV="production")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "development or demo" in result.output
