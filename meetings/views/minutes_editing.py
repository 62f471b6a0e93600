"""Officers write the minutes of a held meeting: one page lists each item with its minute,
motions, amendments, votes and outcomes, and links to a plain form for each (no script
needed). Views parse the form and call a service of meetings/minutes_record.py, whose
refusals show in the form's error summary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutiny.kernel.editing import officer_edits
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.updates import EditConflict

from .. import minutes_record
from ..minutes_forms import AmendmentForm, DecideForm, MinuteForm, MotionForm, VoteForm
from ..models import AgendaItem, Amendment, Meeting, Minute, Motion, Recommendation
from .public import _meeting_crumbs

EDIT_PAGE = "meetings:minutes_edit"


def _edit_url(meeting_id: int, anchor: str = "") -> str:
    url = reverse(EDIT_PAGE, args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url


def _minutes_prefetched():
    """Everything the page shows of each item's minute, in a fixed number of queries."""
    numbered = Recommendation.objects.select_related("minute__committee").order_by(
        "number_in_minute", "position"
    )
    amendments = Amendment.objects.select_related("mover", "seconder", "vote").prefetch_related(
        "vote__named__person", Prefetch("recommendations", queryset=numbered)
    )
    motions = Motion.objects.select_related("mover", "seconder", "vote").prefetch_related(
        "vote__named__person",
        Prefetch("amendments", queryset=amendments),
        Prefetch("recommendations", queryset=numbered),
    )
    return Prefetch("minute__motions", queryset=motions.select_related("minute__committee"))


@officer_edits(Meeting)
def minutes_edit(request, meeting):
    """The page an officer writes the minutes from."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("number")
        .select_related("minute__committee")
        .prefetch_related(_minutes_prefetched())
    )
    context = {
        "meeting": meeting,
        "items": items,
        "refusal": minutes_record.minutes_refusal(meeting),
        "unminuted": any(not hasattr(item, "minute") for item in items),
        "page_title": "Write the minutes",
        "crumbs": _meeting_crumbs(meeting, ("Write the minutes", None)),
    }
    return render(request, "meetings/minutes_edit.html", context)


@officer_edits(Meeting)
@require_POST
def minutes_start(request, meeting):
    try:
        minutes = minutes_record.minutes_start(meeting=meeting, user=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Every item has its minute: {len(minutes)} in all.")
    return redirect(_edit_url(meeting.pk))


def _form_page(request, *, form, save, title, meeting, back, done):
    """Show ``form``; on a valid POST, ``save`` it and go ``back`` saying ``done``. A
    service's refusal is shown in the form's error summary. Approved minutes (or those
    of a meeting not held) send the officer to the minutes page, which says why."""
    refusal = minutes_record.minutes_refusal(meeting)
    if refusal:
        messages.error(request, refusal)
        return redirect(_edit_url(meeting.pk))
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except EditConflict as error:
            form.add_error(None, str(error))
            data = form.data.copy()
            data["edit_token"] = error.current_token
            form.data = data
        except (ServiceError, IntegrityError) as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, done)
            return redirect(back)
    context = {
        "form": form,
        "page_title": title,
        "back_url": back,
        "crumbs": _meeting_crumbs(
            meeting, ("Write the minutes", _edit_url(meeting.pk)), (title, None)
        ),
    }
    return render(request, "meetings/minutes_edit_form.html", context)


@officer_edits(AgendaItem)
def minute_write(request, item):
    meeting = item.meeting
    minute = Minute.objects.filter(agenda_item=item).first()
    form = MinuteForm(
        request.POST or None,
        record=minute,
        initial={"discussion": minute.discussion} if minute else None,
    )
    return _form_page(
        request,
        form=form,
        save=lambda form: minutes_record.minute_write(
            agenda_item=item,
            user=request.user,
            discussion=form.cleaned_data["discussion"],
            edit_token=form.cleaned_data["edit_token"] if minute else None,
        ),
        title=f"The minute of item {item.number}: {item.title}",
        meeting=meeting,
        back=_edit_url(meeting.pk, f"item-{item.number}"),
        done=f"The minute of item {item.number} has been saved.",
    )


def _meeting_of(minute: Minute) -> Meeting:
    return minute.agenda_item.meeting


@officer_edits(Minute)
def motion_add(request, minute):
    meeting = _meeting_of(minute)
    form = MotionForm(request.POST or None, meeting=meeting)
    return _form_page(
        request,
        form=form,
        save=lambda form: minutes_record.motion_add(
            minute=minute, user=request.user, **form.values()
        ),
        title=f"Add a motion on item {minute.agenda_item.number}",
        meeting=meeting,
        back=_edit_url(meeting.pk, f"item-{minute.agenda_item.number}"),
        done="The motion has been added.",
    )


@officer_edits(Motion)
def motion_update(request, motion):
    meeting = _meeting_of(motion.minute)
    form = MotionForm(
        request.POST or None,
        meeting=meeting,
        record=motion,
        initial={"text": motion.text, "mover": motion.mover, "seconder": motion.seconder},
    )
    return _form_page(
        request,
        form=form,
        save=lambda form: minutes_record.motion_update(
            record=motion,
            user=request.user,
            edit_token=form.cleaned_data["edit_token"],
            **form.values(),
        ),
        title=f"Motion {motion.position} on item {motion.minute.agenda_item.number}",
        meeting=meeting,
        back=_edit_url(meeting.pk, f"motion-{motion.pk}"),
        done="The motion has been saved.",
    )


@officer_edits(Motion)
def amendment_add(request, motion):
    meeting = _meeting_of(motion.minute)
    form = AmendmentForm(request.POST or None, meeting=meeting)
    return _form_page(
        request,
        form=form,
        save=lambda form: minutes_record.amendment_add(
            motion=motion, user=request.user, **form.values()
        ),
        title=f"Add an amendment to motion {motion.position} on item "
        f"{motion.minute.agenda_item.number}",
        meeting=meeting,
        back=_edit_url(meeting.pk, f"motion-{motion.pk}"),
        done="The amendment has been added.",
    )


@officer_edits(Amendment)
def amendment_update(request, amendment):
    motion = amendment.motion
    meeting = _meeting_of(motion.minute)
    form = AmendmentForm(
        request.POST or None,
        meeting=meeting,
        record=amendment,
        initial={
            "text": amendment.text,
            "mover": amendment.mover,
            "seconder": amendment.seconder,
            "outcome": amendment.outcome,
        },
    )
    return _form_page(
        request,
        form=form,
        save=lambda form: minutes_record.amendment_update(
            record=amendment,
            user=request.user,
            edit_token=form.cleaned_data["edit_token"],
            **form.values(),
        ),
        title=f"Amendment {amendment.position} to motion {motion.position}",
        meeting=meeting,
        back=_edit_url(meeting.pk, f"amendment-{amendment.pk}"),
        done="The amendment has been saved.",
    )


def _vote_page(request, on, *, title, anchor):
    motion = on if isinstance(on, Motion) else on.motion
    meeting = _meeting_of(motion.minute)
    vote = getattr(on, "vote", None)
    initial = {}
    if vote is not None:
        initial = {
            "votes_for": vote.votes_for,
            "votes_against": vote.votes_against,
            "abstentions": vote.abstentions,
            "recorded": vote.recorded,
            **{f"member_{named.person_id}": named.choice for named in vote.named.all()},
        }
    form = VoteForm(request.POST or None, meeting=meeting, initial=initial)
    return _form_page(
        request,
        form=form,
        save=lambda form: minutes_record.vote_record(
            on=on,
            user=request.user,
            votes_for=form.cleaned_data["votes_for"],
            votes_against=form.cleaned_data["votes_against"],
            abstentions=form.cleaned_data["abstentions"],
            named=form.named(),
        ),
        title=title,
        meeting=meeting,
        back=_edit_url(meeting.pk, anchor),
        done="The vote has been recorded.",
    )


@officer_edits(Motion)
def motion_vote(request, motion):
    return _vote_page(
        request,
        motion,
        title=f"The vote on motion {motion.position} on item {motion.minute.agenda_item.number}",
        anchor=f"motion-{motion.pk}",
    )


@officer_edits(Amendment)
def amendment_vote(request, amendment):
    return _vote_page(
        request,
        amendment,
        title=f"The vote on amendment {amendment.position} to motion {amendment.motion.position}",
        anchor=f"amendment-{amendment.pk}",
    )


@officer_edits(Motion)
def motion_decide(request, motion):
    meeting = _meeting_of(motion.minute)
    initial = {"outcome": motion.outcome, "effect": motion.effect, "resolution": motion.resolution}
    form = DecideForm(request.POST or None, motion=motion, initial=initial)
    return _form_page(
        request,
        form=form,
        save=lambda form: minutes_record.motion_decide(
            motion=motion, user=request.user, **form.cleaned_data
        ),
        title=f"The outcome of motion {motion.position} on item {motion.minute.agenda_item.number}",
        meeting=meeting,
        back=_edit_url(meeting.pk, f"motion-{motion.pk}"),
        done="The motion's outcome has been recorded.",
    )
