"""People: the public page of a councillor or officer, the officers' set-up pages for
people, committee memberships and presenters."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.generic import ListView, RedirectView

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.editing import (
    ChildCreateView,
    OfficerConfirmView,
    OfficerCreateView,
    OfficerUpdateView,
)
from scrutiny.kernel.officers import OfficerRequiredMixin
from scrutiny.kernel.page_cache import cached_page

from .. import councillors as record
from .. import services
from ..models import Committee, CommitteeMember, Person, Presentation, Presenter, Report
from ..people_forms import MembershipForm, PersonForm, PresenterForm, with_new_person

PEOPLE_LIST = "meetings:people"


@cached_page
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.select_related("agency"), pk=pk)
    reports = (
        Report.objects.visible_to(request.user)
        .filter(Q(author=person) | Q(introduced_by=person))
        .select_related("agenda_item__meeting__committee")
        .order_by("-agenda_item__meeting__date")
    )
    presentations = (
        Presentation.objects.visible_to(request.user)
        .filter(presenters__person=person, presenters__deleted_at__isnull=True)
        .select_related("agenda_item__meeting__committee")
        .distinct()
    )
    context = {
        "person": person,
        "memberships": person.memberships.select_related("committee").order_by(
            "-start_date", "committee__name"
        ),
        "reports": reports,
        "presentations": presentations,
        # What the meeting record says of them (meetings/councillors.py).
        "attendance_figures": record.attendance_figures(person, request.user),
        "attendance": record.attendance_record(person, request.user),
        "declarations": record.declarations_by(person, request.user),
        "recorded_votes": record.recorded_votes_by(person, request.user),
        "crumbs": crumbs(*_councillors_crumb(person), (person.name, None)),
    }
    return render(request, "meetings/person_detail.html", context)


def _councillors_crumb(person):
    return [("Councillors", reverse("meetings:councillors"))] if person.is_councillor else []


@cached_page
def councillors(request):
    """The members page: every councillor, with the committee roles they hold today."""
    context = {
        "councillors": record.councillors_with_roles(today()),
        "crumbs": crumbs(("Councillors", None)),
    }
    return render(request, "meetings/councillors.html", context)


class OfficerPageRedirect(RedirectView):
    """The officers' pages became people's pages: old links and bookmarks still arrive."""

    permanent = True

    def get_redirect_url(self, pk):
        # A missing person is not found here, as at the new address, not sent on to it.
        person = get_object_or_404(Person, pk=pk)
        return person.get_absolute_url()


# Set-up pages ---------------------------------------------------------------------------


class PersonList(OfficerRequiredMixin, ListView):
    template_name = "meetings/people.html"
    kinds = dict(Person.Kind.choices)

    def get_queryset(self):
        people = Person.objects.select_related("agency").order_by("kind", "name")
        kind = self.request.GET.get("kind")
        return people.filter(kind=kind) if kind in self.kinds else people

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind")
        return super().get_context_data(
            kinds=Person.Kind.choices,
            kind=kind if kind in self.kinds else "",
            crumbs=crumbs(("Councillors and officers", None)),
            **kwargs,
        )


class PersonCreate(OfficerCreateView):
    form_class = PersonForm
    page_title = "Add a person"
    thing = "person"

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind if kind in Person.Kind.values else Person.Kind.COUNCILLOR}

    def create(self, fields):
        return services.person_add(user=self.request.user, **fields)

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_back_url(self):
        return reverse(PEOPLE_LIST)


class PersonUpdate(OfficerUpdateView):
    model = Person
    form_class = PersonForm
    page_title = "Person's details"
    thing = "person"
    service = staticmethod(services.person_update)


class PersonDelete(OfficerConfirmView):
    model = Person
    page_title = "Delete this person"
    question = (
        "They will move to the deleted items, where they can be restored. Someone still "
        "named as a member, report author, introducer or presenter cannot be deleted."
    )
    button_label = "Delete person"

    def perform(self, person):
        services.person_delete(person=person, user=self.request.user)
        return f"{person.name} has been deleted."

    def get_success_url(self):
        if self.object.is_deleted:
            return reverse(PEOPLE_LIST)
        return self.object.get_absolute_url()


# Memberships ----------------------------------------------------------------------------


class MembershipCreate(ChildCreateView):
    parent_model = Committee
    parent_field = "committee"
    url_kwarg = "slug"
    form_class = MembershipForm
    page_title = "Add a member"
    thing = "membership"

    def create(self, fields):
        return services.committee_member_add(
            committee=self.parent, user=self.request.user, **with_new_person(fields)
        )


class NewPersonUpdateView(OfficerUpdateView):
    """Edit a record whose form may name a new person: the service makes them."""

    def update(self, fields, *, edit_token):
        return super().update(with_new_person(fields), edit_token=edit_token)


class MembershipUpdate(NewPersonUpdateView):
    model = CommitteeMember
    form_class = MembershipForm
    page_title = "Membership"
    thing = "membership"
    service = staticmethod(services.committee_member_update)

    def get_queryset(self):
        return CommitteeMember.objects.select_related("committee", "person")


class MembershipDelete(OfficerConfirmView):
    model = CommitteeMember
    page_title = "Delete this membership"
    question = (
        "A membership that has ended is better given an end date, which keeps it in the "
        "committee's record. A membership entered by mistake moves to the deleted items, "
        "where it can be restored."
    )
    button_label = "Delete membership"

    def perform(self, membership):
        services.record_delete(record=membership, user=self.request.user)
        return f"The membership of {membership.person.name} has been deleted."

    def get_success_url(self):
        return self.object.get_absolute_url()


# Presenters -----------------------------------------------------------------------------


def _meeting_partnership(presentation):
    return presentation.agenda_item.meeting.committee.partnership


class PresenterCreate(ChildCreateView):
    parent_model = Presentation
    form_class = PresenterForm
    page_title = "Add a presenter"
    thing = "presenter"

    def get_parent_queryset(self):
        return Presentation.objects.select_related("agenda_item__meeting__committee")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": _meeting_partnership(self.parent)}

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def create(self, fields):
        return services.presenter_add(
            presentation=self.parent, user=self.request.user, **with_new_person(fields)
        )


class PresenterUpdate(NewPersonUpdateView):
    model = Presenter
    form_class = PresenterForm
    page_title = "Presenter"
    thing = "presenter"
    service = staticmethod(services.presenter_update)

    def get_queryset(self):
        return Presenter.objects.select_related(
            "person", "presentation__agenda_item__meeting__committee"
        )

    def get_form_kwargs(self):
        partnership = _meeting_partnership(self.object.presentation)
        return {**super().get_form_kwargs(), "partnership": partnership}
