from django.contrib.postgres.search import SearchVectorField

# A history row need not be searchable: its table leaves the stored words out.
NOT_IN_HISTORY = ["search_vector"]


def stored_words() -> SearchVectorField:
    """The record's searched text as PostgreSQL's stemmed words, kept so that a search
    need not work them out again for every record it looks at (meetings/search.py).

    A trigger fills it on every insert and update, on PostgreSQL only (migration 0006;
    0009 for meetings, whose words include their committee's name): the app never
    writes it, and on SQLite, which searches without it, it stays empty.
    """
    return SearchVectorField(null=True, editable=False, serialize=False)


def without_stored_words(records):
    """The queryset with the stored words left unread, of its records and of the related
    records it selects alongside: they are the longest column of each and never shown."""
    paths = []

    def leave_out(model, related: dict, prefix: str):
        if any(field.name == "search_vector" for field in model._meta.concrete_fields):
            paths.append(f"{prefix}search_vector")
        for name, further in related.items():
            leave_out(model._meta.get_field(name).related_model, further, f"{prefix}{name}__")

    selected = records.query.select_related
    leave_out(records.model, selected if isinstance(selected, dict) else {}, "")
    return records.defer(*paths)
