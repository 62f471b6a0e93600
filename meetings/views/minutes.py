"""A meeting's minutes: the page and the PDF for readers (meetings/minutes_reading.py says
who reads what), and the officers' pages that publish the draft minutes and approve an
earlier meeting's at a later one (meetings/minutes_approval.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import FormView

from scrutiny.kernel.editing import OfficerConfirmView, OfficerPageMixin, ParentMixin
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.page_cache import cached_page

from ..forms import MinutesApproveForm
from ..minutes_approval import (
    awaiting_approval,
    items_without_minutes,
    minutes_approve,
    minutes_publish,
    minutes_readable,
)
from ..minutes_reading import minutes_context, minutes_meetings
from ..models import Meeting
from .documents import serve_document
from .public import _meeting_crumbs


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(minutes_meetings(request.user), pk=pk)


@cached_page
def minutes(request, pk):
    meeting = _meeting(request, pk)
    context = {
        "meeting": meeting,
        "minutes": minutes_context(meeting, request.user),
        "crumbs": _meeting_crumbs(meeting, ("Minutes", None)),
    }
    return render(request, "meetings/minutes.html", context)


def minutes_pdf(request, pk):
    meeting = _meeting(request, pk)
    if not minutes_readable(meeting, request.user):
        raise Http404("These minutes are not published.")
    return serve_document(request, "minutes", {"meeting": meeting.pk})


class MinutesPublish(OfficerConfirmView):
    """Publish a held meeting's draft minutes, after a page that says what that does."""

    model = Meeting
    page_title = "Publish the draft minutes"
    question = (
        "The public will be able to read the draft minutes, marked as a draft until a later "
        "meeting approves them. Exempt items' minutes stay for councillors and officers only."
    )
    button_label = "Publish the draft minutes"
    warning = False
    template_name = "meetings/minutes_publish.html"

    def get_context_data(self, **kwargs):
        # Said before the officer confirms: what publishing would refuse for.
        return super().get_context_data(
            meeting=self.object, unminuted=items_without_minutes(self.object), **kwargs
        )

    def perform(self, obj):
        minutes_publish(meeting=obj, user=self.request.user)
        return "The draft minutes have been published."

    def get_success_url(self):
        return reverse("meetings:minutes", kwargs={"pk": self.object.pk})


class MinutesApprove(ParentMixin, OfficerPageMixin, FormView):
    """At a later meeting: approve an earlier meeting's draft minutes of the same
    committee, as a correct record or subject to corrections."""

    template_name = "meetings/minutes_approve.html"
    page_title = "Approve the minutes of an earlier meeting"
    form_class = MinutesApproveForm
    parent_model = Meeting

    def get_parent_queryset(self):
        return Meeting.objects.select_related("committee", "presiding")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "earlier": awaiting_approval(self.parent)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.parent, **kwargs)

    def get_success_url(self):
        return reverse("meetings:minutes", kwargs={"pk": self.parent.pk})

    def form_valid(self, form):
        earlier = form.cleaned_data["earlier"]
        corrections = form.cleaned_data["corrections"]
        try:
            minutes_approve(
                meeting=earlier, at=self.parent, user=self.request.user, corrections=corrections
            )
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request, f"The minutes of the meeting of {earlier.date:%-d %B %Y} are approved."
        )
        return redirect(reverse("meetings:minutes", kwargs={"pk": earlier.pk}))
