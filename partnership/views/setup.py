"""Officers' set-up pages for partnerships: the list of every partnership, and a new one."""

from django.db.models import Count
from django.urls import reverse
from django.views.generic import ListView

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.editing import OfficerCreateView
from scrutiny.kernel.officers import OfficerRequiredMixin

from .. import forms, services
from ..models import Partnership


class PartnershipList(OfficerRequiredMixin, ListView):
    template_name = "partnership/partnership_list.html"
    context_object_name = "partnerships"

    def get_queryset(self):
        return Partnership.objects.annotate(
            agency_count=Count("memberships__agency", distinct=True)
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "crumbs": crumbs(("Partnerships", None))}


class PartnershipCreate(OfficerCreateView):
    form_class = forms.PartnershipForm
    page_title = "New partnership"
    thing = "partnership"

    def create(self, fields):
        return services.partnership_add(user=self.request.user, **fields)

    def get_back_url(self):
        return reverse("partnership:partnership_list")

    def get_success_url(self):
        return self.object.get_absolute_url()
