"""Officers record a meeting's life (held, cancelled, postponed), who attended it and the
interests members declared. Views parse input and call a service (meetings/meeting_life.py,
meetings/attendance.py); a step that cannot come next is refused, saying why."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.editing import (
    ChildCreateView,
    OfficerConfirmView,
    OfficerPageMixin,
    OfficerUpdateView,
    ParentMixin,
    officer_edits,
)
from scrutiny.kernel.errors import ServiceError

from .. import attendance, meeting_life
from ..life_forms import (
    AttendanceForm,
    AttendeeForm,
    CancelForm,
    DeclarationForm,
    MarkHeldForm,
    PostponeForm,
)
from ..models import Attendance, Declaration, Meeting
from ..models.committees import chair_on


def _refused(request, meeting: Meeting, page_title: str, refusal: str):
    """A step that cannot be taken now: the page says why, and leads back to the meeting."""
    context = {"meeting": meeting, "page_title": page_title, "refusal": refusal}
    return render(request, "meetings/life_refused.html", context)


class MeetingPage(ParentMixin, OfficerPageMixin, FormView):
    """A form about the meeting named in the URL; back to the meeting page after."""

    parent_model = Meeting

    def get_parent_queryset(self):
        return Meeting.objects.select_related("committee")

    @property
    def meeting(self) -> Meeting:
        return self.parent

    def refusal(self) -> str | None:
        return None

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            return _refused(request, self.meeting, self.get_page_title(), refusal)
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        return self.meeting.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def act(self, form) -> str:
        """Call the service with the form's values; return what to tell the officer."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            done = self.act(form)
        except (ServiceError, ValidationError) as error:
            form.add_error(None, getattr(error, "messages", None) or str(error))
            return self.form_invalid(form)
        messages.success(self.request, done)
        return redirect(self.get_success_url())


class MeetingStep(MeetingPage):
    step = ""

    def refusal(self):
        return meeting_life.step_refusal(self.meeting, self.step)

    def get_initial(self):
        # A decision to cancel or move a meeting: today, or the meeting's day if earlier.
        decided = min(today(), self.meeting.date)
        return {"cancelled_on": decided, "decided_on": decided}


class MeetingMarkHeld(MeetingStep):
    step = "held"
    form_class = MarkHeldForm
    page_title = "Record the meeting as held"

    def get_initial(self):
        return {"presiding": chair_on(self.meeting.committee_id, self.meeting.date)}

    def act(self, form):
        data = form.cleaned_data
        meeting_life.meeting_mark_held(
            meeting=self.meeting, user=self.request.user, presiding=data["presiding"]
        )
        return "The meeting is recorded as held. Record who attended it next."

    def get_success_url(self):
        return reverse("meetings:attendance", args=[self.meeting.pk])


class MeetingCancel(MeetingStep):
    step = "cancel"
    form_class = CancelForm
    page_title = "Cancel the meeting"

    def act(self, form):
        data = form.cleaned_data
        meeting_life.meeting_cancel(
            meeting=self.meeting,
            user=self.request.user,
            reason=data["reason"],
            cancelled_on=data["cancelled_on"],
        )
        return "The meeting is cancelled. Its page and the calendars say so."


class MeetingPostpone(MeetingStep):
    step = "postpone"
    form_class = PostponeForm
    page_title = "Postpone or move the meeting"

    def act(self, form):
        data = form.cleaned_data
        moved = meeting_life.meeting_postpone(
            meeting=self.meeting,
            user=self.request.user,
            new_date=data["new_date"],
            new_start_time=data["new_start_time"],
            decided_on=data["decided_on"],
            reason=data["reason"],
        )
        return f"The meeting is moved to {moved.new_date:%-d %B %Y}."


# Attendance -----------------------------------------------------------------------------


def _attendance_refusal(meeting: Meeting) -> str | None:
    if meeting.is_cancelled:
        return "This meeting was cancelled: it has no attendance."
    if not meeting.took_place:
        return "Attendance is recorded once the meeting has been held: mark it as held first."
    return None


class AttendanceRecord(MeetingPage):
    """The members on the meeting's day in one form; the others listed below it."""

    template_name = "meetings/life_attendance.html"
    form_class = AttendanceForm

    def get_page_title(self):
        return f"Attendance at the meeting of {self.meeting.date:%-d %B %Y}"

    def refusal(self):
        return _attendance_refusal(self.meeting)

    def get_success_url(self):
        return f"{self.meeting.get_absolute_url()}#attendance"

    def get_back_url(self):
        return self.meeting.get_absolute_url()

    @cached_property
    def sheet(self):
        return attendance.attendance_sheet(self.meeting)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "members": self.sheet.members}

    def get_context_data(self, **kwargs):
        return super().get_context_data(sheet=self.sheet, **kwargs)

    def act(self, form):
        attendance.attendance_record(
            meeting=self.meeting, user=self.request.user, statuses=form.statuses()
        )
        return "The members' attendance is saved."


class AttendeeAdd(MeetingPage):
    form_class = AttendeeForm
    page_title = "Add someone to the attendance"

    def refusal(self):
        return _attendance_refusal(self.meeting)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def get_success_url(self):
        return reverse("meetings:attendance", args=[self.meeting.pk])

    def act(self, form):
        data = form.cleaned_data
        row = attendance.attendance_add(meeting=self.meeting, user=self.request.user, **data)
        return f"{row.person.name} is added as {row.get_role_display().lower()}."


@officer_edits(Attendance)
@require_POST
def attendance_remove(request, row):
    try:
        attendance.attendance_remove(attendance=row, user=request.user)
    except ServiceError as error:
        messages.error(request, f"{row.person.name} was not removed: {error}")
    else:
        messages.success(request, f"{row.person.name} is taken off the attendance list.")
    return redirect("meetings:attendance", row.meeting_id)


# Declarations of interest ---------------------------------------------------------------


def _for_declarations(refusal: str) -> str:
    return refusal.replace("Attendance is", "Declarations are")


def _declarations_url(meeting_pk: int) -> str:
    return reverse("meetings:declarations", args=[meeting_pk])


@officer_edits(Meeting)
def declarations(request, meeting):
    page_title = f"Declarations of interest at the meeting of {meeting.date:%-d %B %Y}"
    refusal = _attendance_refusal(meeting)
    if refusal:
        return _refused(request, meeting, page_title, _for_declarations(refusal))
    context = {
        "meeting": meeting,
        "declarations": Declaration.objects.filter(agenda_item__meeting=meeting)
        .select_related("person", "agenda_item")
        .order_by("agenda_item__number", "person__name", "kind"),
        "page_title": page_title,
        "crumbs": crumbs(
            (meeting.committee.name, meeting.committee.get_absolute_url()),
            (f"{meeting.date:%-d %B %Y}", meeting.get_absolute_url()),
            ("Declarations of interest", None),
        ),
    }
    return render(request, "meetings/life_declarations.html", context)


class DeclarationCreate(ChildCreateView):
    parent_model = Meeting
    form_class = DeclarationForm
    page_title = "Record a declaration of interest"
    thing = "declaration"

    def get(self, request, *args, **kwargs):
        refusal = _attendance_refusal(self.parent)
        if refusal:
            return _refused(request, self.parent, self.page_title, _for_declarations(refusal))
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.parent}

    def create(self, fields):
        return attendance.declaration_add(meeting=self.parent, user=self.request.user, **fields)

    def get_success_url(self):
        return _declarations_url(self.parent.pk)


class DeclarationUpdate(OfficerUpdateView):
    model = Declaration
    form_class = DeclarationForm
    page_title = "Change a declaration of interest"
    thing = "declaration"
    service = staticmethod(attendance.declaration_update)

    def get_queryset(self):
        return Declaration.objects.select_related("agenda_item__meeting")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object.agenda_item.meeting}

    def get_success_url(self):
        return _declarations_url(self.object.agenda_item.meeting_id)


class DeclarationDelete(OfficerConfirmView):
    model = Declaration
    page_title = "Remove this declaration of interest"
    question = "Remove it only if it was recorded in error: the history keeps it."
    button_label = "Remove the declaration"

    def get_queryset(self):
        return Declaration.objects.select_related("agenda_item__meeting", "person")

    def perform(self, declaration):
        attendance.declaration_delete(declaration=declaration, user=self.request.user)
        return f"{declaration.person.name}'s declaration is removed."

    def get_success_url(self):
        return _declarations_url(self.object.agenda_item.meeting_id)
