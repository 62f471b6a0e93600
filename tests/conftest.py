import os

import pytest
from django.contrib.auth.models import Group

from meetings.demo import demo_load
from scrutiny.roles import COUNCILLORS_GROUP, OFFICERS_GROUP

# Playwright's sync API runs an event loop in the test thread; the database calls the
# tests make alongside it are still synchronous, so Django's guard is lifted for tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo_meeting(db):
    return demo_load()


def _user_in_group(django_user_model, username, group_name, **extra):
    user = django_user_model.objects.create_user(username=username, password="pw", **extra)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def officer(db, django_user_model):
    return _user_in_group(django_user_model, "officer", OFFICERS_GROUP, is_staff=True)


@pytest.fixture
def councillor(db, django_user_model):
    return _user_in_group(django_user_model, "councillor", COUNCILLORS_GROUP)


def pytest_report_header(config):
    # CI runs the suite twice; this line shows which database each run used.
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
