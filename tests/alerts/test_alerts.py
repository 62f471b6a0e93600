"""Email alerts: double opt-in, one email per event and subscriber, one-click unsubscribe
(RFC 8058), nothing exempt, and no email sent twice by a worker stopped mid-batch."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from alerts.models import AlertKind, OutboxEmail, Subscription
from alerts.sending import outbox_send
from alerts.subscribing import subscriptions_tidy
from meetings.lifecycle import (
    recommendation_agree,
    recommendation_letter_issued,
    recommendation_response_record,
)
from meetings.minutes_approval import minutes_publish
from meetings.models import Meeting
from meetings.services import meeting_publish
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    RecommendationFactory,
    meeting_with_minutes,
)
from tests.helpers import venue_change

EXEMPT_TITLE = "Exempt: the informant's identity"
LINK = re.compile(r"https?://\S+/alerts/(?:confirm|unsubscribe)/[^/\s]+/")


def _link(message, kind: str) -> str:
    links = [match.group(0) for match in LINK.finditer(message.body)]
    path = next(link for link in links if f"/alerts/{kind}/" in link)
    return path[path.index("/alerts/") :]


def _subscribe(client, email, committee=None, kinds=tuple(AlertKind.values)):
    response = client.post(
        reverse("alerts:subscribe"),
        {"email": email, "committee": committee.pk if committee else "", "kinds": list(kinds)},
    )
    assert response.status_code == 200
    assert b"Check your email" in response.content
    return mail.outbox[-1]


def _subscribed(client, email, committee=None, kinds=tuple(AlertKind.values)):
    confirm = _link(_subscribe(client, email, committee, kinds), "confirm")
    assert b"Confirm your email alerts" in client.get(confirm).content
    assert b"Your email alerts are on" in client.post(confirm).content
    mail.outbox.clear()
    return Subscription.objects.get(email=email, committee=committee)


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Crime and Disorder Committee")


@pytest.fixture
def meeting(committee):
    meeting = MeetingFactory(
        committee=committee, date=datetime.date(2031, 3, 4), status=Meeting.Status.DRAFT
    )
    AgendaItemFactory(meeting=meeting, number=1, title="Knife crime in the town centre")
    AgendaItemFactory(
        meeting=meeting, number=2, title=EXEMPT_TITLE, is_exempt=True, exempt_paragraph=2
    )
    return meeting


def _publish(meeting, officer, capture):
    with capture(execute=True):
        meeting_publish(meeting=meeting, user=officer)


def test_a_subscription_starts_only_when_its_address_confirms(client, committee):
    message = _subscribe(client, "reader@example.org", committee)
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert message.to == ["reader@example.org"]
    assert "Crime and Disorder Committee" in message.body
    html = message.alternatives[0][0]
    assert "Start my email alerts" in html
    # Following the link shows a button: a mail scanner's GET confirms nothing.
    confirm = _link(message, "confirm")
    client.get(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_the_form_asks_only_for_an_address_and_links_the_privacy_notice(client, db):
    page = client.get(reverse("alerts:subscribe")).content.decode()
    assert page.count('type="email"') == 1
    assert 'type="text"' not in page
    assert reverse("alerts:privacy") in page
    assert 'aria-current="page">Email alerts<' in page
    notice = client.get(reverse("alerts:privacy")).content.decode()
    for words in ("What we keep", "How long we keep it", "7 days"):
        assert words in notice


def test_bad_input_is_refused_with_a_message(client, db):
    response = client.post(reverse("alerts:subscribe"), {"email": "not an address"})
    assert response.status_code == 400
    assert b"Enter an email address in the correct format" in response.content
    assert b"Select at least one kind of alert" in response.content
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_an_altered_or_expired_confirmation_link_is_refused(client, committee):
    confirm = _link(_subscribe(client, "reader@example.org", committee), "confirm")
    altered = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + confirm[-2:]
    assert client.get(altered).status_code == 404
    assert b"This link does not work" in client.post(altered).content
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=8)):
        response = client.post(confirm)
    assert response.status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_unconfirmed_subscriptions_are_deleted_after_seven_days(client, committee):
    _subscribe(client, "forgetful@example.org", committee)
    _subscribed(client, "keen@example.org", committee)
    assert subscriptions_tidy() == 0
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=7, hours=1)):
        assert subscriptions_tidy() == 1
    assert list(Subscription.objects.values_list("email", flat=True)) == ["keen@example.org"]


def test_asking_again_changes_nothing_until_the_new_link_is_followed(client, committee):
    _subscribed(client, "reader@example.org", committee, kinds=[AlertKind.AGENDA])
    message = _subscribe(client, "reader@example.org", committee, kinds=[AlertKind.MINUTES])
    subscription = Subscription.objects.get()
    assert subscription.kind_list == [AlertKind.AGENDA]
    client.post(_link(message, "confirm"))
    subscription.refresh_from_db()
    assert subscription.kind_list == [AlertKind.MINUTES]


def test_each_event_sends_one_email_with_the_unsubscribe_headers_and_nothing_exempt(
    client, committee, meeting, officer, django_capture_on_commit_callbacks
):
    subscription = _subscribed(client, "reader@example.org", committee)
    _subscribed(client, "other@example.org", CommitteeFactory())  # another committee's
    _publish(meeting, officer, django_capture_on_commit_callbacks)
    # An edit afterwards tells no one again.
    with django_capture_on_commit_callbacks(execute=True):
        venue_change(meeting, "Town Hall", officer)
    assert outbox_send() == 1
    assert outbox_send() == 0
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "Agenda published: Crime and Disorder Committee, 4 March 2031"
    assert "Knife crime in the town centre" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/alerts/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "Knife crime in the town centre" in html and "Stop these alerts" in html
    for text in (message.subject, message.body, html, str(message.message())):
        assert EXEMPT_TITLE not in text
    assert OutboxEmail.objects.get().subscription == subscription


def test_minutes_and_a_partners_response_each_alert_once(
    client, committee, officer, django_capture_on_commit_callbacks
):
    _subscribed(client, "reader@example.org")  # every committee
    held = meeting_with_minutes(committee, datetime.date(2025, 1, 10), status=Meeting.Status.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=held, user=officer)
    recommendation = RecommendationFactory(meeting=held, text="That the police patrol the park.")
    recommendation_agree(recommendation=recommendation, user=officer)
    recommendation_letter_issued(
        recommendation=recommendation, user=officer, issued_on=datetime.date(2025, 1, 12)
    )
    with django_capture_on_commit_callbacks(execute=True):
        recommendation_response_record(
            recommendation=recommendation,
            user=officer,
            agency=AgencyFactory(name="Kent Police"),
            outcome="accepted",
            text="We will patrol the park every evening.",
            received_on=datetime.date(2025, 2, 1),
        )
    assert outbox_send() == 2
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Minutes published: Crime and Disorder Committee, 10 January 2025",
        "Response recorded: Kent Police, recommendation 1",
    ]
    for message in mail.outbox:
        assert "Exempt talk" not in message.body + message.alternatives[0][0]
    response = next(m for m in mail.outbox if m.subject.startswith("Response"))
    assert "We will patrol the park every evening." in response.body


def test_subscribers_hear_only_of_what_they_asked_for_and_of_nothing_before_they_confirmed(
    client, committee, meeting, officer, django_capture_on_commit_callbacks
):
    _publish(meeting, officer, django_capture_on_commit_callbacks)
    _subscribed(client, "late@example.org", committee)
    _subscribed(client, "minutes-only@example.org", kinds=[AlertKind.MINUTES])
    later = MeetingFactory(
        committee=committee, date=datetime.date(2031, 6, 1), status=Meeting.Status.DRAFT
    )
    AgendaItemFactory(meeting=later, number=1, title="Antisocial behaviour")
    _publish(later, officer, django_capture_on_commit_callbacks)
    assert outbox_send() == 1
    (message,) = mail.outbox
    assert message.to == ["late@example.org"]
    assert "1 June 2031" in message.subject


def test_one_click_unsubscribe_as_rfc_8058_describes_erases_the_address(
    client, committee, meeting, officer, django_capture_on_commit_callbacks
):
    _subscribed(client, "reader@example.org", committee)
    _subscribed(client, "stays@example.org", committee)
    _publish(meeting, officer, django_capture_on_commit_callbacks)
    outbox_send()
    message = next(m for m in mail.outbox if m.to == ["reader@example.org"])
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = url[url.index("/alerts/") :]
    # A mail client's POST: no cookie, no CSRF token, the body RFC 8058 gives.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(email="reader@example.org").exists()
    assert not OutboxEmail.objects.filter(subscription__email="reader@example.org").exists()
    # The link again, or a reader's click on it, finds nothing and says so.
    assert mail_client.post(path).status_code == 200
    assert b"already stopped" in client.get(path).content
    mail.outbox.clear()
    later = MeetingFactory(
        committee=committee, date=datetime.date(2031, 6, 1), status=Meeting.Status.DRAFT
    )
    AgendaItemFactory(meeting=later, number=1, title="Antisocial behaviour")
    _publish(later, officer, django_capture_on_commit_callbacks)
    outbox_send()
    assert [m.to for m in mail.outbox] == [["stays@example.org"]]


def test_a_forged_unsubscribe_link_ends_nothing(client, committee):
    subscription = _subscribed(client, "reader@example.org", committee)
    response = Client(enforce_csrf_checks=True).post(
        reverse("alerts:unsubscribe", args=["forged-token"])
    )
    assert response.status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_worker_stopped_between_two_emails_sends_neither_again(
    client, committee, meeting, officer, django_capture_on_commit_callbacks, monkeypatch
):
    for number in range(3):
        _subscribed(client, f"reader{number}@example.org", committee)
    _publish(meeting, officer, django_capture_on_commit_callbacks)
    from alerts import sending

    built = sending.alert_message
    calls = []

    def stopped_before_the_third(email, connection=None):
        calls.append(email.pk)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the worker is stopped: nothing in Python catches it
        return built(email, connection)

    monkeypatch.setattr(sending, "alert_message", stopped_before_the_third)
    with pytest.raises(KeyboardInterrupt):
        outbox_send()
    assert len(mail.outbox) == 2
    assert OutboxEmail.objects.unsent().count() == 1
    monkeypatch.setattr(sending, "alert_message", built)
    assert outbox_send() == 1
    addresses = sorted(message.to[0] for message in mail.outbox)
    assert addresses == [f"reader{number}@example.org" for number in range(3)]


def test_the_database_refuses_a_second_email_for_the_same_event_and_subscriber(
    client, committee, meeting, officer, django_capture_on_commit_callbacks
):
    from django.db import IntegrityError, transaction

    _subscribed(client, "reader@example.org", committee)
    _publish(meeting, officer, django_capture_on_commit_callbacks)
    email = OutboxEmail.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxEmail.objects.create(event=email.event, subscription=email.subscription)


def test_asking_too_often_is_refused_and_sends_nothing(client, committee, settings):
    settings.SCRUTINY_RATE_LIMITS = settings.SCRUTINY_RATE_LIMITS | {
        "subscribe": {"per_address": 2, "per_client": 10}
    }
    for _ in range(2):
        _subscribe(client, "reader@example.org", committee)
    response = client.post(
        reverse("alerts:subscribe"),
        {"email": "reader@example.org", "committee": committee.pk, "kinds": AlertKind.values},
    )
    assert response.status_code == 429
    assert b"Too many requests to subscribe to alerts" in response.content
    assert len(mail.outbox) == 2
