"""``flask`` commands: users, audit, demo data."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from panelrecords.errors import DomainError
from panelrecords.models.users import ROLE_LABELS, Role
from panelrecords.services import Actor, accounts, audit

users_cli = AppGroup("users", help="Manage user accounts.")
audit_cli = AppGroup("audit", help="Check the audit log.")
demo_cli = AppGroup("demo", help="Synthetic demo data (development and demo modes only).")

ROLE_NAMES = [role.value for role in Role]


@users_cli.command("create")
@click.argument("email")
@click.option("--name", "display_name", required=True, help="The person's full name.")
@click.option(
    "--role", "roles", multiple=True, required=True, type=click.Choice(ROLE_NAMES), help="A role; repeat for several."
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
def create_user(email: str, display_name: str, roles: tuple[str, ...], password_stdin: bool) -> None:
    """Create a user account with one or more roles."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(
            email, display_name=display_name, password=password, roles=[Role(r) for r in roles], by=Actor.system("cli")
        )
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Created {user.email} ({', '.join(sorted(r.value for r in user.roles))})")


@users_cli.command("list")
def list_users() -> None:
    """List user accounts with their roles and state."""
    for user in accounts.list_users():
        state = "active" if user.active else "disabled"
        if user.is_locked():
            state += ", locked"
        roles = ", ".join(ROLE_LABELS[r] for r in sorted(user.roles)) or "no roles"
        click.echo(f"{user.email}\t{user.display_name}\t{roles}\t{state}")


@users_cli.command("disable")
@click.argument("email")
def disable_user(email: str) -> None:
    """Disable an account: the person can no longer sign in."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account with the email address {email}")
    accounts.set_active(user, False, by=Actor.system("cli"))
    click.echo(f"Disabled {user.email}")


@users_cli.command("token")
@click.argument("email")
def issue_token(email: str) -> None:
    """Create an API token for the restricted integration API; the token is printed once, as the last line."""
    from panelrecords.services import api_tokens

    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account with the email address {email}")
    try:
        token = api_tokens.issue_token(user, by=Actor.system("cli"))
    except DomainError as error:
        raise click.ClickException(error.message) from None
    expires = api_tokens.expiry_of(token)
    click.echo(
        f"New API token for {user.email}, valid until {expires:%d %B %Y} "
        "(shown once; send it as 'Authorization: Bearer TOKEN'):"
    )
    click.echo(token)


@users_cli.command("revoke-tokens")
@click.argument("email")
def revoke_tokens(email: str) -> None:
    """Revoke every API token of an account."""
    from panelrecords.services import api_tokens

    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"No account with the email address {email}")
    count = api_tokens.revoke_tokens(user, by=Actor.system("cli"))
    click.echo(f"Revoked {count} token{'s' if count != 1 else ''} of {user.email}")


@audit_cli.command("verify")
def verify_audit() -> None:
    """Check the audit log's hash chain; exit 1 if it is broken."""
    problems = list(audit.verify())
    for problem in problems:
        click.echo(f"event {problem.sequence}: {problem.message}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo("The audit chain verifies.")


@demo_cli.command("load")
@click.option("--seed", default=2026, show_default=True, help="Seed for the synthetic data.")
@click.option("--decisions", default=500, show_default=True, help="How many published decision records to seed.")
def load_demo(seed: int, decisions: int) -> None:
    """Load synthetic demo data (idempotent). Refused outside development and demo modes."""
    from panelrecords.demo import DEMO_PASSWORD, DemoContext, load_all
    from panelrecords.demo.accounts import DEMO_ACCOUNTS

    if not current_app.config["DEMO_ALLOWED"]:
        raise click.ClickException("Demo data can only be loaded when PANELRECORDS_ENV is development or demo")
    load_all(DemoContext(seed=seed, options={"decisions": decisions}, log=lambda message: click.echo(f"  {message}")))
    click.echo("Demo data loaded. Demo accounts (password for all: " + DEMO_PASSWORD + "):")
    for email, _name, roles in DEMO_ACCOUNTS:
        click.echo(f"  {email:<26} {', '.join(ROLE_LABELS[r] for r in roles)}")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(demo_cli)
    from panelrecords.search.commands import search_cli

    app.cli.add_command(search_cli)
    from panelrecords.cli_privacy import privacy_cli

    app.cli.add_command(privacy_cli)
