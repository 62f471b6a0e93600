from django.contrib.postgres.search import SearchVectorField

# A history row need not be searchable: its table leaves the stored words out.
NOT_IN_HISTORY = ["search_vector"]


def stored_words() -> SearchVectorField:
    """The record's searched text as PostgreSQL's stemmed words, kept so that a search
    need not work them out again for every record it looks at (meetings/search.py).

    A trigger fills it on every insert and update, on PostgreSQL only (migration 0006):
    the app never writes it, and on SQLite, which searches without it, it stays empty.
    """
    return SearchVectorField(null=True, editable=False, serialize=False)
