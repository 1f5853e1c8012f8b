"""The demo officers' names share no word with the demo cases' names, so the leak crawl of the demo archive is
about the code, not about a coincidence of invented names."""

from __future__ import annotations

from panelrecords.demo import governance, recording


def _words(names) -> set[str]:
    return {word.strip(".").lower() for name in names for word in name.split()}


def test_board_members_and_guests_share_no_name_with_demo_cases():
    people = [name for board in governance.BOARDS.values() for name, *_ in board["members"]]
    people += [name for name, *_ in governance.GUESTS]
    family = _words(recording.FIRST + recording.SURNAMES + recording.PARENT_FIRST)
    assert not _words(people) & family
