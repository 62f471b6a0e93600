"""Following a matter across meetings: the minutes, resolutions and votes that concerned a
priority, an agency or a recommendation, in date order.

A minute concerned a matter when its item was about it (a presentation on the priority,
an agency presenting, recommendations on the item tagged with the priority or addressed
to the agency); a motion or amendment concerned it when it adopted or added such a
recommendation. Each list is read in three queries however many meetings it spans, and
only from the minutes the reader may see (``Minute.objects.visible_to``): exempt items'
minutes for councillors and officers, unpublished minutes for officers.
"""

from django.db.models import Prefetch, Q

from .models import Amendment, Minute, Motion, Recommendation

# Recommendations in the bin concern nothing any more.
_LIVE = Q(recommendations__deleted_at__isnull=True)


def minutes_concerning(user, *, minutes: Q, resolutions: Q) -> list[Minute]:
    """The minutes the user may read that concerned a matter, oldest first.

    ``minutes`` selects minutes that concerned it of themselves; ``resolutions`` selects
    the motions and amendments that did (through the recommendations they adopted or
    added). Each minute carries ``motions_concerned``, each of those its
    ``amendments_concerned``, with their votes: a motion is listed when it, or one of its
    amendments, concerned the matter.
    """
    amendments = Amendment.objects.filter(pk__in=Amendment.objects.filter(resolutions).values("pk"))
    motions = Motion.objects.filter(
        pk__in=Motion.objects.filter(resolutions | Q(amendments__in=amendments)).values("pk")
    )
    found = Minute.objects.visible_to(user).filter(
        pk__in=Minute.objects.filter(minutes | Q(motions__in=motions)).values("pk")
    )
    people = ("vote", "mover", "seconder")
    return list(
        found.select_related("committee", "agenda_item__meeting__committee")
        .order_by("agenda_item__meeting__date", "agenda_item__meeting__start_time", "number")
        .prefetch_related(
            Prefetch(
                "motions",
                queryset=motions.select_related(*people)
                .order_by("position")
                .prefetch_related(
                    Prefetch(
                        "amendments",
                        queryset=amendments.select_related(*people).order_by("position"),
                        to_attr="amendments_concerned",
                    )
                ),
                to_attr="motions_concerned",
            )
        )
    )


def _concerning(user, *, recommendations: dict, presentation: dict) -> list[Minute]:
    """Minutes of items whose live recommendations or presentation match the lookups, and
    the motions and amendments that resolved recommendations matching them."""

    def lookups(path: str, fields: dict) -> Q:
        return Q(**{f"{path}__{name}": value for name, value in fields.items()})

    return minutes_concerning(
        user,
        minutes=lookups(
            "agenda_item__recommendations", {**recommendations, "deleted_at__isnull": True}
        )
        | lookups("agenda_item__presentation", {**presentation, "deleted_at__isnull": True}),
        resolutions=_LIVE & lookups("recommendations", recommendations),
    )


def concerning_priority(priority, user) -> list[Minute]:
    """Items presented on the priority or proposing recommendations on it, and the
    motions and amendments that adopted or added recommendations tagged with it."""
    return _concerning(
        user, recommendations={"priorities": priority}, presentation={"priorities": priority}
    )


def concerning_agency(agency, user) -> list[Minute]:
    """Items where the agency presented or recommendations were addressed to it, and the
    motions and amendments that resolved recommendations to it."""
    return _concerning(
        user,
        recommendations={"addressee_agencies": agency},
        presentation={"presenters__agency": agency, "presenters__deleted_at__isnull": True},
    )


def follow_recommendations(recommendations: list[Recommendation], user) -> None:
    """Give each recommendation ``followed``: its minute, the amendment that added it and
    the motion that adopted it, with their votes, in the order they were decided (an
    amendment before the motion it amends). Empty where the user may not read the minute.
    Two queries for the whole list."""
    people = ("vote", "mover", "seconder")
    resolved = {
        recommendation.pk: recommendation
        for recommendation in Recommendation.all_objects.filter(
            pk__in=[recommendation.pk for recommendation in recommendations]
        ).select_related(
            "minute__committee",
            "minute__agenda_item",
            *(f"motion__{person}" for person in people),
            *(f"amendment__{person}" for person in people),
        )
    }
    minute_ids = {r.minute_id for r in resolved.values() if r.minute_id}
    readable = set(
        Minute.objects.visible_to(user).filter(pk__in=minute_ids).values_list("pk", flat=True)
    )
    for recommendation in recommendations:
        found = resolved.get(recommendation.pk)
        if found is None or found.minute_id not in readable:
            recommendation.followed = []
            continue
        steps = [("minute", found.minute)]
        if found.amendment_id:
            steps.append(("amendment", found.amendment))
        if found.motion_id:
            steps.append(("motion", found.motion))
        recommendation.followed = steps
