"""The public agenda keeps an exempt item's place: its number, "Exempt item" and its
Schedule 12A paragraph, on the meeting page, in the agenda PDF and in the pack, and never
anything else of it. Councillors and officers see the item itself."""

import datetime
import io

import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from meetings.documents import agenda_document, pack_document
from meetings.models import (
    Appendix,
    LineOfEnquiry,
    Person,
    Presentation,
    Presenter,
    Report,
    WorkProgrammeItem,
)
from meetings.queries import WithheldItem, agenda_for, agenda_in_order
from scrutiny.documents.assembled import UploadPiece
from tests.factories import AgendaItemFactory, MeetingFactory, RecommendationFactory
from tests.helpers import download, squash, tiny_pdf
from tests.test_permissions import expected_statuses, records  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PLACE = "4. Exempt item — Schedule 12A paragraph 3"
# Every word of the exempt business a councillor may read and the public may not.
SECRETS = (
    "Named individuals at risk",
    "Dossier on the Kingpin network",
    "Appendix of informants",
    "Detective Inspector Quill",
    "Ask about the Kingpin safe houses?",
    "That the Kingpin dossier is shared.",
    "Covert surveillance review",
    "Kingpin",
)


@pytest.fixture
def exempt_business(demo_meeting, settings, tmp_path):
    """A published meeting of the demo committee whose item 4 is exempt (paragraph 3), with
    a report, an appendix, a presentation, a question, a recommendation and a planned
    work programme entry hanging off it; item 6 is exempt too, and sits last."""
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(committee=demo_meeting.committee, date=datetime.date(2018, 11, 20))
    for number, title in [(1, "Apologies for absence"), (2, "Minutes"), (3, "Open business")]:
        AgendaItemFactory(meeting=meeting, number=number, title=title)
    exempt = AgendaItemFactory(
        meeting=meeting,
        number=4,
        title="Named individuals at risk",
        description="Kingpin network members named.",
        is_exempt=True,
        exempt_paragraph=3,
    )
    AgendaItemFactory(meeting=meeting, number=5, title="Later business")
    covert = AgendaItemFactory(
        meeting=meeting,
        number=6,
        title="Covert surveillance review",
        is_exempt=True,
        exempt_paragraph=7,
    )
    report = Report.objects.create(
        agenda_item=exempt,
        title="Dossier on the Kingpin network",
        author=Person.objects.get(name="Matt Roberts"),
        summary="The Kingpin network in full.",
    )
    appendix = Appendix.objects.create(report=report, number=1, title="Appendix of informants")
    appendix.file.save("informants.pdf", ContentFile(tiny_pdf()))
    presentation = Presentation.objects.create(agenda_item=covert, topic="Kingpin operations")
    Presenter.objects.create(
        presentation=presentation,
        person=Person.objects.create(name="Detective Inspector Quill"),
        agency=demo_meeting.committee.partnership.memberships.first().agency,
    )
    LineOfEnquiry.objects.create(
        meeting=meeting, presentation=presentation, question="Ask about the Kingpin safe houses?"
    )
    RecommendationFactory(
        meeting=meeting, agenda_item=exempt, position=1, text="That the Kingpin dossier is shared."
    )
    WorkProgrammeItem.objects.create(
        committee=meeting.committee,
        title="Kingpin follow-up",
        kind="report",
        agenda_item=exempt,
    )
    return meeting


def pdf_text(pdf: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def in_order(text: str, *parts: str) -> bool:
    positions = [text.index(part) for part in parts]
    return positions == sorted(positions)


def test_the_public_are_given_a_withheld_entry_made_of_the_number_and_paragraph_only(
    exempt_business, councillor
):
    public = agenda_in_order(
        exempt_business, AnonymousUser(), agenda_for(exempt_business, AnonymousUser())
    )
    assert [item.number for item in public] == [1, 2, 3, 4, 5, 6]
    assert public[3] == WithheldItem(number=4, exempt_paragraph=3)
    assert str(public[3]) == PLACE
    assert not hasattr(public[3], "description")
    private = agenda_in_order(exempt_business, councillor, agenda_for(exempt_business, councillor))
    assert str(private[3]) == "4. Named individuals at risk"
    assert not any(isinstance(item, WithheldItem) for item in private)


def test_the_public_meeting_page_shows_the_exempt_item_in_its_place_and_nothing_of_it(
    client, exempt_business
):
    page = client.get(exempt_business.get_absolute_url()).content.decode()
    assert in_order(
        page,
        "3.</span> Open business",
        "4.</span> Exempt item — Schedule 12A paragraph 3",
        "5.</span> Later business",
        "6.</span> Exempt item — Schedule 12A paragraph 7",
    )
    assert "is likely to be considered in private" in page
    item = page[page.index('id="item-4"') : page.index('id="item-5"')]
    assert "href" not in item
    for secret in SECRETS:
        assert secret not in page


def test_councillors_see_the_exempt_item_itself(exempt_business, councillor):
    signed_in = Client()
    signed_in.force_login(councillor)
    page = signed_in.get(exempt_business.get_absolute_url()).content.decode()
    assert "4.</span> Named individuals at risk" in page
    assert "Not for publication — Schedule 12A paragraph 3" in page
    assert "Exempt item — Schedule" not in page
    text = pdf_text(pack_document(exempt_business, councillor).pdf())
    assert "Item 4. Named individuals at risk" in text
    assert "The Kingpin network in full." in text


def test_the_public_agenda_pdf_shows_the_exempt_item_between_items_3_and_5(exempt_business):
    text = pdf_text(agenda_document(exempt_business, AnonymousUser()).pdf())
    assert in_order(text, "3. Open business", PLACE, "5. Later business")
    assert "6. Exempt item — Schedule 12A paragraph 7" in text
    assert "is likely to be considered in private" in text
    for secret in SECRETS:
        assert secret not in text


def test_the_public_pack_shows_the_exempt_item_in_its_agenda_contents_and_items(
    exempt_business,
):
    document = pack_document(exempt_business, AnonymousUser())
    assert not [piece for piece in document.pieces if isinstance(piece, UploadPiece)]
    reader = pypdf.PdfReader(io.BytesIO(document.pdf()))
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert "Public copy" in text
    # The withheld item has no papers in this copy (nor have the open items here): it is
    # in the agenda, in its place, and not in the contents, which lead to papers.
    contents = squash(reader.pages[1].extract_text())
    assert "Agenda" in contents and PLACE not in contents
    agenda = squash(" ".join(page.extract_text() for page in reader.pages[2:]))
    assert in_order(agenda, "3. Open business", PLACE, "5. Later business")
    assert "Item 4." not in text and "There are no papers" not in text
    for secret in SECRETS:
        assert secret not in text


def test_no_public_response_or_document_carries_anything_of_an_exempt_item(
    client, exempt_business, councillor, settings, request
):
    """Every page of the app, the exempt business's own pages and every document of its
    meeting, read as the public with the page cache on, after a councillor has read them
    all (so a councillor's cached copy would show if it were handed to the public)."""
    settings.SCRUTINY_PAGE_CACHE_SECONDS = 600
    cache.clear()
    meeting = exempt_business
    # The walk of every page of the app, with its demo records (tests/test_permissions.py).
    walk = expected_statuses(request.getfixturevalue("records"))
    urls = [url for url, statuses in walk if statuses["anonymous"] == 200]
    urls += [
        meeting.get_absolute_url(),
        reverse("meetings:lines_of_enquiry", args=[meeting.pk]),
        reverse("meetings:recommendations", args=[meeting.pk]),
        reverse("meetings:work_programme", args=[meeting.committee.slug]),
        reverse("meetings:api_agenda_items", args=[meeting.pk]),
        reverse("meetings:agenda_pdf", args=[meeting.pk]),
        reverse("meetings:pack_pdf", args=[meeting.pk]),
        reverse("meetings:lines_of_enquiry_pdf", args=[meeting.pk]),
        *(
            reverse("meetings:report_pdf", args=[pk])
            for pk in Report.objects.filter(agenda_item__meeting=meeting).values_list(
                "pk", flat=True
            )
        ),
        # Words of the secrets that are not secrets themselves: the page repeats the query.
        *(
            f"{reverse('meetings:search')}?q={word}"
            for word in ("dossier", "informants", "surveillance")
        ),
    ]
    signed_in = Client()
    signed_in.force_login(councillor)
    seen_by_councillor = signed_in.get(meeting.get_absolute_url()).content.decode()
    assert "Named individuals at risk" in seen_by_councillor
    for url in urls:
        download(signed_in, url)
    for url in urls:
        response = download(client, url)
        if response.streaming:
            continue
        if response["Content-Type"] == "application/pdf":
            page = pdf_text(response.content)  # the documents as the public get them
        else:
            page = response.content.decode()
        for secret in SECRETS:
            assert secret not in page, f"{secret!r} leaked on {url}"
