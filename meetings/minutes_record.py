"""Writing the minutes of a held meeting: each item's minute, the motions put on it, their
amendments, the votes taken and what each carried motion resolved.

A minute takes the next number in its committee's run for the municipal year of the
meeting (scrutiny/kernel/municipal_year.py); the run is the committee's, so the committee
row is locked while a number is chosen, and a clash the database still refuses (two
officers on a database that cannot lock rows) is retried with the number after.

Movers, seconders and named voters are the voting members present on the meeting's
attendance (members and their substitutes). A member who declared a disclosable pecuniary
interest in the item without a dispensation takes no part in it (Localism Act 2011 s.31):
recording them as moving, seconding or voting is refused.

A carried motion with the effect "recommendations" adopts the item's proposed
recommendations the officer ticks and those its carried amendments added: each is agreed
through the recommendation's own agree step (meetings/lifecycle.py) and numbered in the
minute (326.1, 326.2 …); the item's other proposed recommendations are closed as not
agreed by the committee. No other effect agrees anything, so noting or referring a report
never leads to a letter or a response deadline (``services.letters_issue`` sends only
agreed recommendations).

Every service is keyword-only and atomic, like those of meetings/services.py.
"""

from collections.abc import Iterable, Mapping
from typing import NotRequired, TypedDict, Unpack

from django.db import IntegrityError, transaction

from partnership.models import Agency, Partnership
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.municipal_year import municipal_year_start
from scrutiny.kernel.updates import next_number, record_create, record_update

from .lifecycle import recommendation_agree, recommendation_close
from .models import (
    AgendaItem,
    Amendment,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Minute,
    Motion,
    Person,
    Recommendation,
    RecordedVote,
    Vote,
)
from .models.attendance import VOTING_ROLES
from .services import recommendation_add

# The statuses in which the minutes can be written: held, and published in draft. Once
# approved they are a record, changed only by the corrections the approving minute makes.
MINUTES_OPEN = (Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFT)
NOT_AGREED = "not agreed by the committee"
# How often a number taken meanwhile by another officer's minute is tried again.
NUMBER_TRIES = 5


def minutes_refusal(meeting: Meeting) -> str | None:
    """Why the meeting's minutes cannot be written now, or ``None`` if they can."""
    if meeting.status in MINUTES_OPEN:
        return None
    if meeting.status == Meeting.Status.MINUTES_AGREED:
        return "The minutes of this meeting have been approved: they can no longer be changed."
    return "The minutes can be written once the meeting is recorded as held."


def _refuse_unless_open(meeting: Meeting) -> None:
    refusal = minutes_refusal(meeting)
    if refusal:
        raise ServiceError(refusal)


def voting_members_present(meeting: Meeting):
    """The people who may move, second and vote: members and substitutes present."""
    return Person.objects.filter(
        attendance__meeting=meeting,
        attendance__role__in=VOTING_ROLES,
        attendance__status=Attendance.Status.PRESENT,
    ).order_by("name")


def barred_from(agenda_item: AgendaItem) -> set[int]:
    """The people who may take no part in the item: a disclosable pecuniary interest
    declared without a dispensation (``Declaration.bars_voting``)."""
    return set(
        Declaration.objects.filter(
            agenda_item=agenda_item, kind=Declaration.Kind.PECUNIARY, dispensation=False
        ).values_list("person_id", flat=True)
    )


def _check_takes_part(minute: Minute, people: Iterable[tuple[str, Person | None]]) -> None:
    """Refuse a mover, seconder or voter who was not a voting member present, or who
    declared a pecuniary interest in the item without a dispensation."""
    meeting = minute.agenda_item.meeting
    present = set(voting_members_present(meeting).values_list("pk", flat=True))
    barred = barred_from(minute.agenda_item)
    for doing, person in people:
        if person is None:
            continue
        if person.pk in barred:
            raise ServiceError(
                f"{person.name} declared a disclosable pecuniary interest in item "
                f"{minute.agenda_item.number} without a dispensation, and so cannot be "
                f"recorded as {doing} on it (Localism Act 2011 s.31)."
            )
        if person.pk not in present:
            raise ServiceError(
                f"{person.name} is not on the attendance as a voting member present, so "
                f"cannot be recorded as {doing}: record the attendance first."
            )


# Minutes ---------------------------------------------------------------------------------


def _minute_create(agenda_item: AgendaItem, user, discussion: str) -> Minute:
    meeting = agenda_item.meeting
    # The run is the committee's: holding its row makes a second officer wait for this
    # number to be taken before choosing the next.
    committee = Committee.objects.select_for_update().get(pk=meeting.committee_id)
    year = municipal_year_start(meeting.date)
    run = Minute.objects.filter(committee=committee, municipal_year=year)
    for _ in range(NUMBER_TRIES):
        minute = Minute(
            agenda_item=agenda_item,
            committee=committee,
            municipal_year=year,
            number=next_number(run, "number"),
            discussion=discussion,
        )
        minute._history_user = user
        try:
            # A savepoint, so that a clash leaves the transaction usable for the retry.
            with transaction.atomic():
                minute.save()
        except IntegrityError:
            if Minute.objects.filter(agenda_item=agenda_item).exists():
                raise
            continue
        content_changed(minute)
        return minute
    raise ServiceError("Another officer is numbering minutes at this moment: try again.")


@transaction.atomic
def minute_write(
    *, agenda_item: AgendaItem, user, discussion: str = "", edit_token: str | None = None
) -> Minute:
    """Give the item its minute, numbered next in the committee's run for the meeting's
    municipal year, or change the discussion of the minute it has.

    ``edit_token`` (an edit form's) refuses a change made over another officer's.
    """
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    _refuse_unless_open(meeting)
    minute = Minute.objects.filter(agenda_item=agenda_item).first()
    if minute is None:
        return _minute_create(agenda_item, user, discussion)
    if edit_token is None:
        minute.discussion = discussion
        minute._history_user = user
        minute.save(update_fields=["discussion"])
        content_changed(minute)
        return minute
    return record_update(
        record=minute,
        user=user,
        edit_token=edit_token,
        thing="minute",
        fields={"discussion": discussion},
    )


@transaction.atomic
def minutes_start(*, meeting: Meeting, user) -> list[Minute]:
    """Give every item of the meeting that has no minute yet its minute, numbered in
    agenda order; return the meeting's minutes, in that order."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_unless_open(meeting)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
    minuted = set(
        Minute.objects.filter(agenda_item__meeting=meeting).values_list("agenda_item", flat=True)
    )
    for item in items:
        if item.pk not in minuted:
            _minute_create(item, user, "")
    return list(Minute.objects.filter(agenda_item__meeting=meeting).order_by("agenda_item__number"))


# Motions and amendments ------------------------------------------------------------------


def _minute_locked(minute: Minute) -> Minute:
    minute = Minute.objects.select_related("agenda_item__meeting").get(pk=minute.pk)
    Meeting.objects.select_for_update().get(pk=minute.agenda_item.meeting_id)
    _refuse_unless_open(minute.agenda_item.meeting)
    return minute


@transaction.atomic
def motion_add(
    *, minute: Minute, user, text: str, mover: Person, seconder: Person | None = None
) -> Motion:
    """Record a motion put on the item, after those already recorded."""
    minute = _minute_locked(minute)
    _check_takes_part(minute, [("moving", mover), ("seconding", seconder)])
    return record_create(
        record=Motion(minute=minute, position=next_number(minute.motions, "position")),
        user=user,
        fields={"text": text, "mover": mover, "seconder": seconder},
    )


@transaction.atomic
def motion_update(
    *,
    record: Motion,
    user,
    edit_token: str,
    text: str,
    mover: Person,
    seconder: Person | None = None,
) -> Motion:
    """Change a motion's words, mover or seconder."""
    minute = _minute_locked(record.minute)
    _check_takes_part(minute, [("moving", mover), ("seconding", seconder)])
    return record_update(
        record=record,
        user=user,
        edit_token=edit_token,
        thing="motion",
        fields={"text": text, "mover": mover, "seconder": seconder},
    )


def _recommendations_added(
    amendment: Amendment,
    user,
    texts: Iterable[str],
    addressee_partnership: Partnership | None,
    addressee_agencies: Iterable[Agency],
) -> list[Recommendation]:
    """New proposed recommendations on the item's meeting, added by the amendment; the
    motion adopts them when it is carried (``motion_decide``)."""
    texts = [text for text in texts if text.strip()]
    if not texts:
        return []
    if amendment.outcome != Amendment.Outcome.CARRIED:
        raise ServiceError("Only a carried amendment adds recommendations.")
    item = amendment.motion.minute.agenda_item
    added = []
    for text in texts:
        recommendation = recommendation_add(
            meeting=item.meeting,
            user=user,
            text=text,
            agenda_item=item,
            addressee_partnership=addressee_partnership,
            addressee_agencies=list(addressee_agencies),
        )
        recommendation.amendment = amendment
        recommendation.save(update_fields=["amendment"])
        added.append(recommendation)
    return added


class AmendmentValues(TypedDict):
    """What an amendment holds as the services take it; ``recommendations`` are the texts
    of those a carried amendment adds, to the addressees given."""

    text: str
    mover: Person
    seconder: NotRequired[Person | None]
    outcome: NotRequired[str]
    recommendations: NotRequired[Iterable[str]]
    addressee_partnership: NotRequired[Partnership | None]
    addressee_agencies: NotRequired[Iterable[Agency]]


def _amendment_saved(motion: Motion, user, values: dict, save) -> Amendment:
    """Check an amendment's values, ``save`` its own fields, then add the recommendations
    it carries."""
    minute = _minute_locked(motion.minute)
    _refuse_once_decided(motion)
    mover, seconder = values["mover"], values.get("seconder")
    _check_takes_part(minute, [("moving", mover), ("seconding", seconder)])
    amendment = save(
        {
            "text": values["text"],
            "mover": mover,
            "seconder": seconder,
            "outcome": values.get("outcome", Amendment.Outcome.PENDING),
        }
    )
    _recommendations_added(
        amendment,
        user,
        values.get("recommendations", ()),
        values.get("addressee_partnership"),
        values.get("addressee_agencies", ()),
    )
    return amendment


@transaction.atomic
def amendment_add(*, motion: Motion, user, **values: Unpack[AmendmentValues]) -> Amendment:
    """Record an amendment to the motion: who moved and seconded it, what it adds or
    changes, and its outcome. A carried amendment may add recommendations."""
    return _amendment_saved(
        motion,
        user,
        values,
        lambda fields: record_create(
            record=Amendment(motion=motion, position=next_number(motion.amendments, "position")),
            user=user,
            fields=fields,
        ),
    )


@transaction.atomic
def amendment_update(
    *, record: Amendment, user, edit_token: str, **values: Unpack[AmendmentValues]
) -> Amendment:
    """Change an amendment; recommendations given are added to those it added already."""
    outcome = values.get("outcome", Amendment.Outcome.PENDING)
    if outcome != Amendment.Outcome.CARRIED and record.recommendations.exists():
        raise ServiceError(
            "This amendment added recommendations, so it was carried: delete those "
            "recommendations first if it was not."
        )
    return _amendment_saved(
        record.motion,
        user,
        values,
        lambda fields: record_update(
            record=record, user=user, edit_token=edit_token, thing="amendment", fields=fields
        ),
    )


def _refuse_once_decided(motion: Motion) -> None:
    motion = Motion.objects.get(pk=motion.pk)
    if motion.recommendations.exists():
        raise ServiceError(
            f"Motion {motion.position} has adopted its recommendations: it can no longer be "
            "amended."
        )


# Votes -----------------------------------------------------------------------------------


@transaction.atomic
def vote_record(
    *,
    on: Motion | Amendment,
    user,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    named: Mapping[Person, str] | None = None,
) -> Vote:
    """Record the vote on a motion or an amendment, replacing any recorded before.

    Counted: the numbers for, against and abstaining. Recorded (``named`` given): each
    present voting member's vote by name, and the counts worked out from the names. The
    vote keeps how many voting members were present (``Meeting.voting_members_present``).
    """
    motion = on if isinstance(on, Motion) else on.motion
    minute = _minute_locked(motion.minute)
    meeting = minute.agenda_item.meeting
    if named is not None:
        _check_takes_part(minute, [("voting", person) for person in named])
        choices = list(named.values())
        votes_for = choices.count(RecordedVote.Choice.FOR)
        votes_against = choices.count(RecordedVote.Choice.AGAINST)
        abstentions = choices.count(RecordedVote.Choice.ABSTAIN)
        if not named:
            raise ServiceError("Name at least one member's vote for a recorded vote.")
    target = {"motion": on} if isinstance(on, Motion) else {"amendment": on}
    vote = Vote.objects.filter(**target).first() or Vote(**target)
    vote.votes_for, vote.votes_against, vote.abstentions = votes_for, votes_against, abstentions
    vote.present = meeting.voting_members_present()
    vote.recorded = named is not None
    vote.full_clean(validate_unique=False)
    vote._history_user = user
    vote.save()
    vote.named.all().delete()
    for person, choice in (named or {}).items():
        named_vote = RecordedVote(vote=vote, person=person, choice=choice)
        named_vote.full_clean(validate_unique=False)
        named_vote._history_user = user
        named_vote.save()
    content_changed(vote)
    return vote


# What a motion resolved ------------------------------------------------------------------


@transaction.atomic
def motion_decide(
    *,
    motion: Motion,
    user,
    outcome: str,
    effect: str = "",
    resolution: str = "",
    adopt: Iterable[Recommendation] = (),
) -> Motion:
    """Record the motion's outcome and, for a carried one, what it resolved.

    A carried motion with the effect "recommendations" adopts ``adopt`` (the item's
    proposed recommendations the officer ticked) and those its carried amendments added:
    each is agreed through its agree step and numbered in the minute; the item's other
    proposed recommendations are closed, "not agreed by the committee".
    """
    minute = _minute_locked(motion.minute)
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.recommendations.exists():
        raise ServiceError(
            f"Motion {motion.position} has adopted its recommendations already: its "
            "outcome can no longer change."
        )
    if outcome != Motion.Outcome.CARRIED:
        effect = ""
    adopts = outcome == Motion.Outcome.CARRIED and effect == Motion.Effect.RECOMMENDATIONS
    undecided = motion.amendments.filter(outcome=Amendment.Outcome.PENDING).first()
    if undecided and outcome != Motion.Outcome.WITHDRAWN:
        raise ServiceError(
            f"Record the outcome of amendment {undecided.position} before the motion's."
        )
    motion.outcome, motion.effect, motion.resolution = outcome, effect, resolution
    motion.full_clean()
    motion._history_user = user
    motion.save()
    content_changed(motion)
    if adopts:
        _recommendations_adopt(motion, minute, user, adopt)
    return motion


def _recommendations_adopt(motion: Motion, minute: Minute, user, ticked) -> None:
    item = minute.agenda_item
    proposed = Recommendation.objects.filter(
        agenda_item=item, status=Recommendation.Status.PROPOSED
    ).order_by("position")
    ticked_ids = {recommendation.pk for recommendation in ticked}
    stray = ticked_ids - set(proposed.filter(amendment__isnull=True).values_list("pk", flat=True))
    if stray:
        raise ServiceError(
            "Only the item's own proposed recommendations can be adopted by its motion."
        )
    from_amendments = proposed.filter(
        amendment__motion=motion, amendment__outcome=Amendment.Outcome.CARRIED
    ).order_by("amendment__position", "position")
    adopted = [r for r in proposed.filter(amendment__isnull=True) if r.pk in ticked_ids]
    adopted += list(from_amendments)
    if not adopted:
        raise ServiceError(
            "Tick the recommendations the motion adopted, or say it resolved something else."
        )
    number = next_number(minute.recommendations, "number_in_minute")
    for recommendation in adopted:
        recommendation_agree(recommendation=recommendation, user=user)
        # Read again: the agree step saved its status on a copy of its own.
        recommendation.refresh_from_db()
        recommendation.minute, recommendation.number_in_minute = minute, number
        recommendation.motion = motion
        recommendation._history_user = user
        recommendation.save(update_fields=["minute", "number_in_minute", "motion"])
        number += 1
    for recommendation in proposed.exclude(pk__in=[r.pk for r in adopted]):
        recommendation_close(
            recommendation=recommendation,
            user=user,
            closed_on=item.meeting.date,
            reason=NOT_AGREED,
        )
