"""An administrator signs a person out everywhere, and sees and lifts a pause on their sign-in, through the pages."""

from __future__ import annotations

from panelrecords.models.users import Role
from tests.conftest import PASSWORD


def _sign_in(client, csrf_token, email, password=PASSWORD):
    token = csrf_token(client, "/sign-in")
    return client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token})


def test_an_administrator_signs_a_person_out_everywhere(app, client, db, csrf_token, login_as):
    person_browser = app.test_client()
    person = login_as(Role.CLERK, client=person_browser)
    assert person_browser.get("/records/").status_code == 200
    login_as(Role.ADMIN)
    url = f"/records/admin/users/{person.id}"
    assert "Sign out everywhere" in client.get(url).get_data(as_text=True)
    response = client.post(f"{url}/sign-out-everywhere", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302 and response.headers["Location"].endswith("done=sign-out-everywhere")
    assert "Signed out everywhere" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert person_browser.get("/records/").status_code == 302  # sent back to sign in


def test_an_administrator_sees_a_paused_sign_in_and_lifts_it(app, client, db, csrf_token, login_as):
    stranger = app.test_client()
    person = login_as(Role.CLERK, client=app.test_client())
    for _ in range(app.config["SIGN_IN_MAX_FAILURES"]):
        _sign_in(stranger, csrf_token, person.email, "not the password")
    assert _sign_in(stranger, csrf_token, person.email).status_code != 302  # paused, even with the right one
    login_as(Role.ADMIN)
    url = f"/records/admin/users/{person.id}"
    page = client.get(url).get_data(as_text=True)
    assert "sign-in paused after failed attempts until" in page and "Unlock account" in page
    client.post(f"{url}/unlock", data={"csrf_token": csrf_token(client, url)})
    assert "sign-in paused" not in client.get(url).get_data(as_text=True)
    assert _sign_in(stranger, csrf_token, person.email).status_code == 302
