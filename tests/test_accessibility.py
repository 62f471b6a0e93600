"""WCAG 2.2 AA in a real browser: axe-core on every page of the demo data, and reflow at 320px.

axe-core comes from npm (``npm ci``); it is read from node_modules and evaluated in each
page, so nothing is fetched over the network. The page lists are shared with
test_html_validity.
"""

import datetime
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from alerts.models import AlertKind, Subscription
from alerts.tokens import confirm_token, unsubscribe_token
from meetings.lifecycle import (
    recommendation_agree,
    recommendation_letter_issued,
    recommendation_response_record,
    recommendation_update_record,
)
from meetings.models import (
    Appendix,
    CommitteeMember,
    CouncillorCallForAction,
    Meeting,
    Person,
    Presentation,
    Presenter,
    Report,
    WorkProgrammeItem,
)
from meetings.services import letters_issue
from partnership.models import (
    Action,
    ActionPlan,
    Agency,
    CorporatePriority,
    Partnership,
    Priority,
    ProgressUpdate,
    Subgroup,
)
from scrutiny.documents.models import DocumentRender
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    meeting_with_supplements,
    recorded_meeting,
)
from tests.meetings.test_minutes_document import minutes_pages_to_check
from tests.meetings.test_minutes_document import record as minutes_record  # noqa: F401
from tests.test_permissions import OFFICER, officer_pages

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# CI sets this so that missing tools fail the run instead of skipping.
TOOLS_REQUIRED = os.environ.get("SCRUTINY_REQUIRE_BROWSER") == "1"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe-core has no wcag22a tag).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 800}

pytestmark = pytest.mark.browser


def public_pages():
    """Every public page of the demo data set, as a visitor who is not signed in sees it."""
    pages = [
        reverse("meetings:home"),
        reverse("meetings:tracker"),
        reverse("meetings:calls_for_action"),
        reverse("meetings:search") + "?q=gang",
    ]
    for meeting in Meeting.objects.all():
        pages += [
            meeting.committee.get_absolute_url(),
            meeting.get_absolute_url(),
            reverse("meetings:lines_of_enquiry", args=[meeting.pk]),
            reverse("meetings:recommendations", args=[meeting.pk]),
            reverse("meetings:work_programme", args=[meeting.committee.slug]),
        ]
    for model in (
        Report,
        Presentation,
        Person,
        Partnership,
        Agency,
        Priority,
        Subgroup,
        CorporatePriority,
        CouncillorCallForAction,
    ):
        pages += [record.get_absolute_url() for record in model.objects.all()]
    pages += [
        reverse("meetings:priority_briefing", args=[pk])
        for pk in Priority.objects.values_list("pk", flat=True)
    ]
    pages += [reverse("accounts:sign_in"), reverse("accounts:sign_out")]
    pages += [reverse("meetings:councillors")]
    pages += [reverse("alerts:subscribe"), reverse("alerts:privacy")]
    # The pages an alert's links open: confirming, and stopping the alerts.
    subscription, _ = Subscription.objects.get_or_create(
        email="reader@example.org",
        committee=None,
        defaults={"kinds": AlertKind.AGENDA, "requested_at": timezone.now()},
    )
    pages += [
        reverse("alerts:confirm", args=[confirm_token(subscription, [AlertKind.AGENDA])]),
        reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]),
    ]
    pages += [reverse("meetings:accessibility_statement")]
    # The meetings page: this month's grid (empty for the demo data), the demo meeting's
    # month, the list, and a committee's year as a list.
    meetings = reverse("meetings:meetings")
    pages += [meetings, f"{meetings}?month=2018-09", f"{meetings}?view=list"]
    pages += [
        f"{meetings}?committee={slug}&year=2018&view=list"
        for slug in Meeting.objects.values_list("committee__slug", flat=True)[:1]
    ]
    pages += [reverse("accounts:password_reset"), reverse("accounts:password_reset_sent")]
    return list(dict.fromkeys(pages))


def officer_form_pages(meeting):
    """Every officer's page that answers a GET, reusing the walk in test_permissions.

    A draft meeting is added for the publish page, and a deleted item for the bin.
    """
    draft = MeetingFactory(committee=meeting.committee, status=Meeting.Status.DRAFT)
    records = {
        "meeting": meeting,
        "report": meeting.agenda_items.get(number=7).report,
        "presentation": meeting.agenda_items.get(number=8).presentation,
        "draft": draft,
        "planned": WorkProgrammeItem.objects.create(
            committee=meeting.committee, title="Planned review", meeting=draft
        ),
    }
    urls = [
        url
        for url, statuses in officer_pages(records)
        if statuses == OFFICER and not url.endswith(".pdf")  # documents are read back elsewhere
    ]
    # The step forms with more than a date: a response, once the letter has gone.
    answered = meeting.recommendations.get(position=2)
    if answered.status == answered.Status.PROPOSED:  # the filled-in data has moved it on
        recommendation_agree(recommendation=answered, user=None)
        recommendation_letter_issued(
            recommendation=answered, user=None, issued_on=datetime.date(2018, 9, 28)
        )
    return (
        urls
        + [
            reverse("meetings:recommendation_step", args=[answered.pk, kind])
            for kind in ("response", "closed")
        ]
        # Two-factor sign-in: its page, and setting an app up (a QR code and a key).
        + [reverse("accounts:two_factor"), reverse("accounts:two_factor") + "?set-up=1"]
    )


@pytest.fixture
def filled_in(demo_meeting):
    """The demo data plus what the seed leaves empty (actions, progress, members,
    responses), so that the pages' fuller layouts are checked too."""
    plan = ActionPlan.objects.get(subgroup__short_name="MAG")
    police = Agency.objects.get(name="Kent Police")
    action = Action.objects.create(
        action_plan=plan,
        description="Map the gangs active in the town centre",
        lead_agency=police,
        target_date=datetime.date(2019, 3, 31),
        rag_status="amber",
    )
    ProgressUpdate.objects.create(
        action=action, date=datetime.date(2019, 1, 10), text="Half mapped.", rag_status="amber"
    )
    cabinet = Person.objects.create(
        kind="councillor", name="Cllr A. Example", party="Independent", ward="High Street"
    )
    CommitteeMember.objects.create(committee=demo_meeting.committee, person=cabinet, role="chair")
    # A councillor who introduces the report and presents, as a Cabinet member may.
    Report.objects.filter(agenda_item__meeting=demo_meeting).update(introduced_by=cabinet)
    Presenter.objects.create(
        presentation=demo_meeting.agenda_items.get(number=8).presentation,
        position=9,
        person=cabinet,
        role="Cabinet Member for Community Safety",
    )
    # An exempt item: the public see its place and paragraph, officers the item itself.
    AgendaItemFactory(
        meeting=demo_meeting,
        number=11,
        title="Named offenders",
        is_exempt=True,
        exempt_paragraph=1,
    )
    CouncillorCallForAction.objects.create(
        committee=demo_meeting.committee,
        councillor="Cllr B. Example",
        ward="High Street",
        matter="Anti-social behaviour in the park after dark.",
        received_on=datetime.date(2018, 9, 3),
        decision="accepted",
        decided_on=datetime.date(2018, 9, 25),
        reasons="The partnership has not yet acted on it.",
    )
    # An appendix whose file could not be cleaned: officers see a warning beside it.
    Appendix.objects.filter(
        report__agenda_item__meeting=demo_meeting, report__agenda_item__number=7, number=1
    ).update(file="appendices/unchecked.pdf", file_problem="The file must be a PDF.")
    # Recommendation 2 through its life so far: agreed, sent, answered, under way.
    recommendation = demo_meeting.recommendations.get(position=2)
    recommendation_agree(recommendation=recommendation, user=None)
    letters_issue(meeting=demo_meeting, user=None, issued_on=datetime.date(2018, 9, 28))
    recommendation_response_record(
        recommendation=recommendation,
        user=None,
        agency=police,
        received_on=datetime.date(2018, 10, 20),
        outcome="accepted",
        text="We accept the recommendation.",
    )
    recommendation_update_record(
        recommendation=recommendation,
        user=None,
        text="The first report went to the partnership in January.",
        updated_on=datetime.date(2019, 1, 15),
    )
    # The work programme: an item for a coming meeting, one undated, one dropped.
    coming = MeetingFactory(
        committee=demo_meeting.committee,
        date=datetime.date.today() + datetime.timedelta(days=40),
        status=Meeting.Status.PUBLISHED,
    )
    planned = WorkProgrammeItem.objects.create(
        committee=demo_meeting.committee,
        title="Domestic abuse: the Forum's first year",
        purpose="How the Forum's action plan is working.",
        kind="presentation",
        meeting=coming,
    )
    planned.priorities.set(Priority.objects.filter(title="Domestic Abuse"))
    planned.agencies.set([police])
    WorkProgrammeItem.objects.create(
        committee=demo_meeting.committee, title="Mental health: who leads?", kind="other"
    )
    WorkProgrammeItem.objects.create(
        committee=demo_meeting.committee,
        title="Street lighting",
        status="dropped",
        dropped_reason="Not a crime and disorder matter.",
    )
    # Approved minutes: the councillor's record, and the priority and agency followed.
    recorded_meeting(
        demo_meeting.committee,
        cabinet,
        agency=police,
        priority=Priority.objects.filter(title="Domestic Abuse").first(),
    )
    # A held meeting, below quorum, with its attendance: the meeting page lists who came.
    held = MeetingFactory(
        committee=demo_meeting.committee, date=datetime.date(2019, 1, 22), status="held"
    )
    AttendanceFactory(meeting=held, person=cabinet, status="apologies")
    AttendanceFactory(
        meeting=held,
        person=Person.objects.create(kind="councillor", name="Cllr C. Substitute"),
        role="substitute",
        substitute_for=cabinet,
    )
    AttendanceFactory(meeting=held, person=Person.objects.get(name="Matt Roberts"), role="officer")
    return demo_meeting


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        if TOOLS_REQUIRED:
            pytest.fail(f"{AXE} is missing: run 'npm ci'")
        pytest.skip(f"{AXE} is missing: run 'npm ci'")
    return AXE.read_text()


def sign_in(page, client, user, live_server):
    """Give the browser the session of a user signed in through Django's test client."""
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def axe_violations(page, axe_source):
    """Run axe-core on the page as it stands; one line for each element that fails a rule."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate(), unlike a script tag, is not subject to a Content-Security-Policy.
        page.evaluate(axe_source + "\n;undefined")
    results = page.evaluate(
        """tags => axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            }).then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
            })))""",
        WCAG_TAGS,
    )
    return [
        f"{rule['id']} ({rule['impact']}: {rule['help']}) at {json.dumps(node['target'])}: "
        f"{node['summary']}"
        for rule in results
        for node in rule["nodes"]
    ]


def check_pages(page, base_url, urls, axe_source, status=200):
    """axe-core at desktop and at 320px wide, and no horizontal scrolling at 320px.

    The page is loaded once, at desktop width, then narrowed, as a reader zooming in
    would: the styles and GOV.UK Frontend's components follow the width as it changes.
    """
    problems = []
    for url in urls:
        page.set_viewport_size(WIDE)
        response = page.goto(base_url + url)
        assert response.status == status, f"{url} answered {response.status}"
        for viewport in (WIDE, NARROW):
            page.set_viewport_size(viewport)
            width = viewport["width"]
            problems += [f"{url} at {width}px: {v}" for v in axe_violations(page, axe_source)]
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width > NARROW["width"]:
            problems.append(f"{url}: scrolls sideways at 320px ({scroll_width}px wide)")
    return problems


def test_public_pages_meet_wcag_22_aa_and_reflow(live_server, page, filled_in, axe_source):
    urls = public_pages()
    assert len(urls) > 30
    problems = check_pages(page, live_server.url, urls, axe_source)
    assert not problems, "\n".join(problems)


def test_public_pages_as_an_officer_sees_them_meet_wcag_22_aa(
    live_server, page, client, filled_in, officer, axe_source
):
    """Officers see edit links and buttons on the public pages as well."""
    sign_in(page, client, officer, live_server)
    urls = [url for url in public_pages() if not url.startswith("/accounts/")]
    problems = check_pages(page, live_server.url, urls, axe_source)
    assert not problems, "\n".join(problems)


def test_officer_forms_meet_wcag_22_aa_and_reflow(
    live_server, page, client, demo_meeting, officer, axe_source
):
    urls = officer_form_pages(demo_meeting)
    assert len(urls) > 25
    sign_in(page, client, officer, live_server)
    problems = check_pages(page, live_server.url, urls, axe_source)
    assert not problems, "\n".join(problems)


def test_a_form_with_errors_meets_wcag_22_aa(
    live_server, page, client, demo_meeting, officer, axe_source
):
    sign_in(page, client, officer, live_server)
    problems = []
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + reverse("meetings:meeting_create"))
        # Send the empty form past the browser's own checks, so the server answers with errors.
        page.locator("main form").evaluate("form => { form.noValidate = true; }")
        page.locator("main form").get_by_role("button").last.click()
        page.wait_for_load_state()
        assert page.title().startswith("Error: "), page.title()
        assert page.locator(".govuk-error-summary").count() == 1
        problems += [f"{viewport['width']}px: {v}" for v in axe_violations(page, axe_source)]
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > NARROW["width"]:
        problems.append(f"scrolls sideways at 320px ({scroll_width}px wide)")
    assert not problems, "\n".join(problems)


def test_the_pages_about_a_pdf_not_ready_meet_wcag_22_aa(
    live_server, page, client, demo_meeting, officer, axe_source
):
    """Being prepared, could not be made, filters refused; and the failures officers see."""
    agenda = reverse("meetings:agenda_pdf", args=[demo_meeting.pk])
    client.get(agenda)
    DocumentRender.objects.update(
        status=DocumentRender.Status.FAILED,
        filename="2018-09-25-crime-and-disorder-committee-agenda.pdf",
        error="Rendering stopped: it took longer than its time limit.",
    )
    problems = check_pages(
        page,
        live_server.url,
        [reverse("meetings:pack_pdf", args=[demo_meeting.pk]), agenda],
        axe_source,
        status=503,
    )
    refused = reverse("meetings:tracker_pdf") + "?committee=999999"
    problems += check_pages(page, live_server.url, [refused], axe_source, status=400)
    sign_in(page, client, officer, live_server)
    problems += check_pages(page, live_server.url, [reverse("meetings:compliance")], axe_source)
    assert "Make it again" in page.content()
    assert not problems, "\n".join(problems)


def test_the_pages_about_issued_letters_meet_wcag_22_aa(
    live_server, page, client, demo_meeting, officer, axe_source
):
    """The edit form that asks about letters already issued (with and without its error),
    and the page that says a letter's record is being prepared (a 503)."""
    recommendation = demo_meeting.recommendations.get(position=2)
    recommendation_agree(recommendation=recommendation, user=None)
    letters_issue(meeting=demo_meeting, user=None, issued_on=datetime.date(2018, 9, 28))
    letter = demo_meeting.letters.first()
    sign_in(page, client, officer, live_server)
    problems = []
    edit = reverse("meetings:recommendation_update", args=[recommendation.pk])
    for url, status in ((edit, 200), (reverse("meetings:letter_pdf", args=[letter.pk]), 503)):
        page.set_viewport_size(WIDE)
        assert page.goto(live_server.url + url).status == status, url
        for viewport in (WIDE, NARROW):
            page.set_viewport_size(viewport)
            problems += [
                f"{url} at {viewport['width']}px: {v}" for v in axe_violations(page, axe_source)
            ]
    page.goto(live_server.url + edit)
    page.locator("main form").evaluate("form => { form.noValidate = true; }")
    page.locator("main form").get_by_role("button").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: "), page.title()
    problems += [f"{edit} with errors: {v}" for v in axe_violations(page, axe_source)]
    assert not problems, "\n".join(problems)


def test_a_pasted_reports_preview_meets_wcag_22_aa(
    live_server, page, client, demo_meeting, officer, axe_source
):
    """The preview exists only after a POST: the browser pastes a report and previews it,
    then sends the confirmation without the answer it needs, and both pages are checked."""
    sign_in(page, client, officer, live_server)
    report = demo_meeting.agenda_items.get(number=7).report
    page.set_viewport_size(WIDE)
    page.goto(live_server.url + reverse("meetings:report_body", args=[report.pk]))
    page.get_by_label("Paste the report's text").fill(
        "Report title\n1 Summary\n1.1 The partnership:\n• Gangs\n• Domestic abuse\n"
        "2 Performance\nAgency\tLead\nKent Police\tInspector"
    )
    page.get_by_role("button", name="Preview the sections and paragraphs").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Check the sections and paragraphs").is_visible()
    problems = []
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        problems += [
            f"preview at {viewport['width']}px: {v}" for v in axe_violations(page, axe_source)
        ]
    page.set_viewport_size(WIDE)
    page.get_by_role("button", name="Replace the sections and paragraphs").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        problems += [
            f"refused at {viewport['width']}px: {v}" for v in axe_violations(page, axe_source)
        ]
    assert not problems, "\n".join(problems)


def test_the_minutes_pages_meet_wcag_22_aa_and_reflow(
    live_server,
    page,
    client,
    minutes_record,  # noqa: F811 (the fixture, imported above)
    officer,
    axe_source,
):
    urls = minutes_pages_to_check(client, minutes_record, officer)
    problems = check_pages(page, live_server.url, urls["public"], axe_source)
    sign_in(page, client, officer, live_server)
    problems += check_pages(page, live_server.url, urls["officer"], axe_source)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True)
def test_the_set_password_pages_meet_wcag_22_aa_and_reflow(live_server, page, axe_source):
    """The form an invitation's link opens, and the page for a link that no longer works."""
    from django.contrib.auth.models import User
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from scrutiny.kernel.accounts import invitation_tokens

    invited = User.objects.create_user("invited@example.org", email="invited@example.org")
    invited.set_unusable_password()
    invited.save()
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    valid = reverse("accounts:invitation_accept", args=[uid, invitation_tokens.make_token(invited)])
    problems = check_pages(page, live_server.url, [valid], axe_source)
    used = reverse("accounts:invitation_accept", args=[uid, "no-such-token"])
    problems += check_pages(page, live_server.url, [used], axe_source, status=404)
    assert not problems, "\n".join(problems)


def test_the_supplement_pages_meet_wcag_22_aa_and_reflow(
    live_server, page, client, demo_meeting, officer, axe_source
):
    """A meeting with a published supplement and an open one, as the public and an officer
    see it, the report it published, and the page that publishes the open one, on time
    and late (when it asks why the business is urgent)."""
    supplemented = meeting_with_supplements(demo_meeting.committee)
    late = meeting_with_supplements(demo_meeting.committee, days_ahead=2)["open"]
    meeting = supplemented["meeting"]
    report = meeting.agenda_items.get(number=2).report
    public = [meeting.get_absolute_url(), report.get_absolute_url()]
    problems = check_pages(page, live_server.url, public, axe_source)
    sign_in(page, client, officer, live_server)
    publish = [
        reverse("meetings:supplement_publish", args=[supplement.pk])
        for supplement in (supplemented["open"], late)
    ]
    problems += check_pages(page, live_server.url, [*public, *publish], axe_source)
    assert not problems, "\n".join(problems)
