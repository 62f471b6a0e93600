"""Officers record each step of a recommendation's life (see meetings/lifecycle.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.views.generic import FormView

from scrutiny.kernel.dates import today
from scrutiny.kernel.editing import OfficerPageMixin, ParentMixin
from scrutiny.kernel.errors import ServiceError

from .. import lifecycle
from ..forms import (
    AgreedStepForm,
    ClosedStepForm,
    ImplementedStepForm,
    ResponseStepForm,
    StepForm,
    UpdateStepForm,
)
from ..models import Recommendation, RecommendationStep

Kind = RecommendationStep.Kind


@dataclass(frozen=True)
class StepPage:
    form: type[StepForm]
    title: str
    # Takes the step from the recommendation, the officer and the form's cleaned data.
    record: Callable
    done: str


STEP_PAGES = {
    Kind.AGREED: StepPage(
        AgreedStepForm,
        "Record that the committee agreed recommendation {position}",
        lambda r, user, data: lifecycle.recommendation_agree(
            recommendation=r, user=user, agreed_on=data["taken_on"]
        ),
        "Recommendation {position} is recorded as agreed.",
    ),
    Kind.RESPONSE: StepPage(
        ResponseStepForm,
        "Record a partner's response to recommendation {position}",
        lambda r, user, data: lifecycle.recommendation_response_record(
            recommendation=r,
            user=user,
            agency=data["agency"],
            outcome=data["outcome"],
            text=data["text"],
            received_on=data["taken_on"],
        ),
        "The response to recommendation {position} is recorded.",
    ),
    Kind.UPDATE: StepPage(
        UpdateStepForm,
        "Record progress on recommendation {position}",
        lambda r, user, data: lifecycle.recommendation_update_record(
            recommendation=r, user=user, text=data["text"], updated_on=data["taken_on"]
        ),
        "The update on recommendation {position} is recorded.",
    ),
    Kind.IMPLEMENTED: StepPage(
        ImplementedStepForm,
        "Mark recommendation {position} as implemented",
        lambda r, user, data: lifecycle.recommendation_implement(
            recommendation=r, user=user, implemented_on=data["taken_on"], note=data["text"]
        ),
        "Recommendation {position} is recorded as implemented.",
    ),
    Kind.CLOSED: StepPage(
        ClosedStepForm,
        "Close recommendation {position}",
        lambda r, user, data: lifecycle.recommendation_close(
            recommendation=r, user=user, closed_on=data["taken_on"], reason=data["text"]
        ),
        "Recommendation {position} is closed.",
    ),
}


class RecommendationStepRecord(ParentMixin, OfficerPageMixin, FormView):
    """The form for one step; a step that cannot come next is refused, saying why.

    Letters are issued for a whole meeting at once (``LettersIssue``), not here.
    """

    parent_model = Recommendation

    def get_parent_queryset(self):
        return Recommendation.objects.select_related("meeting")

    @property
    def recommendation(self) -> Recommendation:
        return self.parent

    @cached_property
    def kind(self) -> str:
        if self.kwargs["kind"] not in STEP_PAGES:
            raise Http404("There is no such step.")
        return self.kwargs["kind"]

    @property
    def step(self) -> StepPage:
        return STEP_PAGES[self.kind]

    def get(self, request, *args, **kwargs):
        refusal = lifecycle.step_refusal(self.recommendation, self.kind)
        if refusal:
            messages.error(request, refusal)
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_form_class(self):
        return self.step.form

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "recommendation": self.recommendation}

    def get_initial(self):
        agreed_at_meeting = self.kind == Kind.AGREED
        return {"taken_on": self.recommendation.meeting.date if agreed_at_meeting else today()}

    def get_page_title(self):
        return self.step.title.format(position=self.recommendation.position)

    def get_success_url(self):
        return self.recommendation.get_absolute_url()

    def form_valid(self, form):
        try:
            self.step.record(self.recommendation, self.request.user, form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.step.done.format(position=self.recommendation.position))
        return redirect(self.get_success_url())
