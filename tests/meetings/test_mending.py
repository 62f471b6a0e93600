"""Every mistake mendable: one record of each child kind of a meeting is deleted to the
bin, restored from it and moved, by plain POST (the buttons and confirmation pages work
without JavaScript), and its list's numbers follow the order after every step."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import (
    AgendaItem,
    Appendix,
    LineOfEnquiry,
    Presentation,
    Presenter,
    Recommendation,
    ReportParagraph,
    ReportSection,
)
from meetings.services import child_move
from scrutiny.kernel.errors import ServiceError
from tests.factories import AgencyFactory, MeetingFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def _with_presenters(presentation, count):
    agency = AgencyFactory()
    for position in range(presentation.presenters.count() + 1, count + 1):
        Presenter.objects.create(
            presentation=presentation,
            position=position,
            person=OfficerFactory(name=f"Presenter {position}", agency=agency),
            agency=agency,
        )


# Each kind: its URL name, its number field, and its live list, from a record of it.
LISTS = {
    "item": ("number", lambda r: AgendaItem.objects.filter(meeting=r.meeting)),
    "section": ("number", lambda r: ReportSection.objects.filter(report=r.report)),
    "paragraph": ("number", lambda r: ReportParagraph.objects.filter(section=r.section)),
    "appendix": ("number", lambda r: Appendix.objects.filter(report=r.report)),
    "presenter": ("position", lambda r: Presenter.objects.filter(presentation=r.presentation)),
    "line_of_enquiry": ("position", lambda r: LineOfEnquiry.objects.filter(meeting=r.meeting)),
    "recommendation": ("position", lambda r: Recommendation.objects.filter(meeting=r.meeting)),
}


def first_of_kind(kind, meeting):
    report = meeting.agenda_items.get(number=7).report
    presentation = meeting.agenda_items.get(number=8).presentation
    _with_presenters(presentation, 3)
    records = {
        "item": lambda: meeting.agenda_items.get(number=1),
        "section": lambda: report.sections.get(number=1),
        "paragraph": lambda: report.sections.get(number=1).paragraphs.get(number=1),
        "appendix": lambda: report.appendices.get(number=1),
        "presenter": lambda: presentation.presenters.get(position=1),
        "line_of_enquiry": lambda: meeting.lines_of_enquiry.get(position=1),
        "recommendation": lambda: meeting.recommendations.get(position=1),
    }
    return records[kind]()


def order(queryset, field):
    """The (number, pk) of a list, in its order."""
    return list(queryset.order_by(field).values_list(field, "pk"))


@pytest.mark.parametrize("kind", LISTS)
def test_one_record_of_each_kind_is_deleted_restored_and_moved_by_plain_post(
    kind, officer_client, demo_meeting
):
    record = first_of_kind(kind, demo_meeting)
    field, live_list = LISTS[kind]
    siblings = live_list(record)
    others = [pk for _, pk in order(siblings, field) if pk != record.pk]
    assert len(others) >= 1, "the demo gives every list at least two records"

    # Moved down: it swaps with the next, and the numbers follow the order.
    move = reverse(f"meetings:{kind}_move", args=[record.pk])
    response = officer_client.post(move, {"direction": "down"})
    assert response.status_code == 302
    assert order(siblings, field) == list(enumerate([others[0], record.pk, *others[1:]], start=1))
    # And back up.
    officer_client.post(move, {"direction": "up"})
    assert order(siblings, field)[0] == (1, record.pk)

    # Deleted after a page that asks: the others close up 1, 2, 3 …
    delete = reverse(f"meetings:{kind}_delete", args=[record.pk])
    confirm = officer_client.get(delete)
    assert confirm.status_code == 200 and "deleted items" in confirm.content.decode()
    officer_client.post(delete)
    assert order(siblings, field) == list(enumerate(others, start=1))
    deleted = type(record).all_objects.get(pk=record.pk)
    assert deleted.is_deleted
    bin_page = officer_client.get(reverse("meetings:deleted_items")).content.decode()
    restore_kind = {"item": "agenda-item", "line_of_enquiry": "line-of-enquiry"}.get(kind, kind)
    restore = reverse("meetings:restore", args=[restore_kind, record.pk])
    assert restore in bin_page

    # Restored: back at the end of its list, numbered after the others.
    assert officer_client.post(restore).status_code == 302
    assert order(siblings, field) == list(enumerate([*others, record.pk], start=1))
    assert restore not in officer_client.get(reverse("meetings:deleted_items")).content.decode()


def test_a_presentation_is_deleted_and_restored_and_its_item_offers_a_new_one_meanwhile(
    officer_client, demo_meeting
):
    item = demo_meeting.agenda_items.get(number=8)
    presentation = item.presentation
    officer_client.post(reverse("meetings:presentation_delete", args=[presentation.pk]))
    assert Presentation.all_objects.get(pk=presentation.pk).is_deleted
    page = officer_client.get(demo_meeting.get_absolute_url()).content.decode()
    assert presentation.get_absolute_url() not in page
    assert officer_client.get(presentation.get_absolute_url()).status_code == 404
    restore = reverse("meetings:restore", args=["presentation", presentation.pk])
    assert restore in officer_client.get(reverse("meetings:deleted_items")).content.decode()
    officer_client.post(restore)
    page = officer_client.get(demo_meeting.get_absolute_url()).content.decode()
    assert presentation.get_absolute_url() in page


def test_a_deleted_section_takes_its_paragraphs_and_numbers_follow(officer_client, demo_meeting):
    report = demo_meeting.agenda_items.get(number=7).report
    first = report.sections.get(number=1)
    second_title = report.sections.get(number=2).title
    officer_client.post(reverse("meetings:section_delete", args=[first.pk]))
    page = officer_client.get(report.get_absolute_url()).content.decode()
    assert f"</span> {first.title}</h2>" not in page
    assert report.sections.get(number=1).title == second_title
    assert 'id="paragraph-1.1"' in page  # the old section 2's paragraphs are now 1.x


def test_the_ends_of_a_list_refuse_a_move_with_a_sentence(officer, demo_meeting):
    first = demo_meeting.lines_of_enquiry.get(position=1)
    with pytest.raises(ServiceError, match="already the first line of enquiry"):
        child_move(record=first, direction="up", user=officer)
    with pytest.raises(ServiceError, match="up or down"):
        child_move(record=first, direction="sideways", user=officer)


def test_councillors_and_the_public_can_neither_move_nor_delete(client, councillor):
    meeting = MeetingFactory()
    item = AgendaItem.objects.create(meeting=meeting, number=1, kind="other", title="One")
    AgendaItem.objects.create(meeting=meeting, number=2, kind="other", title="Two")
    signed_in = Client()
    signed_in.force_login(councillor)
    for url in (
        reverse("meetings:item_move", args=[item.pk]),
        reverse("meetings:item_delete", args=[item.pk]),
    ):
        assert client.post(url, {"direction": "down"}).status_code == 302  # to sign in
        assert signed_in.post(url, {"direction": "down"}).status_code == 403
    item.refresh_from_db()
    assert item.number == 1 and not item.is_deleted


def test_lines_of_enquiry_show_in_their_order_whatever_they_are_aimed_at(
    officer_client, demo_meeting
):
    """The bug: grouped by what they were aimed at, the page read 3, 1, 2."""
    presentation = demo_meeting.agenda_items.get(number=8).presentation
    meeting = MeetingFactory(committee=demo_meeting.committee)
    LineOfEnquiry.objects.create(meeting=meeting, position=1, question="Aimed question one?")
    LineOfEnquiry.objects.filter(meeting=meeting, position=1).update(presentation=presentation)
    LineOfEnquiry.objects.create(meeting=meeting, position=2, question="Aimed question two?")
    LineOfEnquiry.objects.filter(meeting=meeting, position=2).update(presentation=presentation)
    LineOfEnquiry.objects.create(meeting=meeting, position=3, question="Generic question three?")
    page = officer_client.get(reverse("meetings:lines_of_enquiry", args=[meeting.pk]))
    text = page.content.decode().partition("app-questions")[2]
    places = [text.index(f"question {n}") for n in ("one", "two", "three")]
    assert places == sorted(places)
    assert 'id="question-3" value="3"' in text
    moved = meeting.lines_of_enquiry.get(position=3)
    officer_client.post(
        reverse("meetings:line_of_enquiry_move", args=[moved.pk]), {"direction": "up"}
    )
    page = officer_client.get(reverse("meetings:lines_of_enquiry", args=[meeting.pk]))
    text = page.content.decode().partition("app-questions")[2]
    places = [text.index(f"question {n}") for n in ("one", "three", "two")]
    assert places == sorted(places)
