"""The scrutiny committee and its meetings: agendas, reports, presentations and outcomes."""

from .agendas import SCHEDULE_12A_PARAGRAPHS, AgendaItem, Meeting
from .attendance import Attendance, Declaration, Postponement
from .committees import Committee, CommitteeMember, CommitteeTitle, StandardItem
from .minutes import Amendment, Minute, Motion, RecordedVote, Vote
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
from .supplements import Supplement
from .work_programme import WorkProgrammeItem

__all__ = [
    "SCHEDULE_12A_PARAGRAPHS",
    "AgendaItem",
    "Amendment",
    "Appendix",
    "Attendance",
    "Committee",
    "CommitteeMember",
    "CommitteeTitle",
    "CouncillorCallForAction",
    "Declaration",
    "LineOfEnquiry",
    "Meeting",
    "Minute",
    "Motion",
    "Person",
    "Postponement",
    "Presentation",
    "Presenter",
    "Recommendation",
    "RecommendationLetter",
    "RecommendationResponse",
    "RecommendationStep",
    "RecordedVote",
    "Report",
    "ReportParagraph",
    "ReportSection",
    "Slides",
    "StandardItem",
    "StandardQuestion",
    "Supplement",
    "Vote",
    "WorkProgrammeItem",
]
