"""The set-up pages: the council, its committees and their standard items, kept by
officers in the app rather than the admin. Views parse input and call a service."""

import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.council import Council
from scrutiny.kernel.editing import (
    ChildCreateView,
    OfficerConfirmView,
    OfficerCreateView,
    OfficerPageMixin,
    OfficerUpdateView,
    ParentMixin,
    move_as_asked,
    officer_edits,
)
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.officers import officer_only

from .. import services
from ..models import Committee, Meeting, StandardItem
from ..setup_forms import AgendaCopyForm, CommitteeForm, CouncilForm, StandardItemForm


@officer_only
def setup_index(request):
    return render(request, "meetings/setup_index.html", {"crumbs": crumbs(("Set up", None))})


class CouncilUpdate(OfficerUpdateView):
    form_class = CouncilForm
    page_title = "The council"
    thing = "council"
    service = staticmethod(services.council_update)

    def get_object(self, queryset=None):
        return Council.current()

    def form_valid(self, form):
        self.logo_change = form.logo_change()
        return super().form_valid(form)

    def update(self, fields, *, edit_token):
        fields.pop("logo", None)
        fields.pop("remove_logo", None)
        return services.council_update(
            record=self.object,
            user=self.request.user,
            edit_token=edit_token,
            logo=self.logo_change,
            **fields,
        )

    def get_success_url(self):
        return reverse("meetings:setup")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=crumbs(("Set up", reverse("meetings:setup")), ("The council", None)),
            **kwargs,
        )


def council_logo(request):
    """The council's logo, for every page's header; anyone may see it."""
    council = Council.current()
    if not council.has_logo:
        raise Http404("The council has no logo.")
    response = FileResponse(io.BytesIO(bytes(council.logo)), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Committees -----------------------------------------------------------------------------


@officer_only
def committee_list(request):
    context = {
        "committees": Committee.objects.select_related("partnership"),
        "crumbs": crumbs(("Set up", reverse("meetings:setup")), ("Committees", None)),
    }
    return render(request, "meetings/setup_committees.html", context)


class CommitteeCreate(OfficerCreateView):
    form_class = CommitteeForm
    page_title = "Add a committee"
    thing = "committee"

    def create(self, fields):
        return services.committee_add(user=self.request.user, **fields)

    def get_back_url(self):
        return reverse("meetings:committee_list")

    def get_success_url(self):
        return reverse("meetings:committee_setup", args=[self.object.pk])


class CommitteeUpdate(OfficerUpdateView):
    model = Committee
    form_class = CommitteeForm
    page_title = "Committee details"
    thing = "committee"
    service = staticmethod(services.committee_update)

    def get_success_url(self):
        return reverse("meetings:committee_setup", args=[self.object.pk])


@officer_edits(Committee)
def committee_setup(request, committee):
    context = {
        "committee": committee,
        "standard_items": committee.standard_items.all(),
        "titles": committee.titles.all(),
        "crumbs": crumbs(
            ("Set up", reverse("meetings:setup")),
            ("Committees", reverse("meetings:committee_list")),
            (committee.name, None),
        ),
    }
    return render(request, "meetings/setup_committee.html", context)


class CommitteeDelete(OfficerConfirmView):
    model = Committee
    page_title = "Delete this committee"
    question = (
        "The committee will move to the deleted items, where it can be restored. A "
        "committee with meetings cannot be deleted: delete its meetings first."
    )
    button_label = "Delete committee"

    def perform(self, committee):
        services.committee_delete(committee=committee, user=self.request.user)
        return f"{committee.name} has been deleted."

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            message = self.perform(self.object)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("meetings:committee_setup", pk=self.object.pk)
        messages.success(request, message)
        return redirect("meetings:committee_list")

    def get_success_url(self):
        return reverse("meetings:committee_setup", args=[self.object.pk])


# Standard items -------------------------------------------------------------------------


class StandardItemCreate(ChildCreateView):
    form_class = StandardItemForm
    page_title = "Add a standard item"
    thing = "standard item"
    parent_model = Committee
    parent_field = "committee"

    def create(self, fields):
        return services.standard_item_add(committee=self.parent, user=self.request.user, **fields)


class StandardItemUpdate(OfficerUpdateView):
    model = StandardItem
    form_class = StandardItemForm
    page_title = "Edit a standard item"
    thing = "standard item"
    service = staticmethod(services.standard_item_update)

    def get_success_url(self):
        return self.object.get_absolute_url()


@officer_edits(StandardItem)
@require_POST
def standard_item_move(request, item):
    item = move_as_asked(
        request,
        lambda direction: services.standard_item_move(item=item, direction=direction),
        item,
        "“{record.title}” is now standard item {record.position}.",
    )
    return redirect(item.get_absolute_url())


@officer_edits(StandardItem)
@require_POST
def standard_item_delete(request, item):
    back = item.get_absolute_url()
    services.standard_item_delete(item=item, user=request.user)
    messages.success(
        request,
        f"“{item.title}” is no longer a standard item. Meetings that have it keep it.",
    )
    return redirect(back)


# Copying an earlier agenda --------------------------------------------------------------


class AgendaCopy(ParentMixin, OfficerPageMixin, FormView):
    """Add the items of an earlier meeting of the same committee, without their papers."""

    template_name = "meetings/agenda_copy.html"
    form_class = AgendaCopyForm
    page_title = "Copy the agenda of an earlier meeting"
    parent_model = Meeting

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.parent}

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def form_valid(self, form):
        try:
            added = services.agenda_copy(
                meeting=self.parent, source=form.cleaned_data["source"], user=self.request.user
            )
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"{added} item{'s' if added != 1 else ''} copied.")
        return redirect(self.get_success_url())
