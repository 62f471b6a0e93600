"""Search finds words in every kind of record, and never shows a reader what they may not
see. The suite runs on SQLite and on PostgreSQL, so both searches are tested."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from meetings.models import (
    Meeting,
    Person,
    RecommendationResponse,
    Report,
    ReportParagraph,
    ReportSection,
)
from meetings.search import RESULTS_PER_KIND, search
from partnership.models import Agency
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    RecommendationFactory,
    meeting_with_a_full_record,
)
from tests.helpers import retire_cached_pages

pytestmark = pytest.mark.django_db

SEARCH = reverse("meetings:search")


@pytest.fixture
def exempt_paragraph(demo_meeting, officer):
    """A paragraph of a report on an exempt item, with a word found nowhere else."""
    item = AgendaItemFactory(
        meeting=demo_meeting,
        number=11,
        title="Named individuals",
        is_exempt=True,
        exempt_paragraph=1,
    )
    author = Person.objects.get(name="Matt Roberts")
    report = Report.objects.create(agenda_item=item, title="Named individuals", author=author)
    section = ReportSection.objects.create(report=report, number=1, title="The family")
    return ReportParagraph.objects.create(
        section=section, number=1, text="The Whitstable family needs protection."
    )


def test_a_word_only_in_a_report_paragraph_is_found(client, demo_meeting):
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    paragraph.text = "The partnership asked the zeppelin club to help with patrols."
    paragraph.save()
    response = client.get(SEARCH, {"q": "zeppelin"})
    hits = response.context["hits"]
    assert [hit.kind for hit in hits] == ["Report paragraph"]
    assert hits[0].url.endswith("#paragraph-4.2")
    assert "<mark>zeppelin</mark>" in response.content.decode()
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_search_finds_a_record_by_its_words_now_not_by_those_it_had(demo_meeting):
    # On PostgreSQL the words are kept beside the text (migration 0006): every kind of
    # write, a bulk update too, must keep them in step.
    paragraph = ReportParagraph.objects.get(section__number=4, number=2)
    paragraph.text = "The zeppelin club will help with patrols."
    paragraph.save()
    assert [hit.kind for hit in search(AnonymousUser(), "zeppelin")] == ["Report paragraph"]
    ReportParagraph.objects.filter(pk=paragraph.pk).update(text="The airship club will help.")
    assert search(AnonymousUser(), "zeppelin") == []
    assert [hit.kind for hit in search(AnonymousUser(), "airship")] == ["Report paragraph"]


def test_a_meeting_is_found_by_its_venue_and_by_its_committees_name_as_it_is_now(demo_meeting):
    # On PostgreSQL a meeting's words include its committee's name (migration 0009): a
    # renamed committee's meetings must be found by the new name, not the old.
    demo_meeting.venue = "The Zeppelin Hall"
    demo_meeting.save()
    assert [hit.kind for hit in search(AnonymousUser(), "zeppelin")] == ["Meeting"]
    committee = demo_meeting.committee
    committee.name = "Safer Streets Committee"
    committee.save()
    hits = search(AnonymousUser(), "safer streets")
    assert [hit.title for hit in hits] == ["Safer Streets Committee, 25 September 2018"]
    assert "Meeting" not in {hit.kind for hit in search(AnonymousUser(), "housing environment")}


def test_an_exempt_paragraph_is_never_found_by_the_public(
    client, councillor, demo_meeting, exempt_paragraph
):
    assert client.get(SEARCH, {"q": "Whitstable"}).context["hits"] == []
    client.force_login(councillor)
    hits = client.get(SEARCH, {"q": "Whitstable"}).context["hits"]
    assert [hit.title for hit in hits] == ["Named individuals, paragraph 1.1"]


def test_nothing_draft_binned_or_exempt_is_found_by_the_public(
    client, councillor, officer, demo_meeting, exempt_paragraph
):
    """Search ranks its candidates without applying the rules again (meetings/search.py):
    the rules that chose them must leave out every hidden kind of record."""
    police = Agency.objects.get(name="Kent Police")

    def answered(recommendation, text):
        RecommendationResponse.objects.create(
            recommendation=recommendation,
            agency=police,
            received_on=datetime.date(2018, 10, 15),
            outcome="accepted",
            text=text,
        )

    draft = MeetingFactory(
        committee=demo_meeting.committee, status=Meeting.Status.DRAFT, venue="Quokka Hall"
    )
    AgendaItemFactory(meeting=draft, title="Quokka item in a draft")
    answered(RecommendationFactory(meeting=draft, text="Quokka draft."), "Quokka reply.")
    binned_item = AgendaItemFactory(meeting=demo_meeting, number=12, title="Quokka binned")
    binned_item.mark_deleted(officer)
    binned_item.save()
    binned = RecommendationFactory(meeting=demo_meeting, position=8, text="Quokka binned.")
    answered(binned, "Quokka reply to a binned one.")
    binned.mark_deleted(officer)
    binned.save()
    report = Report.objects.get(agenda_item__meeting=demo_meeting, agenda_item__is_exempt=False)
    report.title = f"Quokka {report.title}"
    report.save()
    ReportParagraph.objects.filter(section__report=report, number=1).update(text="Quokka text.")
    report.mark_deleted(officer)
    report.save()
    exempt_item = exempt_paragraph.section.report.agenda_item
    secret = RecommendationFactory(
        meeting=demo_meeting, agenda_item=exempt_item, position=9, text="Quokka exempt."
    )
    answered(secret, "Quokka exempt reply.")
    # Minutes: an exempt item's, and a meeting's whose minutes are not yet published.
    meeting_with_a_full_record(exempt_words="Quokka")
    meeting_with_a_full_record(
        words="Quokka", exempt_words="Quokka", status="held", minutes_published_at=None
    )

    assert client.get(SEARCH, {"q": "quokka"}).context["hits"] == []
    # The records are there to be found: a councillor finds the exempt ones.
    client.force_login(councillor)
    hits = client.get(SEARCH, {"q": "quokka"}).context["hits"]
    assert sorted(hit.title for hit in hits) == [
        "Amendment 1 to motion 1 in minute CHE/18/327 (12 March 2019)",
        "Kent Police's response to recommendation 9",
        "Minute CHE/18/327: Named offenders (12 March 2019)",
        "Motion 1 in minute CHE/18/327 (12 March 2019)",
        f"Recommendation 9 ({demo_meeting.date:%-d %B %Y})",
    ]


def test_recommendations_responses_and_items_are_searched_and_text_is_escaped(
    demo_meeting, officer
):
    RecommendationFactory(
        meeting=demo_meeting,
        position=3,
        text="Publish the quarterly <script>alert(1)</script> figures.",
    )
    hits = search(AnonymousUser(), "quarterly")
    assert [hit.kind for hit in hits] == ["Recommendation"]
    # Only the highlighting is markup (PostgreSQL's snippets also drop what looks like tags).
    assert set(re.findall(r"</?\w+", hits[0].snippet)) == {"<mark", "</mark"}
    assert "Agenda item" in {hit.kind for hit in search(AnonymousUser(), "apologies")}


def test_an_empty_or_wordless_query_finds_nothing(client, demo_meeting):
    assert client.get(SEARCH).context["hits"] == []
    assert client.get(SEARCH, {"q": "  ?! "}).context["hits"] == []
    page = client.get(SEARCH, {"q": "nothingmatchesthis"}).content.decode()
    assert "Nothing matches" in page


def test_the_page_says_when_only_the_best_of_a_kind_are_shown(client, demo_meeting):
    for position in range(3, 5):
        RecommendationFactory(meeting=demo_meeting, position=position, text="Ask the quokka.")
    page = client.get(SEARCH, {"q": "quokka"}).content.decode()
    assert "2 results for “quokka”" in page
    assert "more may match" not in page
    for position in range(5, 5 + RESULTS_PER_KIND):
        RecommendationFactory(meeting=demo_meeting, position=position, text="Ask the quokka.")
    retire_cached_pages()
    page = client.get(SEARCH, {"q": "quokka"}).content.decode()
    assert f"The best {RESULTS_PER_KIND} results for “quokka”" in page
    assert f"shows its best {RESULTS_PER_KIND} at most, and more may match" in page
