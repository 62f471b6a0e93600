from django import forms
from django.contrib import admin

from scrutiny.kernel.admin import ScrutinyAdmin
from scrutiny.kernel.forms import PastedTextAdminMixin

from .forms import AppendixFileMixin
from .models import (
    AgendaItem,
    Amendment,
    Appendix,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteeTitle,
    CouncillorCallForAction,
    Declaration,
    LineOfEnquiry,
    Meeting,
    Minute,
    Motion,
    Person,
    Postponement,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationLetter,
    RecommendationResponse,
    RecommendationStep,
    RecordedVote,
    Report,
    ReportParagraph,
    ReportSection,
    Slides,
    StandardItem,
    StandardQuestion,
    Supplement,
    Vote,
    WorkProgrammeItem,
)


class CommitteeMemberInline(PastedTextAdminMixin, admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Committee)
class CommitteeAdmin(ScrutinyAdmin):
    list_display = ["name", "acting_as", "partnership"]
    search_fields = ["name", "acting_as", "terms_of_reference"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CommitteeMemberInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ScrutinyAdmin):
    list_display = ["person", "role", "committee", "start_date", "end_date"]
    list_filter = ["committee", "role"]
    search_fields = ["person__name", "person__party"]
    autocomplete_fields = ["person"]


@admin.register(CommitteeTitle)
class CommitteeTitleAdmin(ScrutinyAdmin):
    list_display = ["committee", "from_date", "name", "acting_as"]
    list_filter = ["committee"]
    search_fields = ["name", "acting_as"]


@admin.register(StandardItem)
class StandardItemAdmin(ScrutinyAdmin):
    list_display = ["committee", "position", "title", "kind"]
    list_filter = ["committee"]
    search_fields = ["title"]


@admin.register(Person)
class PersonAdmin(ScrutinyAdmin):
    list_display = ["name", "kind", "title", "job_title", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name", "title", "job_title", "organisation"]


class AgendaItemInline(PastedTextAdminMixin, admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ["number", "kind", "title", "is_exempt", "exempt_paragraph"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(ScrutinyAdmin):
    list_display = ["__str__", "date", "start_time", "venue", "status"]
    list_filter = ["status", "committee"]
    search_fields = ["venue", "committee__name", "agenda_items__title"]
    date_hierarchy = "date"
    readonly_fields = ["published_at", "published_by"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ScrutinyAdmin):
    list_display = ["title", "number", "meeting", "kind", "is_exempt", "exempt_paragraph"]
    list_filter = ["kind", "is_exempt", "meeting__committee"]
    search_fields = ["title", "description"]
    list_select_related = ["meeting__committee"]


class ReportSectionInline(PastedTextAdminMixin, admin.TabularInline):
    model = ReportSection
    extra = 0
    show_change_link = True


class AppendixAdminForm(AppendixFileMixin, forms.ModelForm):
    """The admin takes an appendix's file through the same check as the officers' form."""

    class Meta:
        model = Appendix
        fields = ["report", "number", "title", "file", "note"]


# What the check found, shown beside the file; set only by the check itself.
APPENDIX_CHECKS = ["page_count", "file_is_clean", "file_problem"]


class AppendixInline(PastedTextAdminMixin, admin.TabularInline):
    model = Appendix
    form = AppendixAdminForm
    extra = 0
    readonly_fields = APPENDIX_CHECKS


@admin.register(Report)
class ReportAdmin(ScrutinyAdmin):
    list_display = ["title", "author", "agenda_item"]
    list_filter = ["author", "agenda_item__meeting__committee"]
    search_fields = ["title", "summary", "sections__paragraphs__text"]
    inlines = [ReportSectionInline, AppendixInline]


class ReportParagraphInline(PastedTextAdminMixin, admin.StackedInline):
    model = ReportParagraph
    extra = 0


@admin.register(ReportSection)
class ReportSectionAdmin(ScrutinyAdmin):
    list_display = ["__str__", "report"]
    list_filter = ["report"]
    search_fields = ["title", "paragraphs__text"]
    inlines = [ReportParagraphInline]


@admin.register(ReportParagraph)
class ReportParagraphAdmin(ScrutinyAdmin):
    list_display = ["reference", "text", "section"]
    list_filter = ["section__report"]
    search_fields = ["text"]


@admin.register(Appendix)
class AppendixAdmin(ScrutinyAdmin):
    form = AppendixAdminForm
    list_display = ["__str__", "report", "file", "file_is_clean"]
    list_filter = ["file_is_clean", "report"]
    search_fields = ["title"]
    readonly_fields = APPENDIX_CHECKS


class PresenterInline(PastedTextAdminMixin, admin.TabularInline):
    model = Presenter
    extra = 0
    autocomplete_fields = ["person", "agency"]


@admin.register(Presentation)
class PresentationAdmin(ScrutinyAdmin):
    list_display = ["topic", "agenda_item"]
    list_filter = ["agenda_item__meeting", "priorities"]
    search_fields = ["topic", "summary", "presenters__person__name"]
    filter_horizontal = ["priorities"]
    inlines = [PresenterInline]


@admin.register(Presenter)
class PresenterAdmin(ScrutinyAdmin):
    list_display = ["person", "role", "agency", "presentation"]
    list_filter = ["agency"]
    search_fields = ["person__name", "role", "agency__name"]
    autocomplete_fields = ["person", "agency"]


@admin.register(LineOfEnquiry)
class LineOfEnquiryAdmin(ScrutinyAdmin):
    list_display = ["question", "position", "meeting", "presentation", "priority"]
    list_filter = ["meeting", "priority"]
    search_fields = ["question"]


class RecommendationResponseInline(PastedTextAdminMixin, admin.StackedInline):
    model = RecommendationResponse
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Recommendation)
class RecommendationAdmin(ScrutinyAdmin):
    list_display = ["text", "position", "meeting", "status", "addressee_partnership"]
    list_filter = ["status", "meeting", "addressee_agencies"]
    search_fields = ["text", "responses__text"]
    filter_horizontal = ["addressee_agencies", "priorities"]
    inlines = [RecommendationResponseInline]


@admin.register(RecommendationResponse)
class RecommendationResponseAdmin(ScrutinyAdmin):
    list_display = ["recommendation", "agency", "outcome", "received_on"]
    list_filter = ["outcome", "agency"]
    search_fields = ["text", "recommendation__text"]
    autocomplete_fields = ["agency"]


@admin.register(RecommendationStep)
class RecommendationStepAdmin(ScrutinyAdmin):
    """Steps are taken on the recommendations page, which checks that each may follow;
    the admin shows them, for the record."""

    list_display = ["recommendation", "kind", "taken_on", "taken_by_name"]
    list_filter = ["kind"]
    search_fields = ["recommendation__text", "note", "taken_by_name"]
    raw_id_fields = ["recommendation", "taken_by", "response"]


@admin.register(RecommendationLetter)
class RecommendationLetterAdmin(ScrutinyAdmin):
    list_display = ["reference", "addressee", "meeting", "status", "issued_on"]
    list_filter = ["status", "meeting"]
    search_fields = ["reference", "addressee__name"]
    autocomplete_fields = ["addressee"]
    filter_horizontal = ["recommendations"]

    def get_readonly_fields(self, request, obj=None):
        # An issued letter is a record of what the partner received: nothing changes it.
        if obj is not None and obj.status == RecommendationLetter.Status.ISSUED:
            # Its frozen HTML is the PDF's source, too long to show; the PDF is linked.
            shown = [field.name for field in obj._meta.fields if field.name != "printed_html"]
            return [*shown, "recommendations"]
        return super().get_readonly_fields(request, obj)


@admin.register(CouncillorCallForAction)
class CouncillorCallForActionAdmin(ScrutinyAdmin):
    list_display = ["councillor", "ward", "received_on", "decision", "committee"]
    list_filter = ["decision", "committee"]
    search_fields = ["councillor", "ward", "matter", "outcome"]
    date_hierarchy = "received_on"


@admin.register(StandardQuestion)
class StandardQuestionAdmin(ScrutinyAdmin):
    list_display = ["question", "position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["question"]


@admin.register(WorkProgrammeItem)
class WorkProgrammeItemAdmin(ScrutinyAdmin):
    list_display = ["title", "committee", "meeting", "kind", "status"]
    list_filter = ["status", "kind", "committee"]
    search_fields = ["title", "purpose"]
    list_select_related = ["committee", "meeting__committee"]
    readonly_fields = ["agenda_item"]


class SlidesAdminForm(AppendixFileMixin, forms.ModelForm):
    """The admin takes slides through the same check as the officers' form."""

    class Meta:
        model = Slides
        fields = ["presentation", "file"]


@admin.register(Slides)
class SlidesAdmin(ScrutinyAdmin):
    form = SlidesAdminForm
    list_display = ["presentation", "page_count", "file_is_clean"]
    search_fields = ["presentation__topic"]
    readonly_fields = APPENDIX_CHECKS


# The meeting record. Officers keep it through the meeting's own pages (meetings/views/
# life.py, minutes_editing.py, minutes.py), which hold its rules; these are for mending.


@admin.register(Supplement)
class SupplementAdmin(ScrutinyAdmin):
    list_display = ["meeting", "number", "published_at"]
    search_fields = ["meeting__committee__name", "urgent_reason"]


@admin.register(Postponement)
class PostponementAdmin(ScrutinyAdmin):
    list_display = ["meeting", "previous_date", "new_date", "decided_on"]
    search_fields = ["meeting__committee__name", "reason"]


@admin.register(Attendance)
class AttendanceAdmin(ScrutinyAdmin):
    list_display = ["meeting", "person", "role", "status", "substitute_for"]
    list_filter = ["role", "status"]
    search_fields = ["person__name", "meeting__committee__name"]


@admin.register(Declaration)
class DeclarationAdmin(ScrutinyAdmin):
    list_display = ["agenda_item", "person", "kind", "dispensation", "left_room"]
    list_filter = ["kind", "dispensation"]
    search_fields = ["person__name", "nature"]


@admin.register(Minute)
class MinuteAdmin(ScrutinyAdmin):
    list_display = ["committee", "municipal_year", "number", "agenda_item"]
    list_filter = ["committee", "municipal_year"]
    search_fields = ["discussion", "agenda_item__title"]


@admin.register(Motion)
class MotionAdmin(ScrutinyAdmin):
    list_display = ["minute", "position", "mover", "seconder", "outcome", "effect"]
    list_filter = ["outcome", "effect"]
    search_fields = ["text", "resolution", "mover__name"]


@admin.register(Amendment)
class AmendmentAdmin(ScrutinyAdmin):
    list_display = ["motion", "position", "mover", "seconder", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["text", "mover__name"]


@admin.register(Vote)
class VoteAdmin(ScrutinyAdmin):
    list_display = ["__str__", "motion", "amendment", "present", "recorded"]
    list_filter = ["recorded"]
    search_fields = ["motion__text", "amendment__text"]


@admin.register(RecordedVote)
class RecordedVoteAdmin(ScrutinyAdmin):
    list_display = ["vote", "person", "choice"]
    list_filter = ["choice"]
    search_fields = ["person__name"]
