"""Walk every page of the app as each kind of visitor and check who may see what.

Anonymous visitors see published meetings and open items; drafts and exempt items answer
404 to them. Councillors also see exempt items. Officers see everything.
"""

import io
from datetime import date

import pypdf
import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone

from alerts.models import AlertKind, Subscription
from alerts.tokens import confirm_token, unsubscribe_token
from meetings.letter_records import render_letter_record
from meetings.lifecycle import recommendation_agree, recommendation_letter_issued
from meetings.models import (
    Appendix,
    Attendance,
    CouncillorCallForAction,
    LineOfEnquiry,
    Meeting,
    Person,
    Presentation,
    RecommendationLetter,
    Report,
    Slides,
    StandardQuestion,
    WorkProgrammeItem,
)
from partnership.models import Action, ActionPlan, AgencyFormerName, ProgressUpdate
from scrutiny.documents.models import DocumentRender
from scrutiny.kernel.council import Council
from tests.factories import (
    AgendaItemFactory,
    AmendmentFactory,
    AttendanceFactory,
    CommitteeMemberFactory,
    CouncillorFactory,
    DeclarationFactory,
    MeetingFactory,
    MinuteFactory,
    MotionFactory,
    RecommendationFactory,
    RecordedVoteFactory,
    VoteFactory,
    meeting_with_a_full_record,
    meeting_with_minutes,
    meeting_with_supplements,
    recorded_meeting,
)
from tests.helpers import attach_pdf, download, png_logo, tiny_pdf

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "councillor", "officer")
ALL = dict.fromkeys(ROLES, 200)
DRAFT = {"anonymous": 404, "councillor": 404, "officer": 200}
EXEMPT = {"anonymous": 404, "councillor": 200, "officer": 200}
# Signed-in visitors are sent on from the sign-in page.
SIGN_IN = {"anonymous": 200, "councillor": 302, "officer": 302}
# Officers' pages: the signed-out are sent to sign in, councillors refused.
OFFICER = {"anonymous": 302, "councillor": 403, "officer": 200}
# Officers' actions take a POST; a GET is refused once the visitor is known to be an officer.
OFFICER_POST = {"anonymous": 302, "councillor": 403, "officer": 405}
# An old address that now lives elsewhere, for everyone.
MOVED = dict.fromkeys(ROLES, 301)


@pytest.fixture
def records(demo_meeting):
    """The demo meeting, plus an exempt item in it and a whole draft meeting."""
    author = Person.objects.get(name="Matt Roberts")
    exempt_item = AgendaItemFactory(
        meeting=demo_meeting, number=11, title="Exempt", is_exempt=True, exempt_paragraph=1
    )
    exempt_report = Report.objects.create(agenda_item=exempt_item, title="Exempt", author=author)
    exempt_presentation_item = AgendaItemFactory(
        meeting=demo_meeting, number=12, title="Exempt talk", is_exempt=True, exempt_paragraph=2
    )
    exempt_presentation = Presentation.objects.create(
        agenda_item=exempt_presentation_item, topic="Exempt talk"
    )
    draft = MeetingFactory(committee=demo_meeting.committee, status=Meeting.Status.DRAFT)
    draft_item = AgendaItemFactory(meeting=draft, number=1, title="Draft item")
    draft_report = Report.objects.create(agenda_item=draft_item, title="Draft", author=author)
    draft_presentation = Presentation.objects.create(
        agenda_item=AgendaItemFactory(meeting=draft, number=2), topic="Draft talk"
    )
    RecommendationFactory(meeting=draft)
    LineOfEnquiry.objects.create(meeting=draft, question="Draft question?")
    pdf = tiny_pdf()
    open_appendix = Appendix.objects.create(
        report=demo_meeting.agenda_items.get(number=7).report, number=3, title="Open"
    )
    attach_pdf(open_appendix, pdf)
    exempt_appendix = Appendix.objects.create(report=exempt_report, number=1, title="Exempt")
    attach_pdf(exempt_appendix, pdf)
    # Slides on an open and an exempt presentation (meetings/views/slides.py).
    for presentation in (demo_meeting.agenda_items.get(number=8).presentation, exempt_presentation):
        attach_pdf(Slides(presentation=presentation), pdf)
    # The work programme is public, but not what became an exempt item.
    WorkProgrammeItem.objects.create(
        committee=demo_meeting.committee,
        title="Exempt talk",
        kind="presentation",
        agenda_item=exempt_presentation_item,
    )
    planned = WorkProgrammeItem.objects.create(
        committee=demo_meeting.committee, title="Planned review", meeting=draft
    )
    # Minutes: an exempt item's, and a held meeting's not yet published, whose words
    # must reach no public page, feed or API result.
    minuted = meeting_with_a_full_record(exempt_words="Exempt talk")["meeting"]
    meeting_with_a_full_record(
        words="Draft talk",
        exempt_words="Draft talk",
        status=Meeting.Status.HELD,
        minutes_published_at=None,
    )
    # A meeting coming up with a published supplement and an open one, whose item waits
    # for officers only (meetings/supplementing.py).
    supplemented = meeting_with_supplements(demo_meeting.committee)
    return {
        "coming": supplemented["meeting"],
        "published_supplement": supplemented["published"],
        "open_supplement": supplemented["open"],
        "minuted": minuted,
        "planned": planned,
        "open_appendix": open_appendix,
        "exempt_appendix": exempt_appendix,
        "meeting": demo_meeting,
        "report": demo_meeting.agenda_items.get(number=7).report,
        "presentation": demo_meeting.agenda_items.get(number=8).presentation,
        "exempt_report": exempt_report,
        "exempt_presentation": exempt_presentation,
        "draft": draft,
        "draft_report": draft_report,
        "draft_presentation": draft_presentation,
    }


def call_for_action(committee) -> CouncillorCallForAction:
    call, _ = CouncillorCallForAction.objects.get_or_create(
        committee=committee,
        councillor="Cllr B. Example",
        ward="High Street",
        defaults={"matter": "Anti-social behaviour in the park.", "received_on": date(2018, 9, 3)},
    )
    return call


def expected_statuses(records):
    """Every page of the app, with the status each role should get."""
    meeting, draft = records["meeting"], records["draft"]
    committee = meeting.committee
    partnership = committee.partnership
    priority = partnership.plans.get().refreshes.get().priorities.first()
    return [
        (reverse("meetings:home"), ALL),
        (committee.get_absolute_url(), ALL),
        (meeting.get_absolute_url(), ALL),
        (draft.get_absolute_url(), DRAFT),
        (reverse("meetings:agenda_pdf", args=[meeting.pk]), ALL),
        (reverse("meetings:pack_pdf", args=[meeting.pk]), ALL),
        (reverse("meetings:pack_pdf", args=[draft.pk]), DRAFT),
        (reverse("meetings:agenda_pdf", args=[draft.pk]), DRAFT),
        (reverse("meetings:lines_of_enquiry", args=[meeting.pk]), ALL),
        (reverse("meetings:lines_of_enquiry_pdf", args=[meeting.pk]), ALL),
        (reverse("meetings:lines_of_enquiry_pdf", args=[draft.pk]), DRAFT),
        (reverse("meetings:lines_of_enquiry", args=[draft.pk]), DRAFT),
        (reverse("meetings:recommendations", args=[meeting.pk]), ALL),
        (reverse("meetings:recommendations", args=[draft.pk]), DRAFT),
        (reverse("meetings:tracker"), ALL),
        (reverse("meetings:calls_for_action"), ALL),
        (reverse("meetings:work_programme", args=[committee.slug]), ALL),
        (reverse("meetings:search"), ALL),
        (reverse("meetings:meetings_calendar"), ALL),
        (reverse("meetings:committee_calendar", args=[committee.slug]), ALL),
        (reverse("meetings:agendas_feed"), ALL),
        (reverse("meetings:api_meetings"), ALL),
        (reverse("meetings:api_agenda_items", args=[meeting.pk]), ALL),
        (reverse("meetings:api_recommendations"), ALL),
        (reverse("meetings:minutes_feed"), ALL),
        (reverse("meetings:api_minutes"), ALL),
        (reverse("meetings:api_resolutions"), ALL),
        (reverse("meetings:api_meeting_minutes", args=[records["minuted"].pk]), ALL),
        (reverse("meetings:api_meeting_minutes", args=[draft.pk]), DRAFT),
        (call_for_action(committee).get_absolute_url(), ALL),
        (reverse("meetings:tracker_csv"), ALL),
        (reverse("meetings:tracker_pdf"), ALL),
        (records["report"].get_absolute_url(), ALL),
        (reverse("meetings:report_pdf", args=[records["report"].pk]), ALL),
        (reverse("meetings:report_pdf", args=[records["exempt_report"].pk]), EXEMPT),
        (reverse("meetings:report_pdf", args=[records["draft_report"].pk]), DRAFT),
        (records["exempt_report"].get_absolute_url(), EXEMPT),
        (records["draft_report"].get_absolute_url(), DRAFT),
        (records["presentation"].get_absolute_url(), ALL),
        (records["exempt_presentation"].get_absolute_url(), EXEMPT),
        (records["draft_presentation"].get_absolute_url(), DRAFT),
        (records["report"].author.get_absolute_url(), ALL),
        (reverse("meetings:officer_detail", args=[records["report"].author.pk]), MOVED),
        (reverse("meetings:appendix_download", args=[records["open_appendix"].pk]), ALL),
        (reverse("meetings:appendix_download", args=[records["exempt_appendix"].pk]), EXEMPT),
        (reverse("meetings:slides_download", args=[records["presentation"].pk]), ALL),
        (reverse("meetings:slides_download", args=[records["exempt_presentation"].pk]), EXEMPT),
        (partnership.get_absolute_url(), ALL),
        (partnership.memberships.first().agency.get_absolute_url(), ALL),
        (priority.get_absolute_url(), ALL),
        (reverse("meetings:priority_briefing", args=[priority.pk]), ALL),
        (reverse("meetings:priority_briefing_pdf", args=[priority.pk]), ALL),
        (priority.lead_subgroup.get_absolute_url(), ALL),
        (partnership.corporate_priorities.get().get_absolute_url(), ALL),
        (reverse("accounts:sign_in"), SIGN_IN),
        (reverse("accounts:sign_out"), ALL),
        *councillor_pages(
            records, agency=partnership.memberships.first().agency, priority=priority
        ),
        *officer_pages(records),
        *minutes_pages(records),
        # Public, once officer_pages has given the council its logo.
        (reverse("meetings:council_logo"), ALL),
        # A forgotten password, for anyone (scrutiny/kernel/accounts.py); a link that no
        # longer works (here one never signed) is not found, with a page saying what to do.
        (reverse("accounts:password_reset"), ALL),
        (reverse("accounts:password_reset_sent"), ALL),
        (reverse("accounts:password_reset_confirm", args=["MQ", "no-such-token"]), GONE),
        (reverse("accounts:invitation_accept", args=["MQ", "no-such-token"]), GONE),
        # Officers' own two-factor sign-in (scrutiny/kernel/two_factor_views.py).
        (reverse("accounts:two_factor"), OFFICER),
        (reverse("accounts:two_factor_off"), OFFICER_POST),
        # Every meeting the reader may see, by month and as a list (views/calendar.py).
        (reverse("meetings:meetings"), ALL),
        (reverse("meetings:accessibility_statement"), ALL),
        *alert_pages(records["meeting"].committee),
        # Supplements: published, for everyone; open, for officers (meetings/supplementing.py).
        (records["coming"].get_absolute_url(), ALL),
        (reverse("meetings:supplement_pdf", args=[records["published_supplement"].pk]), ALL),
        (reverse("meetings:supplement_pdf", args=[records["open_supplement"].pk]), DRAFT),
        (reverse("meetings:supplement_publish", args=[records["open_supplement"].pk]), OFFICER),
    ]


# A link that is not one of ours (altered, made up, expired) is refused, whoever asks.
REFUSED_LINK = dict.fromkeys(ROLES, 404)


def alert_pages(committee):
    """The email alert pages: open to everyone, the links with a real and a forged token."""
    subscription = Subscription.objects.create(
        email="walker@example.org",
        committee=committee,
        kinds=AlertKind.AGENDA,
        requested_at=timezone.now(),
    )
    return [
        (reverse("alerts:subscribe"), ALL),
        (reverse("alerts:privacy"), ALL),
        (reverse("alerts:confirm", args=[confirm_token(subscription, [AlertKind.AGENDA])]), ALL),
        (reverse("alerts:confirm", args=["forged"]), REFUSED_LINK),
        (reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)]), ALL),
    ]


# A signed link that no longer works, for everyone.
GONE = dict.fromkeys(ROLES, 404)


def councillor_pages(records, *, agency, priority):
    """The members page and a councillor's page, whose record reaches into an exempt item
    and a draft meeting (never shown to the public), as do the priority's and agency's
    minutes walked above."""
    member = CouncillorFactory()
    committee = records["meeting"].committee
    recorded_meeting(committee, member, agency=agency, priority=priority)
    recorded_meeting(
        committee,
        member,
        agency=agency,
        priority=priority,
        title="Exempt talk",
        is_exempt=True,
        exempt_paragraph=2,
    )
    draft_item = records["draft"].agenda_items.get(title="Draft item")
    DeclarationFactory(agenda_item=draft_item, person=member, nature="Draft item")
    AttendanceFactory(meeting=records["draft"], person=member)
    return [
        (reverse("meetings:councillors"), ALL),
        (member.get_absolute_url(), ALL),
    ]


def officer_pages(records):
    meeting = records["meeting"]
    report = records["report"]
    section = report.sections.first()
    paragraph = section.paragraphs.first()
    appendix = report.appendices.order_by("number").first()
    presentation = records["presentation"]
    item = presentation.agenda_item
    binned = AgendaItemFactory(meeting=meeting, number=20)
    binned.mark_deleted(None)
    binned.save()
    pages = {
        "meeting_create": [],
        "meeting_update": [meeting.pk],
        "meeting_publish": [records["draft"].pk],
        "meeting_delete": [meeting.pk],
        "meeting_history": [meeting.pk],
        "item_create": [meeting.pk],
        "item_update": [item.pk],
        "item_delete": [item.pk],
        "report_create": [item.pk],
        "presentation_create": [report.agenda_item.pk],
        "report_update": [report.pk],
        "report_delete": [report.pk],
        "report_history": [report.pk],
        "section_create": [report.pk],
        "appendix_create": [report.pk],
        "appendix_update": [appendix.pk],
        "appendix_delete": [appendix.pk],
        "section_update": [section.pk],
        "paragraph_create": [section.pk],
        "paragraph_update": [paragraph.pk],
        "paragraph_delete": [paragraph.pk],
        "presentation_update": [presentation.pk],
        "presenter_create": [presentation.pk],
        "presenter_update": [presentation.presenters.first().pk],
        "line_of_enquiry_create": [meeting.pk],
        "line_of_enquiry_update": [meeting.lines_of_enquiry.first().pk],
        "standard_questions": [meeting.committee.pk],
        "standard_question_create": [meeting.committee.pk],
        "standard_question_update": [StandardQuestion.objects.first().pk],
        "recommendation_create": [meeting.pk],
        "recommendation_update": [meeting.recommendations.first().pk],
        "recommendation_delete": [meeting.recommendations.first().pk],
        # A proposed recommendation: being agreed is its next step.
        "recommendation_step": [meeting.recommendations.first().pk, "agreed"],
        "deleted_items": [],
        "compliance": [],
        "call_for_action_create": [meeting.committee.slug],
        "call_for_action_update": [call_for_action(meeting.committee).pk],
        "work_programme_item_create": [meeting.committee.slug],
        "work_programme_item_update": [records["planned"].pk],
        "work_programme_item_add_to_agenda": [records["planned"].pk],
        # Mending: each kind's delete page (views/mending.py).
        "section_delete": [section.pk],
        "presentation_delete": [presentation.pk],
        "presenter_delete": [presentation.presenters.first().pk],
        "line_of_enquiry_delete": [meeting.lines_of_enquiry.first().pk],
        "slides_upload": [presentation.pk],
        "slides_take_off": [presentation.pk],
    }
    # People and committee memberships (meetings/views/people.py).
    member = CommitteeMemberFactory(committee=meeting.committee, person__name="A. Chair")
    pages |= {
        "people": [],
        "person_create": [],
        "person_update": [member.person.pk],
        "person_delete": [member.person.pk],
        "member_create": [meeting.committee.slug],
        "member_update": [member.pk],
        "member_delete": [member.pk],
    }
    letter = RecommendationLetter.objects.create(
        meeting=meeting,
        addressee=meeting.committee.partnership.memberships.first().agency,
        reference="CDS/TEST/1",
        status="issued",
        issued_on=meeting.date,
    )
    pages["letters_issue"] = [meeting.pk]
    pages["letter_pdf"] = [letter.pk]
    # A recommendation in that letter whose response is long overdue, to be chased.
    late = RecommendationFactory(meeting=meeting, position=9, text="Report back.")
    late.addressee_agencies.set([letter.addressee])
    recommendation_agree(recommendation=late, user=None)
    recommendation_letter_issued(recommendation=late, user=None, issued_on=meeting.date)
    letter.recommendations.add(late)
    # Made as the task worker makes it once a letter is issued.
    render_letter_record.call(letter.pk)
    pages["chaser_pdf"] = [letter.pk]
    failed = DocumentRender.objects.create(
        reference="f" * 64,
        kind="agenda",
        params={"meeting": meeting.pk},
        tier="public",
        status=DocumentRender.Status.FAILED,
    )
    actions = {
        "document_retry": [failed.pk],
        "item_move": [item.pk],
        "lines_of_enquiry_add_standard": [meeting.pk],
        "restore": ["agenda-item", binned.pk],
        # Mending: each kind's Move up / Move down (views/mending.py).
        "section_move": [section.pk],
        "paragraph_move": [paragraph.pk],
        "appendix_move": [appendix.pk],
        "presenter_move": [presentation.presenters.first().pk],
        "line_of_enquiry_move": [meeting.lines_of_enquiry.first().pk],
        "recommendation_move": [meeting.recommendations.first().pk],
    }
    partnership = meeting.committee.partnership
    plan = partnership.plans.get()
    refresh = plan.refreshes.get()
    action_plan = ActionPlan.objects.first()
    action = Action.objects.create(action_plan=action_plan, description="Map the gangs")
    progress = ProgressUpdate.objects.create(action=action, date=meeting.date, text="Begun")
    agency = partnership.memberships.first().agency
    partnership_pages = {
        "partnership_update": [partnership.slug],
        "agency_create": [partnership.slug],
        "membership_create": [partnership.slug],
        "plan_create": [partnership.slug],
        "subgroup_create": [partnership.slug],
        "agency_update": [agency.pk],
        "former_name_create": [agency.pk],
        "former_name_update": [AgencyFormerName.objects.first().pk],
        "membership_update": [partnership.memberships.first().pk],
        "plan_update": [plan.pk],
        "refresh_create": [plan.pk],
        "refresh_update": [refresh.pk],
        "priority_create": [refresh.pk],
        "priority_update": [refresh.priorities.first().pk],
        "subgroup_update": [action_plan.subgroup.pk],
        "action_plan_create": [action_plan.subgroup.pk],
        "action_plan_update": [action_plan.pk],
        "action_create": [action_plan.pk],
        "action_update": [action.pk],
        "progress_update_create": [action.pk],
        "progress_update_update": [progress.pk],
        "corporate_priority_create": [],
        "corporate_priority_update": [partnership.corporate_priorities.get().pk],
    }
    # The set-up pages: the council, committees and their standard items.
    standard_item = meeting.committee.standard_items.first()
    pages.update(
        {
            "setup": [],
            "council_update": [],
            "committee_list": [],
            "committee_create": [],
            "committee_setup": [meeting.committee.pk],
            "committee_update": [meeting.committee.pk],
            "committee_delete": [meeting.committee.pk],
            "standard_item_create": [meeting.committee.pk],
            "standard_item_update": [standard_item.pk],
            "agenda_copy": [records["draft"].pk],
        }
    )
    actions.update(
        {
            "standard_item_move": [standard_item.pk],
            "standard_item_delete": [standard_item.pk],
        }
    )
    council = Council.current()
    council.logo = png_logo()
    council.save()
    # A report's body pasted or uploaded whole; several questions or recommendations at
    # once; partnerships listed and created.
    pages.update(
        report_body=[report.pk],
        lines_of_enquiry_add_several=[meeting.pk],
        recommendations_add_several=[meeting.pk],
    )
    partnership_pages.update(partnership_list=[], partnership_create=[])
    # A meeting's life, attendance and declarations (meetings/views/life.py): a published
    # meeting whose day has passed takes the steps, a held one records who came.
    life = life_meetings(meeting.committee)
    pages.update(
        meeting_mark_held=[life["published"].pk],
        meeting_cancel=[life["published"].pk],
        meeting_postpone=[life["published"].pk],
        attendance=[life["held"].pk],
        attendee_add=[life["held"].pk],
        declarations=[life["held"].pk],
        declaration_create=[life["held"].pk],
        declaration_update=[life["declaration"].pk],
        declaration_delete=[life["declaration"].pk],
    )
    actions["attendance_remove"] = [life["visitor"].pk]
    # Writing the minutes of a held meeting (meetings/views/minutes_editing.py).
    held = MeetingFactory(
        committee=meeting.committee, status=Meeting.Status.HELD, date=date(2018, 10, 2)
    )
    held_item = AgendaItemFactory(meeting=held, number=1, title="Held item")
    motion = MotionFactory(minute=MinuteFactory(agenda_item=held_item, number=900))
    amendment = AmendmentFactory(motion=motion, mover=motion.seconder, seconder=motion.mover)
    for person in (motion.mover, motion.seconder):
        AttendanceFactory(meeting=held, person=person)
    RecordedVoteFactory(vote=VoteFactory(motion=motion, recorded=True), person=motion.mover)
    pages.update(
        minutes_edit=[held.pk],
        minute_write=[held_item.pk],
        motion_add=[motion.minute.pk],
        motion_update=[motion.pk],
        motion_vote=[motion.pk],
        motion_decide=[motion.pk],
        amendment_add=[motion.pk],
        amendment_update=[amendment.pk],
        amendment_vote=[amendment.pk],
    )
    actions["minutes_start"] = [held.pk]
    # Publishing a meeting's draft minutes; approving an earlier meeting's at this one.
    pages.update(minutes_publish=[meeting.pk], minutes_approve=[meeting.pk])
    return [
        *(
            (reverse(f"partnership:{name}", args=args), OFFICER)
            for name, args in partnership_pages.items()
        ),
        *((reverse(f"meetings:{name}", args=args), OFFICER) for name, args in pages.items()),
        *((reverse(f"meetings:{name}", args=args), OFFICER_POST) for name, args in actions.items()),
        # A year's priorities reordered (partnership/views/ordering.py).
        (
            reverse("partnership:priority_move", args=[refresh.priorities.first().pk]),
            OFFICER_POST,
        ),
        # Accounts: who has one, inviting, withdrawing (meetings/views/accounts.py).
        (reverse("accounts:people"), OFFICER),
        (reverse("accounts:invite"), OFFICER),
        (reverse("accounts:withdraw", args=[_walked_account().pk]), OFFICER),
    ]


def _walked_account():
    """An account for the withdraw page to ask about (the walk only GETs it)."""
    account, _ = User.objects.get_or_create(username="walked@example.org")
    return account


def life_meetings(committee) -> dict:
    """A published meeting whose day has passed, and a held one with its attendance (a
    member present, apologies, a substitute, an invited councillor) and a declaration."""
    published = MeetingFactory(committee=committee, date=date(2019, 6, 4))
    held = MeetingFactory(committee=committee, date=date(2019, 7, 2), status=Meeting.Status.HELD)
    item = AgendaItemFactory(meeting=held, number=1, title="Knife crime")
    member, away = (
        CommitteeMemberFactory(committee=committee, person__name=name).person
        for name in ("A. Present", "A. Away")
    )
    AttendanceFactory(meeting=held, person=member)
    AttendanceFactory(meeting=held, person=away, status=Attendance.Status.APOLOGIES)
    AttendanceFactory(
        meeting=held,
        person=CouncillorFactory(name="A. Substitute"),
        role=Attendance.Role.SUBSTITUTE,
        substitute_for=away,
    )
    visitor = AttendanceFactory(
        meeting=held,
        person=CouncillorFactory(name="A. Cabinet Member"),
        role=Attendance.Role.INVITED,
    )
    declaration = DeclarationFactory(agenda_item=item, person=member)
    return {"published": published, "held": held, "visitor": visitor, "declaration": declaration}


def minutes_pages(records):
    """A meeting's minutes (meetings/views/minutes.py): published draft minutes with an
    exempt minute, and a draft meeting's; officers publish and approve them."""
    meeting, draft = records["meeting"], records["draft"]
    with_minutes = meeting_with_minutes(meeting.committee, date(2018, 11, 20))
    pages = [
        reverse("meetings:minutes", args=[with_minutes.pk]),
        reverse("meetings:minutes_pdf", args=[with_minutes.pk]),
    ]
    return [
        *((url, ALL) for url in pages),
        (reverse("meetings:minutes", args=[draft.pk]), DRAFT),
        (reverse("meetings:minutes_pdf", args=[draft.pk]), DRAFT_MINUTES_PDF),
    ]


# A draft meeting has no minutes to send yet, even to an officer.
DRAFT_MINUTES_PDF = dict.fromkeys(ROLES, 404)


def app_url_names():
    """The names of every URL the app's own apps define."""
    resolver = get_resolver()
    return {
        f"{namespace}:{pattern.name}"
        for namespace in ("meetings", "partnership", "accounts", "alerts")
        for pattern in resolver.namespace_dict[namespace][1].url_patterns
    }


def test_the_walk_covers_every_url_of_the_app(records):
    walked = set()
    for url, _ in expected_statuses(records):
        match = resolve(url.split("#")[0])
        walked.add(f"{match.namespace}:{match.url_name}")
    assert walked == app_url_names()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_page(client, records, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    pages = expected_statuses(records)
    expected = {url: statuses[role] for url, statuses in pages}
    # With the page cache on, as production runs: the second walk is answered from the
    # cache wherever a page was kept, and must answer the same.
    queries = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as walk:
            # A document's first answer says it is being prepared; the walk reads the second.
            got = {url: download(client, url).status_code for url, _ in pages}
        assert got == expected
        queries.append(len(walk))
    assert queries[1] < queries[0]


@pytest.mark.parametrize("page_cache", [0, 600], ids=["page cache off", "page cache on"])
def test_exempt_and_draft_titles_never_reach_anonymous_pages(
    client, records, officer, councillor, settings, page_cache
):
    """With the page cache on, an officer and a councillor read every page first, so
    that a copy of theirs handed to the public would show; with it off, the views' own
    checks are seen alone, with no cache in front of them."""
    settings.SCRUTINY_PAGE_CACHE_SECONDS = page_cache
    cache.clear()
    pages = expected_statuses(records)
    if page_cache:
        for user in (officer, councillor):
            reader = Client()
            reader.force_login(user)
            for url, _ in pages:
                download(reader, url)
    for url, statuses in pages:
        if statuses["anonymous"] == 200:
            response = download(client, url)
            if response.streaming:
                continue
            if response["Content-Type"] == "application/pdf":
                reader = pypdf.PdfReader(io.BytesIO(response.content))
                page = " ".join(each.extract_text() for each in reader.pages)
            else:
                page = response.content.decode()
            for secret in ("Exempt talk", "Draft item", "Draft question?", "Draft talk"):
                assert secret not in page, f"{secret!r} leaked on {url}"
    cache.clear()


# No row has this id (the largest a signed 64-bit id column holds is 2**63 - 1).
MISSING_ID = 2**62


def _with_ids(url: str, ids: dict) -> str:
    """The same URL pattern with its first number argument replaced (a missing or other
    record's id), or, where it takes none, its first slug replaced by one no record has."""
    match = resolve(url.split("#")[0])
    args = list(match.args) or list(match.kwargs.values())
    numbers = [index for index, arg in enumerate(args) if isinstance(arg, int)]
    if numbers:
        args[numbers[0]] = ids["number"]
    elif args:
        args[0] = ids["slug"]
    return reverse(f"{match.namespace}:{match.url_name}", args=args)


def _takes_arguments(url: str) -> bool:
    match = resolve(url.split("#")[0])
    return bool(match.args or match.kwargs)


def probed_officer_urls(records):
    """Every officer-only URL with an existing record, and again with a missing id and
    with the ids of records the public may not see: a draft meeting's, an exempt item's,
    a deleted item's, an exempt and a draft report's."""
    meeting, draft = records["meeting"], records["draft"]
    exempt_item = records["exempt_report"].agenda_item
    binned = AgendaItemFactory(meeting=draft, number=30)
    binned.mark_deleted(None)
    binned.save()
    hidden = {
        "meeting": [draft.pk],
        "item": [exempt_item.pk, binned.pk],
        "report": [records["exempt_report"].pk, records["draft_report"].pk],
    }
    by_parent = {
        "meeting_update": "meeting",
        "meeting_delete": "meeting",
        "meeting_history": "meeting",
        "item_create": "meeting",
        "line_of_enquiry_create": "meeting",
        "recommendation_create": "meeting",
        "letters_issue": "meeting",
        "lines_of_enquiry_add_standard": "meeting",
        "item_update": "item",
        "item_delete": "item",
        "item_move": "item",
        "report_create": "item",
        "presentation_create": "item",
        "report_update": "report",
        "report_delete": "report",
        "report_history": "report",
        "section_create": "report",
        "appendix_create": "report",
        "report_body": "report",
        "lines_of_enquiry_add_several": "meeting",
        "recommendations_add_several": "meeting",
        "meeting_mark_held": "meeting",
        "meeting_cancel": "meeting",
        "meeting_postpone": "meeting",
        "attendance": "meeting",
        "attendee_add": "meeting",
        "declarations": "meeting",
        "declaration_create": "meeting",
        "minutes_edit": "meeting",
        "minutes_start": "meeting",
        "minute_write": "item",
        "minutes_publish": "meeting",
        "minutes_approve": "meeting",
    }
    urls = []
    for url, _statuses in officer_pages(records):
        urls.append(url)
        match = resolve(url)
        if _takes_arguments(url):
            urls.append(_with_ids(url, {"number": MISSING_ID, "slug": "no-such-record"}))
        for pk in hidden.get(by_parent.get(match.url_name), []):
            urls.append(_with_ids(url, {"number": pk, "slug": None}))
    assert meeting.pk not in hidden["meeting"]
    return urls


def test_officer_pages_answer_by_who_asks_never_by_whether_the_record_exists(
    client, records, councillor
):
    """The public and councillors cannot learn which draft or exempt ids exist: every
    officer-only URL, with any id, sends the signed-out to sign in and refuses councillors."""
    urls = probed_officer_urls(records)
    sign_in = reverse("accounts:sign_in")
    anonymous = {url: client.get(url) for url in urls}
    assert {
        url: (response.status_code, response.get("Location", "").split("?")[0])
        for url, response in anonymous.items()
    } == dict.fromkeys(urls, (302, sign_in))
    client.force_login(councillor)
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 403)
    assert {url: client.post(url).status_code for url in urls} == dict.fromkeys(urls, 403)


@pytest.mark.parametrize("role", ROLES)
def test_a_public_page_for_a_missing_record_is_not_found(client, records, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    missing = {
        _with_ids(url, {"number": MISSING_ID, "slug": "no-such-record"})
        for url, statuses in expected_statuses(records)
        if statuses not in (OFFICER, OFFICER_POST) and _takes_arguments(url)
    }
    assert {url: client.get(url).status_code for url in missing} == dict.fromkeys(missing, 404)
