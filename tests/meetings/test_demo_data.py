"""The demo data set recreates the seed report of 25 September 2018, once, however often loaded."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from meetings.demo import demo_load
from meetings.models import (
    AgendaItem,
    Committee,
    LineOfEnquiry,
    Meeting,
    Minute,
    Recommendation,
    ReportParagraph,
)
from partnership.models import Agency, CorporatePriority, Membership, Partnership, Priority
from scrutiny.kernel.council import Council
from tests.helpers import squash

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).parent.parent / "data" / "maidstone-crime-and-disorder-committee-2018-09-25.txt"
)
PARAGRAPH = re.compile(r"^(\d+)\.(\d+)\s+(.*)$")
HEADING = re.compile(r"^(\d+)\s+([A-Z][A-Z ]+)$")
BULLET = re.compile(r"^[\u00b7\u2022]\s*")


def seed_report():
    """Read the seed into ({section number: heading}, {"1.1": [first line, list items…]})."""
    headings, paragraphs, current = {}, {}, None
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = squash(raw)
        if not line:
            continue
        if match := PARAGRAPH.match(line):
            current = f"{match[1]}.{match[2]}"
            paragraphs[current] = [match[3]]
        elif match := HEADING.match(line):
            headings[int(match[1])] = match[2]
            current = None
        elif current:
            paragraphs[current].append(BULLET.sub("", line))
    return headings, paragraphs


def test_every_paragraph_of_the_seed_report_is_loaded_word_for_word(demo_meeting):
    _, seed_paragraphs = seed_report()
    loaded = {
        paragraph.reference: [
            squash(line.removeprefix("- ")) for line in paragraph.text.split("\n")
        ]
        for paragraph in ReportParagraph.objects.select_related("section")
    }
    assert list(seed_paragraphs) == [
        *(f"1.{n}" for n in range(1, 8)),
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "4.1",
        "4.2",
        "5.1",
    ]
    assert loaded == seed_paragraphs


def test_section_headings_match_the_seed_and_the_missing_one_says_so(demo_meeting):
    seed_headings, _ = seed_report()
    report = demo_meeting.agenda_items.get(kind=AgendaItem.Kind.REPORT).report
    loaded = {section.number: section.title.upper() for section in report.sections.all()}
    assert loaded == {**seed_headings, 4: "NOT STATED"}
    assert report.author.name == "Matt Roberts"
    assert report.author.job_title == "Community Partnerships & Resilience Manager"


def agencies_named_in(text: str) -> list[str]:
    """The agency names in a semicolon-separated list of paragraph 1.2, bare of asides."""
    names = [re.sub(r"\s*\([^)]*\)", "", part).strip(" .") for part in text.split(";")]
    return [re.sub(r"^(and the|and) ", "", name) for name in names if name]


def test_partnership_has_the_seven_statutory_members_and_four_others_of_the_seed(demo_meeting):
    _, seed_paragraphs = seed_report()
    paragraph = seed_paragraphs["1.2"][0]
    statutory_text, others_text = paragraph.split("But also includes other agencies;")
    partnership = Partnership.objects.get()
    assert partnership.name == "Safer Maidstone Partnership"
    members = Membership.objects.filter(partnership=partnership).select_related("agency")
    statutory = [m.agency.name for m in members if m.agency.is_responsible_authority]
    others = [m.agency.name for m in members if not m.agency.is_responsible_authority]
    seed_statutory = agencies_named_in(statutory_text.split("(as amended);")[1])
    assert sorted(statutory) == sorted(seed_statutory)
    assert len(statutory) == 7
    assert sorted(others) == sorted(agencies_named_in(others_text))
    assert len(others) == 4
    assert all(m.start_date is None and m.end_date is None for m in members)
    crc = Agency.objects.get(short_name="CRC")
    assert [former.name for former in crc.former_names.all()] == ["Kent Probation"]


def test_refresh_has_the_five_priorities_and_mental_health_has_no_action_plan(demo_meeting):
    priorities = Priority.objects.filter(refresh__year=2018).order_by("position")
    assert [p.title for p in priorities] == [
        "Organised Crime Groups (including modern slavery)",
        "Gangs and Child Sexual Exploitation (CSE)",
        "Substance Misuse",
        "Domestic Abuse",
        "Mental Health",
    ]
    assert priorities[0].refresh.plan.period == "2013-18"
    assert priorities[0].refresh.year_label == "2018/19"
    assert [p.title for p in Priority.objects.without_action_plan()] == ["Mental Health"]
    assert (
        Priority.objects.get(
            title="Gangs and Child Sexual Exploitation (CSE)"
        ).lead_subgroup.short_name
        == "MAG"
    )
    assert CorporatePriority.objects.get().title == "Providing a Clean, Safe and Green Environment"


def test_committee_acts_in_its_statutory_capacity(demo_meeting):
    committee = Committee.objects.get()
    assert committee.name == "Communities, Housing and Environment Committee"
    assert committee.acting_as == "Crime and Disorder Committee"
    assert committee.statutory_basis == "Police and Justice Act 2006 s.19"
    assert committee.crime_and_disorder
    assert Council.current().name == "Maidstone Borough Council"
    assert [item.kind for item in committee.standard_items.all()] == [
        "apologies",
        "substitutes",
        "urgent_items",
        "disclosures",
        "exempt_items",
        "minutes",
    ]
    assert str(demo_meeting.date) == "2018-09-25"
    assert demo_meeting.venue == "Not stated"
    assert demo_meeting.start_time is None


def test_presentations_match_the_topics_presenters_and_organisations_of_the_seed(
    demo_meeting,
):
    _, seed_paragraphs = seed_report()
    seed_lines = seed_paragraphs["1.6"][1:]
    items = demo_meeting.agenda_items.filter(kind=AgendaItem.Kind.PRESENTATION)
    assert len(items) == len(seed_lines) == 3
    for item, line in zip(items, seed_lines, strict=True):
        topic, presented_by = line.split(", presented by ")
        assert item.presentation.topic == topic
        for presenter in item.presentation.presenters.all():
            assert presenter.name in presented_by
            # The report's own author is the council's officer (its header), not named in 1.6.
            is_author = presenter.name == "Matt Roberts"
            assert presenter.agency.name in presented_by or (
                is_author and presenter.agency.name == "Maidstone Borough Council"
            )
            assert presenter.role in presented_by or presenter.role == "Not stated"


def test_presentations_with_their_presenters_and_organisations(demo_meeting):
    presentations = [
        (
            item.presentation.topic,
            [(p.name, p.role, p.agency.name) for p in item.presentation.presenters.all()],
        )
        for item in demo_meeting.agenda_items.filter(kind=AgendaItem.Kind.PRESENTATION)
    ]
    assert presentations == [
        (
            "Work of the Multi-Agency Gangs group (MAG)",
            [
                ("Mark Hedges", "Inspector", "Kent Police"),
                ("Hema Birdi", "Maidstone Early Help Manager", "Kent County Council"),
            ],
        ),
        (
            "Substance Misuse & the links with homelessness and substance misuse",
            [("Kim Flain", "Not stated", "Change, Grow, Live")],
        ),
        (
            "Maidstone Domestic Abuse Forum & the White Ribbon Campaign",
            [
                (
                    "Matt Roberts",
                    "Community Partnerships & Resilience Manager",
                    "Maidstone Borough Council",
                )
            ],
        ),
    ]


def test_lines_of_enquiry_recommendations_and_appendices(demo_meeting):
    _, seed_paragraphs = seed_report()
    questions = [line.question for line in LineOfEnquiry.objects.order_by("position")]
    assert questions == seed_paragraphs["2.2"][1:]
    assert all(line.is_generic for line in LineOfEnquiry.objects.all())
    recommendations = Recommendation.objects.order_by("position")
    assert [r.text for r in recommendations] == [
        seed_paragraphs["3.1"][0],
        seed_paragraphs["3.2"][0],
    ]
    assert {r.status for r in recommendations} == {Recommendation.Status.PROPOSED}
    report = demo_meeting.agenda_items.get(kind=AgendaItem.Kind.REPORT).report
    assert [str(a) for a in report.appendices.all()] == seed_paragraphs["5.1"][1:]


def test_agenda_is_numbered_in_order_with_report_then_presentations(demo_meeting):
    items = list(demo_meeting.agenda_items.order_by("number"))
    assert [item.number for item in items] == list(range(1, 11))
    assert [item.kind for item in items[6:]] == ["report", *["presentation"] * 3]
    assert not any(item.is_exempt for item in items)


def test_the_meeting_is_held_with_its_minutes_not_stated_rather_than_invented(demo_meeting):
    """The seed report does not say what the committee resolved."""
    assert demo_meeting.status == Meeting.Status.HELD
    assert demo_meeting.minutes_not_stated
    assert not Minute.objects.exists()
    assert demo_meeting.minutes_published_at is None
    assert demo_meeting.minutes_approved_at is None


def test_loading_twice_leaves_one_copy_and_no_spurious_history(demo_meeting):
    models = [m for m in apps.get_models() if m._meta.app_label in {"meetings", "partnership"}]
    before = {m._meta.label: m.objects.count() for m in models}
    demo_load()
    after = {m._meta.label: m.objects.count() for m in models}
    assert after == before
    assert before["meetings.Meeting"] == 1
    assert before["meetings.ReportParagraph"] == 14


def test_make_run_keeps_edits_made_to_the_demo_meeting(demo_meeting):
    demo_meeting.venue = "Town Hall, High Street, Maidstone"
    demo_meeting.save()
    out = StringIO()
    call_command("load_demo", "--only-if-missing", stdout=out)
    assert "already loaded" in out.getvalue()
    demo_meeting.refresh_from_db()
    assert demo_meeting.venue == "Town Hall, High Street, Maidstone"


def test_load_demo_command_loads_into_an_empty_database(db):
    out = StringIO()
    call_command("load_demo", "--only-if-missing", stdout=out)
    assert "Demo data loaded" in out.getvalue()
    assert Committee.objects.get().meetings.count() == 1
