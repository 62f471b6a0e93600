"""The scrutiny committee and its meetings: agendas, reports, presentations and outcomes."""

from .agendas import SCHEDULE_12A_PARAGRAPHS, AgendaItem, Meeting
from .committees import Committee, CommitteeMember, CommitteeTitle, StandardItem
from .people import Person
from .presentations import LineOfEnquiry, Presentation, Presenter, Slides, StandardQuestion
from .recommendations import (
    Recommendation,
    RecommendationLetter,
    RecommendationResponse,
    RecommendationStep,
)
from .referrals import CouncillorCallForAction
from .reports import Appendix, Report, ReportParagraph, ReportSection
from .work_programme import WorkProgrammeItem

__all__ = [
    "SCHEDULE_12A_PARAGRAPHS",
    "AgendaItem",
    "Appendix",
    "Committee",
    "CommitteeMember",
    "CommitteeTitle",
    "CouncillorCallForAction",
    "LineOfEnquiry",
    "Meeting",
    "Person",
    "Presentation",
    "Presenter",
    "Recommendation",
    "RecommendationLetter",
    "RecommendationResponse",
    "RecommendationStep",
    "Report",
    "ReportParagraph",
    "ReportSection",
    "Slides",
    "StandardItem",
    "StandardQuestion",
    "WorkProgrammeItem",
]
