"""Turning django-simple-history rows into a readable list of who changed what, and when."""

from dataclasses import dataclass, field
from datetime import datetime

# Bookkeeping fields: they change on every save and say nothing to a reader.
HIDDEN_FIELDS = {"deleted_by"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: datetime
    who: str
    action: str
    record: str
    fields: list[FieldChange] = field(default_factory=list)


def _related_name(model, value, cache: dict) -> str:
    key = (model, value)
    if key not in cache:
        related = model._base_manager.filter(pk=value).first()
        cache[key] = str(related) if related else f"(removed record {value})"
    return cache[key]


def _display(model, field_name: str, value, cache: dict) -> str:
    model_field = model._meta.get_field(field_name)
    if field_name == "deleted_at":
        return "in the deleted items" if value else "not deleted"
    if model_field.many_to_many:
        # Links come as rows of the through table: name the record at the far end.
        target = model_field.related_model
        column = model_field.m2m_reverse_field_name()
        names = sorted(_related_name(target, row[column], cache) for row in value or [])
        return "; ".join(names) or "(none)"
    if value is None or value == "":
        return "(blank)"
    if model_field.is_relation and model_field.related_model is not None:
        return _related_name(model_field.related_model, value, cache)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _system_fields(model):
    """Fields the app sets, not officers (deleted_at, published_at …).

    diff_against() cannot compare fields that are not editable, and these say when a
    record went to the bin or was published, so they are compared here. Fields kept only
    to serve the app (not serialised, as the stored search words) have no history.
    """
    return [
        field
        for field in model._meta.concrete_fields
        if not field.editable and field.serialize and field.name not in HIDDEN_FIELDS
    ]


def changes_of(*sources) -> list[Change]:
    """Every change recorded in the given sources, newest first.

    Each source is a pair: a history queryset, and a function naming the record a
    history row is about. Each row is compared with the previous row of the same
    record, so a change lists only the fields that changed, with old and new values.
    """
    result: list[Change] = []
    cache: dict = {}
    for history, describe in sources:
        model = history.model.instance_type
        rows = history.select_related("history_user").order_by("id", "history_date", "history_id")
        previous: dict = {}
        for row in rows:
            before = previous.get(row.id)
            previous[row.id] = row
            change = Change(
                when=row.history_date,
                who=row.history_user.get_username() if row.history_user else "The system",
                action={"+": "Created", "~": "Changed", "-": "Removed"}[row.history_type],
                record=describe(row),
            )
            if before is not None and row.history_type == "~":
                delta = row.diff_against(before)
                for field in _system_fields(model):
                    if not hasattr(history.model, field.attname):
                        continue  # left out of the history (an appendix's text)
                    old, new = getattr(before, field.attname), getattr(row, field.attname)
                    if old != new:
                        change.fields.append(
                            FieldChange(
                                label=str(field.verbose_name).capitalize(),
                                old=_display(model, field.name, old, cache),
                                new=_display(model, field.name, new, cache),
                            )
                        )
                for item in delta.changes:
                    if item.field in HIDDEN_FIELDS:
                        continue
                    label = str(model._meta.get_field(item.field).verbose_name).capitalize()
                    change.fields.append(
                        FieldChange(
                            label=label,
                            old=_display(model, item.field, item.old, cache),
                            new=_display(model, item.field, item.new, cache),
                        )
                    )
                if not change.fields:
                    continue
            result.append(change)
    result.sort(key=lambda change: change.when, reverse=True)
    return result
