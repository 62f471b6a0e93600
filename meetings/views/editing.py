"""Officers' pages for building a meeting pack. Views parse input and call a service."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.editing import (
    ChildCreateView,
    OfficerConfirmView,
    OfficerCreateView,
    OfficerPageMixin,
    OfficerUpdateView,
    ParentMixin,
    officer_edits,
)
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.officers import OfficerRequiredMixin

from .. import services
from ..clear_days import clear_days_between, latest_publication, shortfall
from ..forms import (
    AgendaItemForm,
    AppendixForm,
    CallForActionForm,
    LineOfEnquiryForm,
    MeetingForm,
    PresentationForm,
    PublishForm,
    RecommendationForm,
    ReportForm,
    ReportParagraphForm,
    ReportSectionForm,
    StandardQuestionForm,
    SupplementPublishForm,
)
from ..models import (
    AgendaItem,
    Appendix,
    Committee,
    CouncillorCallForAction,
    LineOfEnquiry,
    Meeting,
    Presentation,
    Recommendation,
    Report,
    ReportParagraph,
    ReportSection,
    StandardQuestion,
    Supplement,
)
from ..queries import agenda_for, agenda_in_order
from ..supplementing import supplement_publish, supplements_shown

# Meetings -------------------------------------------------------------------------------


class MeetingCreate(OfficerCreateView):
    form_class = MeetingForm
    page_title = "New meeting"
    thing = "meeting"

    template_name = "meetings/meeting_create.html"

    def create(self, fields):
        return services.meeting_add(user=self.request.user, **fields)

    def get_initial(self):
        """The committee's usual venue and time, for the committee the officer came from
        (its set-up page links here with ``?committee=``), or the only one there is."""
        committees = Committee.objects.all()
        chosen = self.request.GET.get("committee", "")
        committee = (
            committees.filter(pk=chosen).first()
            if chosen.isascii() and chosen.isdigit() and len(chosen) < 10
            else None
        )
        if committee is None and len(found := list(committees[:2])) == 1:
            committee = found[0]
        if committee is None:
            return super().get_initial()
        return {
            **super().get_initial(),
            "committee": committee,
            "venue": committee.usual_venue,
            "start_time": committee.usual_start_time,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(no_committees=not Committee.objects.exists(), **kwargs)

    def get_back_url(self):
        return reverse("meetings:home")

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingUpdate(OfficerUpdateView):
    model = Meeting
    form_class = MeetingForm
    page_title = "Meeting details"
    thing = "meeting"
    service = staticmethod(services.meeting_update)


class MeetingPublish(ParentMixin, OfficerPageMixin, FormView):
    """Publish a draft meeting, after a page that says what publishing does.

    If the agenda would go out with fewer clear days than the law asks, the page says
    so and asks for the reason the business is urgent.
    """

    template_name = "meetings/publish.html"
    page_title = "Publish this meeting"
    form_class = PublishForm

    parent_model = Meeting

    def get_parent_queryset(self):
        return Meeting.objects.select_related("committee")

    @property
    def meeting(self) -> Meeting:
        return self.parent

    def get_form_kwargs(self):
        late = bool(services.publication_shortfall(self.meeting, today()))
        held = self.meeting.date < today()
        return {**super().get_form_kwargs(), "late": late, "held": held}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting,
            held=self.meeting.date < today(),
            clear_days=settings.SCRUTINY_CLEAR_DAYS,
            clear_days_left=clear_days_between(today(), self.meeting.date),
            publish_by=latest_publication(self.meeting.date),
            **kwargs,
        )

    def get_success_url(self):
        return self.meeting.get_absolute_url()

    def form_valid(self, form):
        try:
            services.meeting_publish(
                meeting=self.meeting,
                user=self.request.user,
                urgent_reason=form.cleaned_data.get("urgent_reason") or "",
                agenda_published_on=form.cleaned_data.get("agenda_published_on"),
            )
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "The meeting has been published.")
        return redirect(self.get_success_url())


class SupplementPublish(ParentMixin, OfficerPageMixin, FormView):
    """Publish what waits in a meeting's open supplement, after a page that lists it.

    As for the agenda, a supplement going out with fewer clear days than the law asks
    needs the reason the business is urgent.
    """

    template_name = "meetings/supplement_publish.html"
    form_class = SupplementPublishForm
    parent_model = Supplement

    def get_parent_queryset(self):
        return Supplement.objects.filter(published_at__isnull=True).select_related(
            "meeting__committee"
        )

    def get_page_title(self) -> str:
        return f"Publish supplement {self.parent.number}"

    def get_form_kwargs(self):
        late = bool(shortfall(today(), self.parent.meeting.date))
        return {**super().get_form_kwargs(), "late": late}

    def get_context_data(self, **kwargs):
        meeting = self.parent.meeting
        agenda = agenda_in_order(meeting, self.request.user, agenda_for(meeting, self.request.user))
        shown = supplements_shown(meeting, self.request.user, agenda)
        return super().get_context_data(
            meeting=meeting,
            supplement=self.parent,
            contents=next(entry for entry in shown if entry["supplement"] == self.parent),
            clear_days=settings.SCRUTINY_CLEAR_DAYS,
            clear_days_left=clear_days_between(today(), meeting.date),
            **kwargs,
        )

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def form_valid(self, form):
        try:
            supplement_publish(
                supplement=self.parent,
                user=self.request.user,
                urgent_reason=form.cleaned_data.get("urgent_reason") or "",
            )
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"Supplement {self.parent.number} has been published.")
        return redirect(self.get_success_url())


class MeetingDelete(OfficerConfirmView):
    model = Meeting
    page_title = "Delete this meeting"
    question = (
        "The meeting and its whole pack will move to the deleted items, where it can be restored."
    )
    button_label = "Delete meeting"

    def perform(self, meeting):
        services.record_delete(record=meeting, user=self.request.user)
        return "The meeting has been deleted. You can restore it from the deleted items."

    def get_success_url(self):
        if self.object.is_deleted:
            return reverse("meetings:deleted_items")
        return self.object.get_absolute_url()


# Agenda items ---------------------------------------------------------------------------


class MeetingChildCreate(ChildCreateView):
    """Create something that belongs to the meeting named in the URL."""

    parent_model = Meeting

    def get_success_url(self):
        return self.parent.get_absolute_url()


class AgendaItemCreate(MeetingChildCreate):
    form_class = AgendaItemForm
    page_title = "Add an agenda item"
    thing = "agenda item"

    def create(self, fields):
        return services.agenda_item_add(meeting=self.parent, user=self.request.user, **fields)


class AgendaItemUpdate(OfficerUpdateView):
    model = AgendaItem
    form_class = AgendaItemForm
    thing = "agenda item"
    service = staticmethod(services.agenda_item_update)

    def get_page_title(self):
        return f"Agenda item {self.object.number}"


# Reports --------------------------------------------------------------------------------


class ItemChildCreate(ChildCreateView):
    """Create the report or presentation of the agenda item named in the URL."""

    parent_model = AgendaItem
    parent_field = "agenda_item"


class ReportCreate(ItemChildCreate):
    form_class = ReportForm
    page_title = "Write a report"
    thing = "report"

    def create(self, fields):
        return services.report_add(agenda_item=self.parent, user=self.request.user, **fields)

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReportUpdate(OfficerUpdateView):
    model = Report
    form_class = ReportForm
    page_title = "Report details"
    thing = "report"
    service = staticmethod(services.report_update)


class ReportDelete(OfficerConfirmView):
    model = Report
    page_title = "Delete this report"
    question = "The report will move to the deleted items, where it can be restored."
    button_label = "Delete report"

    def perform(self, report):
        services.record_delete(record=report, user=self.request.user)
        return f"The report “{report.title}” has been deleted."

    def get_success_url(self):
        if self.object.is_deleted:
            return self.object.agenda_item.get_absolute_url()
        return self.object.get_absolute_url()


class ReportChildCreate(ChildCreateView):
    parent_model = Report


class ReportSectionCreate(ReportChildCreate):
    form_class = ReportSectionForm
    page_title = "Add a section"
    thing = "section"

    def create(self, fields):
        return services.report_section_add(report=self.parent, user=self.request.user, **fields)


class ReportSectionUpdate(OfficerUpdateView):
    model = ReportSection
    form_class = ReportSectionForm
    thing = "section"
    service = staticmethod(services.report_section_update)

    def get_page_title(self):
        return f"Section {self.object.number}"


class ReportParagraphCreate(ChildCreateView):
    parent_model = ReportSection
    form_class = ReportParagraphForm
    thing = "paragraph"

    def get_page_title(self):
        return f"Add a paragraph to section {self.parent.number} {self.parent.title}"

    def create(self, fields):
        return services.report_paragraph_add(section=self.parent, user=self.request.user, **fields)


class ReportParagraphUpdate(OfficerUpdateView):
    model = ReportParagraph
    form_class = ReportParagraphForm
    thing = "paragraph"
    service = staticmethod(services.report_paragraph_update)

    def get_page_title(self):
        return f"Paragraph {self.object.reference}"


class AppendixCreate(ReportChildCreate):
    form_class = AppendixForm
    page_title = "Add an appendix"
    thing = "appendix"

    def create(self, fields):
        return services.appendix_add(report=self.parent, user=self.request.user, **fields)


class AppendixUpdate(OfficerUpdateView):
    """Change an appendix's title, or replace its file (a broken one, say)."""

    model = Appendix
    form_class = AppendixForm
    thing = "appendix"
    service = staticmethod(services.appendix_update)

    def get_page_title(self):
        return f"Change appendix {self.object.number}"

    def get_queryset(self):
        return Appendix.objects.select_related("report")


# Presentations --------------------------------------------------------------------------


class PresentationCreate(ItemChildCreate):
    form_class = PresentationForm
    page_title = "Add a presentation"
    thing = "presentation"

    def create(self, fields):
        return services.presentation_add(agenda_item=self.parent, user=self.request.user, **fields)

    def get_success_url(self):
        return self.object.get_absolute_url()


class PresentationUpdate(OfficerUpdateView):
    model = Presentation
    form_class = PresentationForm
    page_title = "Presentation details"
    thing = "presentation"
    service = staticmethod(services.presentation_update)


# Lines of enquiry -----------------------------------------------------------------------


class LineOfEnquiryCreate(MeetingChildCreate):
    form_class = LineOfEnquiryForm
    page_title = "Add a line of enquiry"
    thing = "line of enquiry"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.parent}

    def create(self, fields):
        return services.line_of_enquiry_add(meeting=self.parent, user=self.request.user, **fields)

    def get_success_url(self):
        return reverse("meetings:lines_of_enquiry", args=[self.parent.pk])


class LineOfEnquiryUpdate(OfficerUpdateView):
    model = LineOfEnquiry
    form_class = LineOfEnquiryForm
    page_title = "Line of enquiry"
    thing = "line of enquiry"
    service = staticmethod(services.line_of_enquiry_update)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object.meeting}


@officer_edits(Meeting)
@require_POST
def lines_of_enquiry_add_standard(request, meeting):
    added = services.lines_of_enquiry_add_standard(meeting=meeting, user=request.user)
    if added:
        messages.success(request, f"{len(added)} standard questions have been added.")
    else:
        messages.success(request, "The meeting already asks every standard question.")
    return redirect("meetings:lines_of_enquiry", pk=meeting.pk)


class StandardQuestionCreate(ChildCreateView):
    form_class = StandardQuestionForm
    page_title = "Add a standard question"
    thing = "standard question"
    parent_model = Committee
    parent_field = "committee"

    def create(self, fields):
        return services.standard_question_add(
            committee=self.parent, user=self.request.user, **fields
        )

    def get_back_url(self):
        return reverse("meetings:standard_questions", args=[self.parent.pk])

    def get_success_url(self):
        return self.get_back_url()


class StandardQuestionUpdate(OfficerUpdateView):
    model = StandardQuestion
    form_class = StandardQuestionForm
    page_title = "Standard question"
    thing = "standard question"
    service = staticmethod(services.standard_question_update)


# Recommendations ------------------------------------------------------------------------


class RecommendationCreate(MeetingChildCreate):
    form_class = RecommendationForm
    page_title = "Add a recommendation"
    thing = "recommendation"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.parent}

    def create(self, fields):
        return services.recommendation_add(meeting=self.parent, user=self.request.user, **fields)

    def get_success_url(self):
        return self.object.get_absolute_url()


class RecommendationUpdate(OfficerUpdateView):
    model = Recommendation
    form_class = RecommendationForm
    page_title = "Recommendation"
    thing = "recommendation"
    service = staticmethod(services.recommendation_update)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object.meeting}

    def update(self, fields, *, edit_token):
        recommendation, self.corrections = self.service(
            record=self.object, user=self.request.user, edit_token=edit_token, **fields
        )
        return recommendation

    def form_valid(self, form):
        self.corrections = []
        response = super().form_valid(form)
        if self.corrections:
            count = len(self.corrections)
            messages.success(
                self.request,
                f"{count} correction letter{'s have' if count != 1 else ' has'} been issued.",
            )
        return response


class StandardQuestionList(ParentMixin, OfficerRequiredMixin, ListView):
    """A committee's standard questions, each with its partnership named."""

    template_name = "meetings/standard_questions.html"
    parent_model = Committee

    def get_queryset(self):
        return self.parent.standard_questions.select_related("committee__partnership")

    def get_context_data(self, **kwargs):
        trail = crumbs(
            ("Set up", reverse("meetings:setup")),
            ("Committees", reverse("meetings:committee_list")),
            (self.parent.name, reverse("meetings:committee_setup", args=[self.parent.pk])),
            ("Standard questions", None),
        )
        return super().get_context_data(committee=self.parent, crumbs=trail, **kwargs)


class LettersIssue(OfficerConfirmView):
    model = Meeting
    page_title = "Issue the recommendation letters"
    question = (
        "Each agency a recommendation is addressed to gets a letter with its recommendations, "
        "and every responsible authority gets a copy of them all (Police and Justice Act 2006 "
        "s.19(2)). Only agreed recommendations not sent yet go out: letters already issued "
        "stay as they are, and these are a new batch. The letters are recorded as issued "
        "today and the recommendations as sent."
    )
    button_label = "Issue the letters"
    warning = False

    def perform(self, meeting):
        letters = services.letters_issue(
            meeting=meeting, user=self.request.user, issued_on=timezone.localdate()
        )
        return f"{len(letters)} letters have been issued."

    def get_success_url(self):
        return reverse("meetings:recommendations", args=[self.object.pk])


# Councillor Calls for Action --------------------------------------------------------------


class CallForActionCreate(ChildCreateView):
    parent_model = Committee
    parent_field = "committee"
    url_kwarg = "slug"
    form_class = CallForActionForm
    page_title = "Record a Councillor Call for Action"
    thing = "call for action"

    def create(self, fields):
        return services.call_for_action_add(committee=self.parent, user=self.request.user, **fields)


class CallForActionUpdate(OfficerUpdateView):
    model = CouncillorCallForAction
    form_class = CallForActionForm
    page_title = "Councillor Call for Action"
    thing = "call for action"
    service = staticmethod(services.call_for_action_update)
