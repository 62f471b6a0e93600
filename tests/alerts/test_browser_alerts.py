"""A reader subscribes to a committee's alerts in the browser, confirms through the link
that reached a real SMTP server, hears of an agenda, of a supplement to it and of
minutes as an officer publishes them, one email each, then unsubscribes as RFC 8058
describes and hears no more. Starts from an empty database."""

import datetime
import urllib.request

import pytest

from alerts.sending import outbox_send
from meetings.models import Meeting
from tests.browser_steps import sign_in, submit
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    meeting_with_minutes,
)

pytestmark = pytest.mark.browser

READER = "resident@example.org"
EXEMPT_TITLE = "Exempt: a named offender"


def _worker_sends() -> None:
    """What the task worker does when an event owes emails."""
    outbox_send()


def _publish(page, base, meeting):
    page.goto(f"{base}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Publish meeting").click()
    page.get_by_role("button", name="Publish meeting").click()
    page.wait_for_load_state()
    assert page.get_by_text("The meeting has been published.").count() == 1


def _add_item(page, base, meeting, title, exempt_paragraph=None):
    page.goto(f"{base}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Add an agenda item").click()
    page.check("input[name=kind][value=other]")
    page.fill("input[name=title]", title)
    if exempt_paragraph:
        page.check("input[name=is_exempt]")
        page.select_option("select[name=exempt_paragraph]", exempt_paragraph)
    submit(page, "Save item")


def test_a_reader_follows_a_committee_by_email_and_stops_with_one_click(
    live_server, page, officer, smtp_server, settings
):
    base = live_server.url
    # The emails' links lead to the site's address: here, the test's server.
    settings.SCRUTINY_SITE_URL = f"{base}/"
    committee = CommitteeFactory(name="Crime and Disorder Committee", slug="crime-and-disorder")
    coming = datetime.date.today() + datetime.timedelta(days=60)
    meeting = MeetingFactory(committee=committee, date=coming, status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting, number=1, title="Knife crime in the town centre")
    AgendaItemFactory(
        meeting=meeting, number=2, title=EXEMPT_TITLE, is_exempt=True, exempt_paragraph=1
    )
    held = meeting_with_minutes(
        committee, datetime.date.today() - datetime.timedelta(days=10), Meeting.Status.HELD
    )

    # The reader asks from the committee's page, with nothing but an address.
    page.goto(f"{base}{committee.get_absolute_url()}")
    page.get_by_role("link", name="Get email alerts about this committee").click()
    assert page.locator("select[name=committee] option:checked").inner_text() == committee.name
    page.get_by_label("Email address").fill(READER)
    submit(page, "Subscribe")
    assert page.get_by_role("heading", name="Check your email").count() == 1
    (invitation,) = smtp_server.to(READER)
    (confirm,) = [link for link in smtp_server.links(invitation) if "/alerts/confirm/" in link]
    page.goto(confirm)
    submit(page, "Confirm")
    assert page.get_by_role("heading", name="Your email alerts are on").count() == 1

    # An officer publishes the agenda, then a supplement to it, then the draft minutes of
    # the last meeting.
    sign_in(page, base, "officer")
    _publish(page, base, meeting)
    _worker_sends()
    _add_item(page, base, meeting, "Night-time economy")
    _add_item(page, base, meeting, "Exempt: a late named offender", exempt_paragraph="1")
    page.goto(f"{base}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Publish supplement 1").click()
    submit(page, "Publish supplement")
    assert page.get_by_text("Supplement 1 has been published.").count() == 1
    _worker_sends()
    page.goto(f"{base}/meetings/{held.pk}/minutes/publish/")
    submit(page, "Publish the draft minutes")
    _worker_sends()
    _worker_sends()  # nothing is sent twice

    alerts = smtp_server.to(READER)[1:]
    assert [alert["Subject"] for alert in alerts] == [
        f"Agenda published: Crime and Disorder Committee, {coming:%-d %B %Y}",
        f"Supplement 1 published: Crime and Disorder Committee, {coming:%-d %B %Y}",
        f"Minutes published: Crime and Disorder Committee, {held.date:%-d %B %Y}",
    ]
    for alert in alerts:
        assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # A long header is folded after its name; unfolded, it is the one link.
        assert alert["List-Unsubscribe"].strip().startswith(f"<{base}/alerts/unsubscribe/")
        assert alert.get_body(preferencelist=("html",)) is not None
        assert EXEMPT_TITLE not in alert.as_string()
        assert "late named offender" not in alert.as_string()
        assert "Exempt talk" not in alert.as_string()
    assert "Knife crime in the town centre" in smtp_server.text(alerts[0])
    supplement = smtp_server.text(alerts[1])
    assert "3. Night-time economy" in supplement
    assert "4. Exempt item — Schedule 12A paragraph 1" in supplement

    # The mail client's one-click POST: no cookie, no CSRF token, the body RFC 8058 gives.
    unsubscribe = alerts[0]["List-Unsubscribe"].strip().strip("<>")
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        unsubscribe,
        data=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:  # noqa: S310 - the test's own server
        assert answer.status == 200

    # Nothing more reaches the address.
    later = MeetingFactory(
        committee=committee, date=coming + datetime.timedelta(days=30), status=Meeting.Status.DRAFT
    )
    AgendaItemFactory(meeting=later, number=1, title="Antisocial behaviour")
    _publish(page, base, later)
    _worker_sends()
    assert len(smtp_server.to(READER)) == 4
