"""Every page's HTML passes the Nu Html Checker (vnu-jar from npm, run with Java).

Pages are rendered with Django's test client, written to files and checked in one run
of the checker, as the JVM is slow to start.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from meetings.models import Appendix
from partnership.models import Agency, Priority
from scrutiny.documents.models import DocumentRender
from scrutiny.kernel.accounts import invitation_tokens
from tests.factories import CouncillorFactory, meeting_with_supplements, recorded_meeting
from tests.helpers import retire_cached_pages

# The filled-in demo data, so that the pages' fuller layouts are checked too.
from tests.meetings.test_minutes_document import minutes_pages_to_check
from tests.meetings.test_minutes_document import record as minutes_record  # noqa: F401
from tests.test_accessibility import filled_in, officer_form_pages, public_pages  # noqa: F401

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
# CI sets this so that missing tools fail the run instead of skipping.
TOOLS_REQUIRED = os.environ.get("SCRUTINY_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def vnu():
    missing = []
    if not JAVA:
        missing.append("java is not installed (apt-get install default-jre-headless)")
    if not VNU.exists():
        missing.append(f"{VNU} is missing (run 'npm ci')")
    if missing:
        if TOOLS_REQUIRED:
            pytest.fail("; ".join(missing))
        pytest.skip("; ".join(missing))
    return [JAVA, "-jar", str(VNU)]


def html_errors(vnu, pages, directory):
    """Check {label: html} in one run of the checker; one line for each error."""
    labels = {}
    for number, (label, html) in enumerate(pages.items()):
        path = directory / f"page-{number:03}.html"
        path.write_bytes(html)
        labels[path.name] = label
    run = subprocess.run(
        [*vnu, "--format", "json", "--stdout", *(str(directory / name) for name in labels)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.stdout, run.stderr
    errors = []
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] in ("error", "non-document-error"):
            label = labels.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
            errors.append(
                f"{label} line {message.get('lastLine', '?')}: {message['message']}"
                f" [{message.get('extract', '').strip()}]"
            )
    return errors


def render(client, urls, role):
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        pages[f"{url} ({role})"] = response.content
    return pages


@pytest.mark.usefixtures("filled_in")
def test_every_page_is_valid_html(client, demo_meeting, officer, vnu, tmp_path):
    pages = render(client, public_pages(), "public")
    client.force_login(officer)
    officer_urls = [url for url in public_pages() if not url.startswith("/accounts/")]
    officer_urls += officer_form_pages(demo_meeting)
    pages |= render(client, officer_urls, "officer")
    # A form sent back with errors: the error summary and error messages.
    response = client.post(reverse("meetings:meeting_create"), {})
    assert response.status_code == 200
    pages["/meetings/new/ (officer, with errors)"] = response.content
    # The tracker a page at a time, with its pagination links.
    with mock.patch("meetings.views.tracker.PAGE_SIZE", 1):
        response = client.get(reverse("meetings:tracker") + "?page=2")
    assert 'rel="next"' in response.content.decode()
    pages["/recommendations/?page=2 (officer, one a page)"] = response.content
    # A PDF not ready: being prepared, could not be made, filters refused; and the failures
    # officers see on the compliance page.
    agenda = reverse("meetings:agenda_pdf", args=[demo_meeting.pk])
    pages["agenda.pdf (being prepared)"] = client.get(agenda).content
    DocumentRender.objects.update(status=DocumentRender.Status.FAILED, error="It failed.")
    pages["agenda.pdf (could not be made)"] = client.get(agenda).content
    refused = client.get(reverse("meetings:tracker_pdf"), {"committee": "999999"})
    pages["tracker.pdf (filters refused)"] = refused.content
    compliance = client.get(reverse("meetings:compliance")).content
    assert b"Make it again" in compliance
    pages["/compliance/ (a PDF failed)"] = compliance
    # The page for a request sent to another site name (a bad Host header).
    response = client.get(reverse("meetings:home"), HTTP_HOST="attacker.example")
    assert response.status_code == 400
    pages["/ (officer, another site name)"] = response.content
    # Once letters are issued: the edit form that asks about them, sent without the
    # confirmation, and the page saying a letter is being prepared.
    issued = demo_meeting.recommendations.get(position=2)
    edit = reverse("meetings:recommendation_update", args=[issued.pk])
    pages[f"{edit} (officer, letters issued)"] = client.get(edit).content
    response = client.post(edit, {"text": "Changed."})
    assert "Confirm that you understand" in response.content.decode()
    pages[f"{edit} (officer, letters issued, with errors)"] = response.content
    # One issued above; the permissions walk made another, with its record, for the PDFs.
    letter = demo_meeting.letters.filter(record="").first()
    response = client.get(reverse("meetings:letter_pdf", args=[letter.pk]))
    assert response.status_code == 503
    pages["letter being prepared (officer)"] = response.content
    # A report pasted whole: the preview of its sections and paragraphs, which asks before
    # replacing those the report has, and the confirmation sent without that answer.
    report = demo_meeting.agenda_items.get(number=7).report
    body = reverse("meetings:report_body", args=[report.pk])
    pasted = "Title\n1 Summary\n1.1 One:\n- a\n- b\n2 Risk\nCell\tCell"
    preview = client.post(body, {"step": "preview", "text": pasted})
    assert b"Check the sections and paragraphs" in preview.content
    pages[f"{body} (officer, preview)"] = preview.content
    refused = client.post(body, {"confirm-step": "confirm", "confirm-text": pasted})
    assert b"govuk-error-summary" in refused.content
    pages[f"{body} (officer, confirm with errors)"] = refused.content
    # A councillor's record, and the minutes followed on a priority, an agency and a
    # recommendation (meetings/councillors.py, meetings/following.py).
    member = CouncillorFactory()
    police = Agency.objects.get(name="Kent Police")
    priority = Priority.objects.filter(title="Domestic Abuse").first()
    recorded = recorded_meeting(demo_meeting.committee, member, agency=police, priority=priority)
    for url in (
        member.get_absolute_url(),
        police.get_absolute_url(),
        priority.get_absolute_url(),
        reverse("meetings:recommendations", args=[recorded.pk]),
    ):
        pages[f"{url} (officer, with minutes)"] = client.get(url).content
    # The accessibility statement listing an appendix the upload check flagged, as the
    # public read it (rendered afresh: the test's writes are never committed).
    Appendix.objects.filter(
        report__agenda_item__meeting=demo_meeting, report__agenda_item__number=7, number=2
    ).update(
        file="appendices/flagged.pdf",
        file_is_clean=True,
        file_is_tagged=False,
        file_language="",
        file_pages_without_text=[1],
        page_count=2,
    )
    retire_cached_pages()
    statement = Client().get(reverse("meetings:accessibility_statement")).content
    assert b"partially compliant" in statement
    pages["/accessibility/ (public, an appendix flagged)"] = statement
    # Supplements (meetings/supplementing.py): a meeting with a published and an open one,
    # as the public and an officer see it, and the publish page, on time and late.
    supplemented = meeting_with_supplements(demo_meeting.committee)
    late = meeting_with_supplements(demo_meeting.committee, days_ahead=2)["open"]
    supplemented_url = supplemented["meeting"].get_absolute_url()
    retire_cached_pages()
    pages[f"{supplemented_url} (public, supplements)"] = Client().get(supplemented_url).content
    pages[f"{supplemented_url} (officer, supplements)"] = client.get(supplemented_url).content
    for supplement in (supplemented["open"], late):
        publish = reverse("meetings:supplement_publish", args=[supplement.pk])
        pages[f"{publish} (officer)"] = client.get(publish).content
    assert b"Why is the business urgent?" in pages[f"{publish} (officer)"]
    # The meetings page refusing filters it cannot read: its error summary and form.
    refused = client.get(reverse("meetings:meetings"), {"view": "week", "year": "twenty"})
    assert refused.status_code == 400
    pages["/meetings/?view=week&year=twenty (filters refused)"] = refused.content
    # Accounts: an invitation sent back with errors, a reset asked for too often, the
    # form a set-password link opens and the page for one that no longer works.
    refused = client.post(reverse("accounts:invite"), {"email": "no", "role": "officer"})
    assert b"govuk-error-summary" in refused.content
    pages["/accounts/people/invite/ (officer, with errors)"] = refused.content
    client.logout()
    invited = User.objects.create_user("invited@example.org", email="invited@example.org")
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    link = reverse("accounts:invitation_accept", args=[uid, invitation_tokens.make_token(invited)])
    form_page = client.get(link, follow=True)
    assert b"Set your password" in form_page.content
    pages["set password (invitation)"] = form_page.content
    weak = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "x"}
    )
    assert b"govuk-error-summary" in weak.content
    pages["set password (with errors)"] = weak.content
    gone = client.get(reverse("accounts:password_reset_confirm", args=[uid, "no-such-token"]))
    assert gone.status_code == 404
    pages["set password (link no longer works)"] = gone.content
    with override_settings(
        SCRUTINY_RATE_LIMITS={"password_reset": {"per_address": 0, "per_client": 0}}
    ):
        limited = client.post(reverse("accounts:password_reset"), {"email": "a@example.org"})
    assert limited.status_code == 429
    pages["password reset (too many requests)"] = limited.content
    # A page known to be invalid shows that the checker ran and read every file.
    pages["canary"] = b"<!DOCTYPE html><html lang=en><title>Canary</title><p>Stray</span>"
    errors = html_errors(vnu, pages, tmp_path)
    canary = [error for error in errors if error.startswith("canary ")]
    assert len(canary) == 1 and "Stray end tag" in canary[0], errors
    errors.remove(canary[0])
    assert not errors, "\n".join(errors)


def test_the_minutes_pages_are_valid_html(
    client,
    db,
    minutes_record,  # noqa: F811 (the fixture, imported above)
    officer,
    vnu,
    tmp_path,
):
    urls = minutes_pages_to_check(client, minutes_record, officer)
    pages = render(client, urls["public"], "public")
    client.force_login(officer)
    pages |= render(client, urls["officer"], "officer")
    approve = urls["officer"][1]
    refused = client.post(approve, {"approval": "corrections"})
    assert b"govuk-error-summary" in refused.content
    pages[f"{approve} (officer, with errors)"] = refused.content
    assert html_errors(vnu, pages, tmp_path) == []
