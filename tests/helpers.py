"""Assertions shared by several test modules."""

import pytest
from django.db import IntegrityError, transaction


def refused_by_database(model, **fields):
    """Assert that the database itself refuses the row: create() bypasses every clean()."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)
