"""The committee's work programme: the public page, and officers' planning pages."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.editing import ChildCreateView, OfficerConfirmView, OfficerUpdateView
from scrutiny.kernel.page_cache import cached_page

from .. import services
from ..forms import WorkProgrammeItemForm
from ..models import Committee, WorkProgrammeItem
from ..work_programme import work_programme_for


@cached_page
def work_programme(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    context = {
        "committee": committee,
        "programme": work_programme_for(committee, request.user, today()),
        "crumbs": crumbs((committee.name, committee.get_absolute_url()), ("Work programme", None)),
    }
    return render(request, "meetings/work_programme.html", context)


class WorkProgrammeFormMixin:
    form_class = WorkProgrammeItemForm
    thing = "planned item"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": today()}


class WorkProgrammeItemCreate(WorkProgrammeFormMixin, ChildCreateView):
    parent_model = Committee
    parent_field = "committee"
    url_kwarg = "slug"
    page_title = "Plan an item for the work programme"

    def create(self, fields):
        return services.work_programme_item_add(
            committee=self.parent, user=self.request.user, **fields
        )

    def get_back_url(self):
        return reverse("meetings:work_programme", args=[self.parent.slug])


class WorkProgrammeItemUpdate(WorkProgrammeFormMixin, OfficerUpdateView):
    model = WorkProgrammeItem
    page_title = "Planned item"
    service = staticmethod(services.work_programme_item_update)


class WorkProgrammeItemAddToAgenda(OfficerConfirmView):
    """Turn a planned item into an agenda item of the meeting it is planned for.

    The work programme page posts here straight from each item's button; this page
    is what a visitor sees who follows the address itself.
    """

    model = WorkProgrammeItem
    page_title = "Add this item to the agenda"
    question = (
        "The planned item goes on the end of its meeting's agenda, where you can move it. "
        "A presentation starts with the item's priorities; a report starts with its officer."
    )
    button_label = "Add to the agenda"
    warning = False
    agenda_item = None

    def get_queryset(self):
        return WorkProgrammeItem.objects.select_related("committee", "meeting")

    def perform(self, item):
        self.agenda_item = services.work_programme_item_add_to_agenda(
            item=item, user=self.request.user
        )
        meeting = self.agenda_item.meeting
        message = (
            f"“{item.title}” is now item {self.agenda_item.number} on the agenda of "
            f"{meeting.date:%-d %B %Y}."
        )
        if meeting.is_public:
            message += " That agenda is published, so the item is public now."
        return message

    def get_success_url(self):
        if self.agenda_item is not None:
            return self.agenda_item.get_absolute_url()
        return self.object.get_absolute_url()
