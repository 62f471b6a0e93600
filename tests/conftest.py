import os
import shutil

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from playwright.sync_api import sync_playwright

from meetings.demo import demo_load
from scrutiny.kernel.roles import COUNCILLORS_GROUP, OFFICERS_GROUP
from tests.smtp import smtp_server as started_smtp_server

# Playwright's sync API runs an event loop in the test thread; the database calls the
# tests make alongside it are still synchronous, so Django's guard is lifted for tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# CI sets this so that a missing browser fails the run instead of skipping.
BROWSER_REQUIRED = os.environ.get("SCRUTINY_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if BROWSER_REQUIRED:
            pytest.fail("chromium is not installed (make test installs it as root or with sudo)")
        pytest.skip("chromium is not installed")
    with sync_playwright() as playwright:
        # Flags keep chromium from reaching out to the network it has no access to.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session", autouse=True)
def page_cache_of_this_run():
    """This run's cached pages, and no other's, are forgotten when it ends (its key
    prefix is its own: scrutiny/settings/test.py)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages: the database is rolled back between tests,
    so the content version repeats, and a page kept from an earlier test would be served
    in place of this test's records."""
    cache.clear()


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


@pytest.fixture
def smtp_server():
    """A real SMTP server that Django sends email to during the test; the test reads the
    messages that arrived from it (tests/smtp.py)."""
    with started_smtp_server() as inbox:
        yield inbox


def pytest_report_header(config):
    # CI runs the suite twice; this line shows which database each run used.
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
