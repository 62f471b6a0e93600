"""A presentation's slides: uploaded, replaced and taken off on the presentation's officer
pages, downloaded by whoever may see the presentation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.text import slugify
from django.views.generic import FormView

from scrutiny.kernel.editing import (
    OfficerConfirmView,
    OfficerPageMixin,
    ParentMixin,
    service_fields,
)
from scrutiny.kernel.errors import ServiceError

from .. import services
from ..forms import SlidesForm
from ..models import Presentation, Slides
from .files import pdf_download


class SlidesUpload(ParentMixin, OfficerPageMixin, FormView):
    """Upload a presentation's slides, or replace them."""

    parent_model = Presentation
    form_class = SlidesForm
    thing = "slides"

    def get_page_title(self):
        return f"Slides for “{self.parent.topic}”"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Slides.objects.filter(presentation=self.parent).first() or Slides(
            presentation=self.parent
        )
        return kwargs

    def get_success_url(self):
        return f"{self.parent.get_absolute_url()}#slides"

    def form_valid(self, form):
        try:
            services.slides_upload(
                presentation=self.parent, user=self.request.user, **service_fields(form)
            )
        except (ServiceError, ValidationError) as error:
            form.add_error(None, getattr(error, "messages", [str(error)]))
            return self.form_invalid(form)
        messages.success(self.request, "The slides have been uploaded.")
        return redirect(self.get_success_url())


class SlidesTakeOff(OfficerConfirmView):
    model = Presentation
    page_title = "Take the slides off this presentation"
    question = (
        "The slides will be taken off the presentation and out of the meeting pack. "
        "The presentation's history keeps a record of them."
    )
    button_label = "Take the slides off"

    def perform(self, presentation):
        services.slides_take_off(presentation=presentation, user=self.request.user)
        return "The slides have been taken off."

    def get_success_url(self):
        return self.object.get_absolute_url()


def slides_download(request, pk):
    # Files live outside any public folder: the presentation's visibility decides.
    slides = get_object_or_404(
        Slides.objects.filter(
            presentation__in=Presentation.objects.visible_to(request.user)
        ).select_related("presentation__agenda_item__meeting"),
        presentation_id=pk,
    )
    if not slides.can_be_merged:
        raise Http404("This presentation has no slides that can be downloaded.")
    meeting = slides.presentation.agenda_item.meeting
    filename = f"{meeting.date:%Y-%m-%d}-slides-{slugify(slides.presentation.topic)[:60]}.pdf"
    return pdf_download(slides.file, filename)


public_urls = [
    path("presentations/<int:pk>/slides.pdf", slides_download, name="slides_download"),
]

officer_urls = [
    path("presentations/<int:pk>/slides/", SlidesUpload.as_view(), name="slides_upload"),
    path(
        "presentations/<int:pk>/slides/take-off/",
        SlidesTakeOff.as_view(),
        name="slides_take_off",
    ),
]
