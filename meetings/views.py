from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.dateformat import format as format_date

from .models import Meeting


def home(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("committee")
    return render(request, "meetings/home.html", {"meetings": meetings})


def meeting_detail(request, pk):
    # A draft answers 404 to those who may not see it, so its existence is not disclosed.
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    items = (
        meeting.agenda_items.visible_to(request.user)
        .select_related("report__author", "presentation")
        .prefetch_related("presentation__presenters__agency")
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "crumbs": [
                ("Meetings", reverse("meetings:home")),
                (format_date(meeting.date, "j F Y"), None),
            ],
        },
    )
