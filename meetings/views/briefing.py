"""The briefing on a priority: a page, and the same content as a PDF for the committee."""

from django.shortcuts import get_object_or_404, render

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.page_cache import cached_page

from ..briefing import briefed_priorities
from ..briefing import priority_briefing as read_briefing
from .documents import serve_document


@cached_page
def priority_briefing(request, pk):
    priority = get_object_or_404(briefed_priorities(), pk=pk)
    briefing = read_briefing(priority, request.user, today())
    partnership = briefing.partnership
    context = {
        "briefing": briefing,
        "priority": priority,
        "crumbs": crumbs(
            (partnership.name, partnership.get_absolute_url()),
            (priority.title, priority.get_absolute_url()),
            ("Briefing", None),
        ),
    }
    return render(request, "meetings/priority_briefing.html", context)


def priority_briefing_pdf(request, pk):
    priority = get_object_or_404(briefed_priorities(), pk=pk)
    return serve_document(
        request, "briefing", {"priority": priority.pk, "day": today().isoformat()}
    )
