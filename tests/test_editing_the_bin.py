"""Nothing in the bin can be edited until it is restored.

Every officer editing or confirming URL of the two apps, found from the URL resolver (so a
new one is walked without being listed here), is asked by an officer, GET and POST, for a
deleted meeting and every kind of record in it, and for the records of a deleted agenda
item, report and recommendation in a live meeting. Each answers 404, as the public pages
do; none opens and none fails. The bin's restore page still reaches what they refuse.
"""

import pytest
from django.apps import apps
from django.urls import get_resolver, reverse

from meetings.models import (
    AgendaItem,
    Appendix,
    Committee,
    CouncillorCallForAction,
    LineOfEnquiry,
    Meeting,
    Person,
    Presentation,
    Presenter,
    Report,
    ReportParagraph,
    ReportSection,
    StandardItem,
    StandardQuestion,
    Supplement,
    WorkProgrammeItem,
)
from meetings.services import child_delete, record_delete
from scrutiny.kernel.editing import EditableObjectMixin, ParentMixin
from scrutiny.kernel.models import SoftDeletable
from scrutiny.kernel.officers import OfficerRequiredMixin
from tests.factories import (
    AgencyFactory,
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
)

pytestmark = pytest.mark.django_db

APPS = ("meetings", "partnership")

# Person pages that name a record but change nothing of it: reading what was deleted is
# how an officer finds what to restore, and the bin's restore page is how they do it.
NOT_EDITING = {
    "meetings:meeting_history",
    "meetings:report_history",
    "meetings:letter_pdf",
    "meetings:chaser_pdf",
    "meetings:restore",
    # A document that failed to be made, not a record of the committee's.
    "meetings:document_retry",
}

# Edited records that belong to no meeting: the committee's own, and the library of
# standard questions. A planned item only names the meeting it is planned for, and stays
# editable when that meeting is deleted (adding it to that agenda is refused, saying why).
NOT_IN_A_MEETING = {
    Committee,
    CouncillorCallForAction,
    StandardItem,
    StandardQuestion,
    WorkProgrammeItem,
}

# The URL arguments that are not the record, with a value each view accepts.
OTHER_ARGUMENTS = {"kind": "agreed"}

MISSING_ID = 2**62


def edited_model(view):
    """The model whose record an officer's editing or confirming view looks up from its
    URL, or None for a view that is not one."""
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return getattr(view, "edits_model", None)
    if issubclass(view_class, ParentMixin):
        return view_class.parent_model
    if issubclass(view_class, EditableObjectMixin):
        return view_class.model
    return None


def officer_patterns():
    """(name, model, argument names) for every URL of the apps that names a record."""
    resolver = get_resolver()
    for namespace in APPS:
        for pattern in resolver.namespace_dict[namespace][1].url_patterns:
            arguments = list(pattern.pattern.converters)
            if arguments:
                yield f"{namespace}:{pattern.name}", pattern.callback, arguments


def editing_urls():
    """(name, model, argument names) of every officer editing or confirming URL."""
    return [
        (name, edited_model(view), arguments)
        for name, view, arguments in officer_patterns()
        if edited_model(view) is not None
    ]


def url_for(name: str, arguments: list[str], key) -> str:
    return reverse(
        name,
        kwargs={
            argument: OTHER_ARGUMENTS.get(argument, key) if index else key
            for index, argument in enumerate(arguments)
        },
    )


def pack(meeting: Meeting, author: Person) -> dict:
    """One record of every kind a meeting holds, by what it hangs from."""
    item = AgendaItemFactory(meeting=meeting, number=1, kind=AgendaItem.Kind.REPORT)
    report = Report.objects.create(agenda_item=item, title="Gangs", author=author)
    section = ReportSection.objects.create(report=report, number=1, title="Introduction")
    paragraph = ReportParagraph.objects.create(section=section, number=1, text="Text.")
    appendix = Appendix.objects.create(report=report, number=1, title="Action plan")
    talk = AgendaItemFactory(meeting=meeting, number=2, kind=AgendaItem.Kind.PRESENTATION)
    presentation = Presentation.objects.create(agenda_item=talk, topic="Policing")
    presenter = Presenter.objects.create(
        presentation=presentation,
        person=Person.objects.get_or_create(name="Insp. Example")[0],
        agency=AgencyFactory(),
    )
    question = LineOfEnquiry.objects.create(
        meeting=meeting, question="How?", presentation=presentation
    )
    recommendation = RecommendationFactory(meeting=meeting, agenda_item=item)
    # The meeting record: who attended, and what they declared on an item.
    attendance = AttendanceFactory(meeting=meeting)
    declaration = DeclarationFactory(agenda_item=item, person=attendance.person)
    # Its minutes: a minute of the item, a motion on it and an amendment to the motion.
    seconder = AttendanceFactory(meeting=meeting).person
    minute = MinuteFactory(agenda_item=item)
    motion = MotionFactory(minute=minute, mover=attendance.person, seconder=seconder)
    amendment = AmendmentFactory(motion=motion, mover=seconder, seconder=attendance.person)
    # What waits for a supplement to the published agenda (meetings/supplementing.py).
    supplement = Supplement.objects.create(meeting=meeting, number=1)
    return {
        "meeting": [meeting, question, recommendation, attendance, supplement],
        "items": [item, talk, presentation, presenter, declaration, minute, motion, amendment],
        "report": [report, section, paragraph, appendix],
    }


@pytest.fixture
def author(db):
    return Person.objects.create(name="A. Author", job_title="Community Safety Manager")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def refused_records(author) -> list:
    """Records no editing page may open: a deleted meeting's whole pack, and in live
    meetings what belongs to a deleted agenda item or report, and a deleted
    recommendation."""
    deleted = pack(MeetingFactory(), author)
    record_delete(record=deleted["meeting"][0], user=None)
    items_deleted = pack(MeetingFactory(), author)
    for item in items_deleted["items"][:2]:
        child_delete(record=item, user=None)
    report_deleted = pack(MeetingFactory(), author)
    record_delete(record=report_deleted["report"][0], user=None)
    recommendation = report_deleted["meeting"][2]
    record_delete(record=recommendation, user=None)
    # The committee's people: a person and a membership in the bin.
    person = record_delete(record=CouncillorFactory(), user=None)
    membership = record_delete(record=CommitteeMemberFactory(), user=None)
    return [
        person,
        membership,
        *(record for records in deleted.values() for record in records),
        *items_deleted["items"],
        *items_deleted["report"],
        *report_deleted["report"],
        recommendation,
    ]


def probes(records) -> list[str]:
    """Each editing URL for each of the records of its model."""
    return [
        url_for(name, arguments, record.pk)
        for name, model, arguments in editing_urls()
        for record in records
        if type(record) is model
    ]


def test_every_officer_url_that_names_a_record_is_walked_or_named_as_no_edit(client):
    """A new officer view that names a record either looks it up through the editing
    bases (and so is walked), or is named above as changing nothing: an officer page
    sends the signed-out to sign in where a public page, for a missing id, answers 404."""
    unwalked_officer_pages = set()
    for name, view, arguments in officer_patterns():
        view_class = getattr(view, "view_class", None)
        if view_class is not None and issubclass(view_class, OfficerRequiredMixin):
            # A class view of the officers' bases that takes a record names its model.
            assert edited_model(view) is not None, f"{name} looks up no record it names"
        if edited_model(view) is None:
            response = client.get(url_for(name, arguments, MISSING_ID))
            if response.status_code == 302:
                unwalked_officer_pages.add(name)
    assert unwalked_officer_pages == NOT_EDITING


def test_every_edited_model_is_in_the_walk_or_cannot_be_binned(author):
    """Each model an editing URL looks up has a record in the walk below, or belongs to
    no meeting: a new kind of record in a meeting must join ``pack``."""
    walked = {type(record) for record in refused_records(author)}
    partnership = set(apps.get_app_config("partnership").get_models())
    # None of the partnership's records can be deleted to the bin (yet): each one added
    # to it would join the walk here.
    assert not any(issubclass(model, SoftDeletable) for model in partnership)
    edited = {model for _, model, _ in editing_urls()}
    assert edited - walked - NOT_IN_A_MEETING - partnership == set()
    assert walked <= edited


def test_no_editing_page_opens_for_anything_in_the_bin(officer_client, author):
    urls = probes(refused_records(author))
    got = {
        url: (officer_client.get(url).status_code, officer_client.post(url).status_code)
        for url in urls
    }
    assert got == dict.fromkeys(urls, (404, 404))


def test_the_same_editing_pages_open_for_a_live_meeting(officer_client, author):
    """The walk's URLs are real: for records out of the bin each answers its page (200),
    or, for an action taken by POST, refuses the GET (405)."""
    # Held, so that its minutes are open to writing too.
    live = pack(MeetingFactory(status=Meeting.Status.HELD), author)
    urls = probes([record for records in live.values() for record in records])
    got = {url: officer_client.get(url).status_code for url in urls}
    assert set(got.values()) <= {200, 405}, got


def test_restore_reaches_the_bin_and_says_what_to_restore_first(officer_client, author):
    records = pack(MeetingFactory(), author)
    meeting, report = records["meeting"][0], records["report"][0]
    item = report.agenda_item
    child_delete(record=item, user=None)
    record_delete(record=meeting, user=None)
    response = officer_client.post(
        reverse("meetings:restore", args=["agenda-item", item.pk]), follow=True
    )
    assert f"belongs to the meeting “{meeting}”, which is deleted too" in response.content.decode()
    assert AgendaItem.all_objects.get(pk=item.pk).is_deleted
    officer_client.post(reverse("meetings:restore", args=["meeting", meeting.pk]))
    officer_client.post(reverse("meetings:restore", args=["agenda-item", item.pk]))
    edit = reverse("meetings:report_update", args=[report.pk])
    assert officer_client.get(edit).status_code == 200
