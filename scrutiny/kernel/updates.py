"""The two writes every app's services are built on: adding a record, and changing one
unless another officer saved it meanwhile. Both keep the history's author and say what
they changed through the content-change hook (scrutiny/kernel/changes.py)."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.errors import ServiceError

CONFLICT_MESSAGE = (
    "{who} saved this {thing} at {when} while you were editing it. Nothing you typed has "
    "been saved yet: check your changes against the current version, then save again."
)


class EditConflict(ServiceError):
    """The record changed after the officer opened it, so nothing was saved.

    ``current_token`` is the record's edit token now: the form moves on to it, so that
    saving again is a deliberate act.
    """

    def __init__(self, message: str, *, current_token: str):
        super().__init__(message)
        self.current_token = current_token


def next_number(queryset, field: str) -> int:
    """The number after the highest in use (1 when there is none): the place of a record
    added at the end of its agenda, report, plan or list. Call it with the parent locked."""
    return (queryset.aggregate(top=Max(field))["top"] or 0) + 1


def latest_change(instance):
    """The newest history row of a record, or None for one that has none."""
    return instance.history.order_by("-history_id").first()


def edit_token(instance) -> str:
    """The version of a record an edit form was opened on: its newest history row."""
    latest = latest_change(instance)
    return str(latest.history_id if latest else 0)


def _history_id_before_ours(model) -> Subquery:
    """The newest history row of a record but the one its save just made."""
    history = model.history.model
    pk_name = model._meta.pk.name
    return Subquery(
        history.objects.filter(**{pk_name: OuterRef("pk")})
        .order_by("-history_id")
        .values("history_id")[1:2]
    )


def _set_values(record: models.Model, fields: dict[str, Any]) -> dict[str, Any]:
    """Put the values on the record as a model form would; return the many-to-many ones,
    which can only be set once the record is saved."""
    links = {}
    for name, value in fields.items():
        field = record._meta.get_field(name)
        if field.many_to_many:
            links[name] = value
        else:
            field.save_form_data(record, value)
    return links


def _save(record: models.Model, user, links: dict[str, Any]) -> None:
    record._history_user = user
    record.save()
    for name, value in links.items():
        getattr(record, name).set(value)


def record_create(*, record: models.Model, user, fields: dict[str, Any]) -> models.Model:
    """Add ``record`` (a new instance, its parent and number already set) with the values
    in ``fields``, checked whole first: fields, ``clean()`` and unique rules.

    Raises ``ValidationError`` if a check fails. Call it inside the service's transaction.
    """
    links = _set_values(record, fields)
    record.full_clean()
    _save(record, user, links)
    content_changed(record)
    return record


def record_update(
    *,
    record: models.Model,
    user,
    edit_token: str,
    thing: str,
    fields: dict[str, Any],
    annotations: dict[str, Any] | None = None,
    shown_in: Callable[[models.Model], Iterable[int]] | None = None,
) -> models.Model:
    """Save new values on a record, unless it changed since its form was opened.

    ``edit_token`` is the token the form was opened on (``edit_token()``). The row is
    locked by the save itself, and the history read after it, so two saves cannot both
    pass the check; on a conflict nothing is kept and ``EditConflict`` says who saved
    first and when. The values are checked as ``record_create`` does,
    except the unique rules: the form checked those, and the database refuses a clash.

    A service that knows where its records show may pass ``annotations`` for the check's
    query to read and ``shown_in``, which takes the locked row and names the published
    meetings whose documents show it; otherwise the changed record itself is handed on.
    Call it inside the service's transaction.
    """
    model = type(record)
    links = _set_values(record, fields)
    unchanged = [field.name for field in model._meta.fields if field.name not in fields]
    record.full_clean(exclude=unchanged, validate_unique=False, validate_constraints=False)
    # The update comes first: it locks the row, so a second save waits here until the
    # first commits, and the check that follows, a statement of its own, then sees the
    # first one's history row. (A check read in the locking statement itself would see
    # the history as it stood before the wait, on PostgreSQL.)
    record._history_user = user
    record.save()
    checked = (
        model._default_manager.filter(pk=record.pk)
        .annotate(history_id_before=_history_id_before_ours(model), **(annotations or {}))
        .get()
    )
    current = str(checked.history_id_before or 0)
    if current != edit_token:
        latest = model.history.model.objects.filter(history_id=current).first()
        who = latest.history_user.get_username() if latest and latest.history_user else "Someone"
        when = (
            timezone.localtime(latest.history_date).strftime("%H:%M on %d %B %Y")
            if latest
            else "a moment ago"
        )
        # Raised inside the service's transaction, which takes the save back.
        raise EditConflict(
            CONFLICT_MESSAGE.format(who=who, thing=thing, when=when), current_token=current
        )
    for name, value in links.items():
        getattr(record, name).set(value)
    if shown_in is None:
        content_changed(record)
    else:
        content_changed(meetings=shown_in(checked))
    return record


# Ordered lists -------------------------------------------------------------------------
# Agenda items, sections, paragraphs, appendices, presenters, questions, recommendations
# and priorities are numbered by their place in a list, unique among the live records of
# their parent. These two keep the numbers following the order whatever the change; the
# caller locks the parent first, so that two officers' changes to one list queue.


def renumber(queryset, field: str, *, user=None) -> None:
    """Number the records 1, 2, 3 … in their current order, closing any gaps.

    The numbers are unique, so every record first moves clear of the range in use; only
    the records whose number really changes are saved (and so get a history row).
    """
    records = list(queryset.order_by(field, "pk"))
    offset = next_number(queryset, field) + len(records)
    for record in records:
        queryset.filter(pk=record.pk).update(**{field: getattr(record, field) + offset})
    for number, record in enumerate(records, 1):
        if getattr(record, field) != number:
            setattr(record, field, number)
            if user is not None:
                record._history_user = user
            record.save(update_fields=[field])
        else:
            queryset.filter(pk=record.pk).update(**{field: number})


class MoveRefused(ServiceError):
    """The record is already first (or last): there is nowhere to move it."""


def record_move(*, record: models.Model, siblings, field: str, direction: str, user):
    """Swap ``record`` with its neighbour in ``siblings`` (its live list, the record
    included), ``direction`` "up" or "down"; the two swap numbers, which then follow the
    new order. Raises ``MoveRefused`` at either end of the list.
    """
    if direction not in ("up", "down"):
        raise MoveRefused("choose whether to move it up or down.")
    record.refresh_from_db(fields=[field])
    ours = getattr(record, field)
    neighbour = (
        siblings.filter(**{f"{field}__lt": ours}).order_by(f"-{field}")
        if direction == "up"
        else siblings.filter(**{f"{field}__gt": ours}).order_by(field)
    ).first()
    if neighbour is None:
        end = "first" if direction == "up" else "last"
        raise MoveRefused(f"it is already the {end} {record._meta.verbose_name}.")
    theirs = getattr(neighbour, field)
    # The numbers are unique, so one record waits clear of both meanwhile.
    type(record)._base_manager.filter(pk=record.pk).update(**{field: next_number(siblings, field)})
    for moved, number in ((neighbour, ours), (record, theirs)):
        setattr(moved, field, number)
        moved._history_user = user
        moved.save(update_fields=[field])
    content_changed(record)
    return record
