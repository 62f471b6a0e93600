"""The demo data set: the Maidstone Crime and Disorder Committee meeting of 25 September 2018.

Everything here comes from the committee report in ``shared/seed/``. Where the report
does not state a detail (a time, a venue, a heading, a role) the data says "Not stated"
instead of inventing one. Loading is idempotent: every record is found by its natural
key and brought up to date, so running it again leaves one copy.
"""

import datetime

from django.db import transaction

from meetings.models import (
    AgendaItem,
    Appendix,
    Committee,
    LineOfEnquiry,
    Meeting,
    Person,
    Presentation,
    Presenter,
    Recommendation,
    Report,
    ReportParagraph,
    ReportSection,
    StandardItem,
    StandardQuestion,
)
from partnership.models import (
    ActionPlan,
    Agency,
    AgencyFormerName,
    CommunitySafetyPlan,
    CorporatePriority,
    Membership,
    Partnership,
    PlanRefresh,
    Priority,
    Subgroup,
)
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.council import Council

NOT_STATED = "Not stated"
COUNCIL = "Maidstone Borough Council"
MEETING_DATE = datetime.date(2018, 9, 25)

RA = Agency.Standing.RESPONSIBLE_AUTHORITY
NS = Agency.Standing.NON_STATUTORY
Sector = Agency.Sector

# (name, short name, standing, sector, description); order as listed in paragraph 1.2.
# Short names are only those the report gives; a sector the report does not make plain
# is "other", with a note saying so.
SECTOR_NOT_STATED = "Sector not stated in the report."
AGENCIES = [
    (COUNCIL, "", RA, Sector.LOCAL_AUTHORITY, ""),
    ("Kent Police", "", RA, Sector.POLICE, ""),
    ("Kent County Council", "", RA, Sector.LOCAL_AUTHORITY, ""),
    ("Kent Fire & Rescue Service", "", RA, Sector.FIRE_AND_RESCUE, ""),
    (
        "Kent, Surrey & Sussex Community Rehabilitation Company",
        "CRC",
        RA,
        Sector.PROBATION,
        "",
    ),
    (
        "Clinical Commissioning Group",
        "CCG",
        RA,
        Sector.HEALTH,
        "The report does not say which Clinical Commissioning Group.",
    ),
    ("Kent Police & Crime Commissioner", "", RA, Sector.POLICING_BODY, ""),
    ("Maidstone Mediation", "", NS, Sector.OTHER, SECTOR_NOT_STATED),
    ("Golding Homes", "", NS, Sector.OTHER, SECTOR_NOT_STATED),
    ("Choices", "", NS, Sector.VOLUNTARY, "Domestic abuse charity (DA charity)."),
    ("One Maidstone", "", NS, Sector.OTHER, SECTOR_NOT_STATED),
]
# Presents to the committee (paragraph 1.6) but is not listed as a member in paragraph 1.2.
CGL = ("Change, Grow, Live", "CGL", NS, Sector.OTHER, SECTOR_NOT_STATED)

FORMER_NAMES = [
    ("Kent, Surrey & Sussex Community Rehabilitation Company", "Kent Probation"),
]

PRIORITIES = [
    "Organised Crime Groups (including modern slavery)",
    "Gangs and Child Sexual Exploitation (CSE)",
    "Substance Misuse",
    "Domestic Abuse",
    "Mental Health",
]

# (subgroup name, short name, the priority it leads, whether it has an action plan).
# Paragraph 1.4: each subgroup apart from Mental Health created an action plan. Only two
# subgroups are named in the report; the others are named after their priority.
SUBGROUPS = [
    (
        "Organised Crime Groups subgroup (name not stated)",
        "",
        PRIORITIES[0],
        True,
    ),
    ("Multi-Agency Gangs group", "MAG", PRIORITIES[1], True),
    ("Substance Misuse subgroup (name not stated)", "", PRIORITIES[2], True),
    ("Maidstone Domestic Abuse Forum", "", PRIORITIES[3], True),
    ("Mental Health subgroup (name not stated)", "", PRIORITIES[4], False),
]

# The report states neither its title nor the agenda; the title is drawn from paragraph 1.1
# and each inferred item says so in its description.
REPORT_TITLE = "Crime and Disorder Scrutiny of the Safer Maidstone Partnership"
REPORT_ITEM_NOTE = (
    "The report states no title or agenda number: this title is drawn from its paragraph 1.1."
)
PRESENTATION_ITEM_NOTE = "Listed in paragraph 1.6 of the report; its agenda number is not stated."
STANDARD_ITEM_NOTE = "Standard item: the report does not set out the agenda."

# (topic, priority covered, [(presenter, role, agency)]); paragraph 1.6.
PRESENTATIONS = [
    (
        "Work of the Multi-Agency Gangs group (MAG)",
        PRIORITIES[1],
        [
            ("Mark Hedges", "Inspector", "Kent Police"),
            ("Hema Birdi", "Maidstone Early Help Manager", "Kent County Council"),
        ],
    ),
    (
        "Substance Misuse & the links with homelessness and substance misuse",
        PRIORITIES[2],
        [("Kim Flain", NOT_STATED, "Change, Grow, Live")],
    ),
    (
        "Maidstone Domestic Abuse Forum & the White Ribbon Campaign",
        PRIORITIES[3],
        [("Matt Roberts", "Community Partnerships & Resilience Manager", COUNCIL)],
    ),
]

# Standard opening items of the committee's agendas, then the report and the presentations.
STANDARD_ITEMS = [
    (AgendaItem.Kind.APOLOGIES, "Apologies for Absence"),
    (AgendaItem.Kind.SUBSTITUTES, "Notification of Substitute Members"),
    (AgendaItem.Kind.URGENT_ITEMS, "Urgent Items"),
    (AgendaItem.Kind.DISCLOSURES, "Disclosures by Members and Officers"),
    (
        AgendaItem.Kind.EXEMPT_ITEMS,
        "To consider whether any items should be taken in private because of the "
        "possible disclosure of exempt information",
    ),
    (AgendaItem.Kind.MINUTES, "Minutes of the previous meeting (date not stated)"),
]

LINES_OF_ENQUIRY = [
    "How does the work of the partner organisation help to achieve the priorities "
    "identified by the SMP?",
    "Which priority does the partner organisation support indirectly?",
    "Is there anything the Council could do to assist the partner agency?",
    "Is there anything the Council could do to influence other organisations or "
    "individuals to assist the partner agency?",
    "Are there other organisations that could be invited to assist the partnership?",
]

APPENDICES = [
    "Communities, Housing and Environment Committee Terms of Reference",
    "2013-18 Community Safety Partnership Plan Refresh",
]


def _bullets(lines):
    return "\n".join(f"- {line}" for line in lines)


# The report, section by section, paragraph by paragraph, as worded in the seed.
REPORT_SECTIONS = [
    (
        "Introduction",
        [
            "Under Section 19 of the Police and Justice Act 2006 the Communities, Housing & "
            "Environment Committee has a statutory role to act as the Crime and Disorder "
            "Overview and Scrutiny Committee, meeting at least once per annum in order to "
            "scrutinise the work of our Community Safety Partnership (CSP), the Safer "
            "Maidstone Partnership and to make reports and recommendations with regard to "
            "the discharge of those functions. NB any Councillor may refer such a matter to "
            "this Committee. (Appendix 1).",
            "The Safer Maidstone Partnership is comprised of the statutory agencies defined "
            "by the Crime and Disorder Act 1998 (as amended); Maidstone Borough Council; Kent "
            "Police; Kent County Council; Kent Fire & Rescue Service; Kent, Surrey & Sussex "
            "Community Rehabilitation Company (CRC) (formally Kent Probation); Clinical "
            "Commissioning Group (CCG); and the Kent Police & Crime Commissioner. But also "
            "includes other agencies; Maidstone Mediation; Golding Homes; Choices (DA "
            "charity); and One Maidstone.",
            "For 2018/19 the Safer Maidstone Partnership identified the following "
            "priorities;\n" + _bullets(PRIORITIES),
            "To address these priorities each subgroup (apart from Mental Health) created an "
            "action plan, these were incorporated into the Community Safety Plan Refresh for "
            "2018/19 (included as Appendix 2).",
            "This review seeks to ensure that Members are aware of the current activity being "
            "undertaken by the Safer Maidstone Partnership, with particular reference to the "
            "Community Safety Partnership Plan for Maidstone, and will therefore concentrate "
            "on the following key areas of work:\n"
            + _bullets(
                [
                    "Work of the Multi-Agency Gangs group (MAG).",
                    "Substance Misuse & the links with homelessness and substance misuse.",
                    "Maidstone Domestic Abuse Forum & the White Ribbon Campaign.",
                ]
            ),
            "During the meeting the Committee will receive presentations on the following "
            "topics:\n"
            + _bullets(
                [
                    "Work of the Multi-Agency Gangs group (MAG), presented by Inspector Mark "
                    "Hedges, Kent Police and Hema Birdi, Maidstone Early Help Manager, Kent "
                    "County Council.",
                    "Substance Misuse & the links with homelessness and substance misuse, "
                    "presented by Kim Flain of Change, Grow, Live (CGL).",
                    "Maidstone Domestic Abuse Forum & the White Ribbon Campaign, presented by "
                    "Matt Roberts, Community Partnerships & Resilience Manager.",
                ]
            ),
            "These presentations will provide members with an overview of the work of the "
            "Safer Maidstone Partnership and allow time for Members to ask questions.",
        ],
    ),
    (
        "Key Lines of Enquiry",
        [
            "The Committee should consider the evidence submitted by each of the partners and "
            "the key lines of enquiry should be focussed around the priorities outlined in the "
            "plan.",
            "Members could ask the following questions:\n" + _bullets(LINES_OF_ENQUIRY),
        ],
    ),
    (
        "Recommendation",
        [
            "That the presentations from the partner agencies of the Safer Maidstone "
            "Partnership are noted.",
            "That recommendations are made to the Safer Maidstone Partnership as appropriate.",
        ],
    ),
    (
        # The seed report prints paragraphs 4.1 and 4.2 without a section heading.
        NOT_STATED,
        [
            "The remit of the Safer Maidstone Partnership has relevance to many of the "
            "Council\u2019s Priorities, but relates specifically to the priority \u201cProviding "
            "a Clean, Safe and Green Environment\u201d. The work of the Partnership relates most "
            "specifically to ensuring the safety of the community in Maidstone in relation to "
            "Crime and Disorder.",
            "There are no risks involved in considering the progress of the Safer Maidstone "
            "Partnership.",
        ],
    ),
    (
        "Appendices",
        [
            "The following appendices are included as part of this report:\n"
            + _bullets(f"Appendix {number}: {title}" for number, title in enumerate(APPENDICES, 1)),
        ],
    ),
]


def demo_is_loaded() -> bool:
    return Meeting.objects.filter(
        committee__slug="communities-housing-and-environment", date=MEETING_DATE
    ).exists()


def _upsert(model, lookup: dict, values: dict):
    """Find by natural key; save only when something differs, so history stays meaningful."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = {field: value for field, value in values.items() if getattr(obj, field) != value}
    if not created and changed:
        for field, value in changed.items():
            setattr(obj, field, value)
        obj.save(update_fields=list(changed))
    return obj


@transaction.atomic
def demo_load() -> Meeting:
    """Create or bring up to date the whole demo meeting and the partnership behind it."""
    agencies = {
        name: _upsert(
            Agency,
            {"name": name},
            {
                "short_name": short,
                "standing": standing,
                "sector": sector,
                "description": description,
            },
        )
        for name, short, standing, sector, description in [*AGENCIES, CGL]
    }
    for agency_name, former in FORMER_NAMES:
        _upsert(
            AgencyFormerName,
            {"agency": agencies[agency_name], "name": former},
            {"note": "As the report puts it: \u201cformally Kent Probation\u201d."},
        )

    corporate_priority = _upsert(
        CorporatePriority,
        {"council": COUNCIL, "title": "Providing a Clean, Safe and Green Environment"},
        {},
    )
    partnership = _upsert(
        Partnership,
        {"slug": "safer-maidstone-partnership"},
        {
            "name": "Safer Maidstone Partnership",
            "area": "Maidstone",
            "description": "The Community Safety Partnership for Maidstone.",
        },
    )
    partnership.corporate_priorities.set([corporate_priority])
    for name, *_ in AGENCIES:
        # Membership dates are not in the report: both are left unknown.
        _upsert(
            Membership,
            {"partnership": partnership, "agency": agencies[name], "start_date": None},
            {"end_date": None, "note": "Membership dates not stated."},
        )

    plan = _upsert(
        CommunitySafetyPlan,
        {"partnership": partnership, "start_year": 2013},
        {"title": "Community Safety Partnership Plan 2013-18", "end_year": 2018},
    )
    refresh = _upsert(
        PlanRefresh,
        {"plan": plan, "year": 2018},
        {"title": "2013-18 Community Safety Partnership Plan Refresh 2018/19"},
    )
    priorities = {
        title: _upsert(Priority, {"refresh": refresh, "title": title}, {"position": position})
        for position, title in enumerate(PRIORITIES, 1)
    }
    for name, short, priority_title, has_plan in SUBGROUPS:
        subgroup = _upsert(
            Subgroup, {"partnership": partnership, "name": name}, {"short_name": short}
        )
        priority = _upsert(
            Priority,
            {"refresh": refresh, "title": priority_title},
            {"lead_subgroup": subgroup},
        )
        if has_plan:
            action_plan = _upsert(
                ActionPlan,
                {"subgroup": subgroup, "refresh": refresh},
                {
                    "title": f"{subgroup.short_name or subgroup.name} action plan 2018/19",
                    "note": "Incorporated into the Community Safety Plan Refresh for 2018/19 "
                    "(Appendix 2). Its actions are not set out in the report.",
                },
            )
            action_plan.priorities.set([priority])

    committee = _upsert(
        Committee,
        {"slug": "communities-housing-and-environment"},
        {
            "name": "Communities, Housing and Environment Committee",
            "crime_and_disorder": True,
            "acting_as": "Crime and Disorder Committee",
            "statutory_basis": "Police and Justice Act 2006 s.19",
            "terms_of_reference": f"{NOT_STATED}: they are Appendix 1 to the report of "
            "25 September 2018, whose text the seed does not include.",
            "partnership": partnership,
        },
    )
    # The council record names the demo's council unless an officer has set one up.
    Council.objects.get_or_create(singleton=True, defaults={"name": COUNCIL})
    for position, (kind, title) in enumerate(STANDARD_ITEMS, 1):
        _upsert(
            StandardItem,
            {"committee": committee, "position": position},
            {"kind": kind, "title": title.removesuffix(" (date not stated)")},
        )
    author = _upsert(
        Person,
        {
            "kind": Person.Kind.OFFICER,
            "name": "Matt Roberts",
            "job_title": "Community Partnerships & Resilience Manager",
        },
        {"organisation": COUNCIL},
    )
    # The meeting took place, but the seed report does not say what it resolved: it is
    # marked held with its minutes "not stated", and no minutes are invented.
    meeting = _upsert(
        Meeting,
        {"committee": committee, "date": MEETING_DATE},
        {
            "start_time": None,
            "venue": NOT_STATED,
            "status": Meeting.Status.HELD,
            "minutes_not_stated": True,
        },
    )

    number = 0
    for number, (kind, title) in enumerate(STANDARD_ITEMS, 1):
        _upsert(
            AgendaItem,
            {"meeting": meeting, "number": number},
            {"kind": kind, "title": title, "description": STANDARD_ITEM_NOTE},
        )
    number += 1
    report_item = _upsert(
        AgendaItem,
        {"meeting": meeting, "number": number},
        {"kind": AgendaItem.Kind.REPORT, "title": REPORT_TITLE, "description": REPORT_ITEM_NOTE},
    )
    report = _upsert(
        Report, {"agenda_item": report_item}, {"title": REPORT_TITLE, "author": author}
    )
    paragraphs = {}
    for section_number, (heading, texts) in enumerate(REPORT_SECTIONS, 1):
        section = _upsert(
            ReportSection, {"report": report, "number": section_number}, {"title": heading}
        )
        for paragraph_number, text in enumerate(texts, 1):
            paragraph = _upsert(
                ReportParagraph, {"section": section, "number": paragraph_number}, {"text": text}
            )
            paragraphs[paragraph.reference] = paragraph
    for appendix_number, title in enumerate(APPENDICES, 1):
        _upsert(
            Appendix,
            {"report": report, "number": appendix_number},
            {"title": title, "note": "The appendix's text is not part of the seed report."},
        )

    for topic, priority_title, presenters in PRESENTATIONS:
        number += 1
        item = _upsert(
            AgendaItem,
            {"meeting": meeting, "number": number},
            {
                "kind": AgendaItem.Kind.PRESENTATION,
                "title": topic,
                "description": PRESENTATION_ITEM_NOTE,
            },
        )
        presentation = _upsert(Presentation, {"agenda_item": item}, {"topic": topic})
        presentation.priorities.set([priorities[priority_title]])
        for position, (name, role, agency_name) in enumerate(presenters, 1):
            # One person per name: the report's author presents for the council too.
            agency = agencies[agency_name]
            person = _upsert(
                Person, {"kind": Person.Kind.OFFICER, "name": name}, {"agency": agency}
            )
            _upsert(
                Presenter,
                {"presentation": presentation, "position": position},
                {"person": person, "role": role, "agency": agency},
            )

    for position, question in enumerate(LINES_OF_ENQUIRY, 1):
        # Paragraph 2.2's questions are generic: they also seed the library for later meetings.
        # The library names the partnership through its placeholder, not the seed's initials.
        _upsert(
            StandardQuestion,
            {"committee": committee, "question": question.replace("the SMP", "the {partnership}")},
            {"position": position},
        )
        _upsert(
            LineOfEnquiry,
            {"meeting": meeting, "position": position},
            {"question": question, "source_paragraph": paragraphs["2.2"]},
        )
    for position, reference in enumerate(["3.1", "3.2"], 1):
        _upsert(
            Recommendation,
            {"meeting": meeting, "position": position},
            {
                "agenda_item": report_item,
                "text": paragraphs[reference].text,
                "source_paragraph": paragraphs[reference],
                "status": Recommendation.Status.PROPOSED,
                # 3.1 asks the committee itself to note; 3.2 looks to the partnership.
                "addressee_partnership": partnership if reference == "3.2" else None,
            },
        )
    # Loaded over an earlier copy, any of the site's records may have changed.
    content_changed(meeting, everything=True)
    return meeting
