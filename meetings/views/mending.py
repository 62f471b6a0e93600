"""Mending a meeting's records: deleting any child record to the bin (after a page that
asks), and moving one up or down its list, by plain POST. One view of each for every kind
(``KINDS``), all through the same services (``child_delete``, ``child_move``); restoring
is the bin's (views/records.py)."""

from django.urls import path, reverse

from scrutiny.kernel.editing import OfficerConfirmView, move_view

from .. import services
from ..models import (
    AgendaItem,
    Appendix,
    LineOfEnquiry,
    Presentation,
    Presenter,
    Recommendation,
    ReportParagraph,
    ReportSection,
)

# The name each kind goes by in URLs (``<kind>_delete``, ``<kind>_move``) and the bin.
KINDS = {
    "item": AgendaItem,
    "section": ReportSection,
    "paragraph": ReportParagraph,
    "appendix": Appendix,
    "presentation": Presentation,
    "presenter": Presenter,
    "line_of_enquiry": LineOfEnquiry,
    "recommendation": Recommendation,
}

# What goes with a record to the bin, for the question the delete page asks.
TAKES_WITH_IT = {
    AgendaItem: " The item's report and presentation go with it.",
    ReportSection: " Its paragraphs go with it.",
    Appendix: " Its file goes out of the meeting pack.",
    Presentation: " Its presenters go with it; questions aimed at it stay.",
}


def back_after_delete(record) -> str:
    """The page a deleted record was on, which is still there once it has gone."""
    if isinstance(record, LineOfEnquiry):
        return reverse("meetings:lines_of_enquiry", args=[record.meeting_id])
    if isinstance(record, Recommendation):
        return reverse("meetings:recommendations", args=[record.meeting_id])
    parent_field, _ = services.CHILDREN[type(record)]
    return getattr(record, parent_field).get_absolute_url()


class ChildDelete(OfficerConfirmView):
    """Ask, then move the record to the bin; the records after it close up."""

    @property
    def page_title(self):
        return f"Delete {self.model._meta.verbose_name} “{self.object}”"

    @property
    def button_label(self):
        return f"Delete {self.model._meta.verbose_name}"

    @property
    def question(self):
        _, place = services.CHILDREN[self.model]
        closes_up = f" The {self.model._meta.verbose_name_plural} after it move up a number."
        return (
            f"The {self.model._meta.verbose_name} will move to the deleted items, where it "
            "can be restored." + TAKES_WITH_IT.get(self.model, "") + (closes_up if place else "")
        )

    def perform(self, record):
        services.child_delete(record=record, user=self.request.user)
        return f"“{record}” has been deleted. It can be restored from the deleted items."

    def get_success_url(self):
        return back_after_delete(self.object)


def _delete_view(model):
    # A class per kind, so that the walks over the URLs (tests/test_editing_the_bin.py)
    # read the model each one looks up.
    return type(f"{model.__name__}Delete", (ChildDelete,), {"model": model}).as_view()


urlpatterns = [
    route
    for kind, model in KINDS.items()
    for route in (
        path(f"mend/{kind}/<int:pk>/delete/", _delete_view(model), name=f"{kind}_delete"),
        path(
            f"mend/{kind}/<int:pk>/move/",
            move_view(model, services.child_move),
            name=f"{kind}_move",
        ),
    )
    # A presentation is the one of its item: it has no list to move in.
    if not (model is Presentation and route.name == f"{kind}_move")
]
