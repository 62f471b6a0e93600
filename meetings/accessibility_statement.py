"""What the accessibility statement (/accessibility/) says about the site's own content.

The statement is public: it is the same for everyone who reads it, so it lists only what
the public can open. An exempt item's appendix, or a draft meeting's, is left out even for
an officer, who would otherwise read a statement that names papers the public never see.

Its non-accessible content is what the upload check found (scrutiny/documents/
accessibility.py) in the appendices and slides published on the site, each with the WCAG
2.2 success criteria its failures break. The page costs the same few queries however many
files are flagged: one for the appendices, one for the slides.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from scrutiny.documents.accessibility import CRITERIA

from .models import Appendix, Meeting, Presentation, Slides

# The day the Public Sector Bodies Accessibility Regulations 2018 came into force: PDFs
# published before it need not be made accessible unless people need them to use a
# service (regulation 4(2)(a)).
REGULATIONS_IN_FORCE = "23 September 2018"

# A checked file that fails at least one check: untagged, with no language, or with a
# page that has no text layer. The same test as CheckedFile.accessibility_findings, asked
# of the database so that files that pass are never read.
FAILED_A_CHECK = Q(file_is_tagged=False) | Q(file_language="") | ~Q(file_pages_without_text=[])
PUBLISHED_AND_CHECKED = Q(file_is_clean=True, file_is_tagged__isnull=False) & ~Q(file="")


@dataclass(frozen=True)
class Criterion:
    number: str
    name: str

    def __str__(self):
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class FlaggedFile:
    """A published appendix or set of slides that failed the upload check."""

    record: Appendix | Slides
    meeting: Meeting
    # The report's or presentation's page, where the file is listed with its note.
    paper_title: str
    paper_url: str
    problems: tuple[str, ...]
    criteria: tuple[Criterion, ...]

    @property
    def title(self) -> str:
        return str(self.record)


def _criteria(findings) -> tuple[Criterion, ...]:
    """The criteria ``findings`` fail, each once, in the guidelines' order."""
    numbers = {number for problem in findings for number in problem.criteria}
    return tuple(Criterion(number, name) for number, name in CRITERIA.items() if number in numbers)


def flagged_files() -> list[FlaggedFile]:
    """The public's appendices and slides that failed the upload check, newest meeting
    first and in agenda order within a meeting."""
    public = AnonymousUser()
    appendices = (
        Appendix.objects.visible_to(public)
        .filter(PUBLISHED_AND_CHECKED, FAILED_A_CHECK)
        .select_related("report__agenda_item__meeting__committee")
        .defer("text")
    )
    slides = (
        Slides.objects.filter(
            PUBLISHED_AND_CHECKED,
            FAILED_A_CHECK,
            presentation__in=Presentation.objects.visible_to(public),
        )
        .select_related("presentation__agenda_item__meeting__committee")
        .defer("text")
    )
    found = [
        (appendix, appendix.report.agenda_item, appendix.report.title, appendix.number)
        for appendix in appendices
    ]
    found += [
        (record, record.presentation.agenda_item, record.presentation.topic, 0) for record in slides
    ]
    found.sort(
        key=lambda row: (-row[1].meeting.date.toordinal(), row[1].meeting.pk, row[1].number, row[3])
    )
    flagged = []
    for record, item, paper_title, _ in found:
        findings = record.accessibility_findings
        if not findings:
            continue
        flagged.append(
            FlaggedFile(
                record=record,
                meeting=item.meeting,
                paper_title=paper_title,
                paper_url=record.get_absolute_url(),
                problems=tuple(problem.text for problem in findings),
                criteria=_criteria(findings),
            )
        )
    return flagged


def criteria_failed(flagged: list[FlaggedFile]) -> list[Criterion]:
    """Every success criterion some flagged file fails, in the guidelines' order."""
    numbers = {criterion.number: criterion for file in flagged for criterion in file.criteria}
    return [numbers[number] for number in CRITERIA if number in numbers]
