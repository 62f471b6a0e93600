"""A year's priorities keep the order they were entered in, and officers reorder them by
plain POST on the partnership's page; the migration kept the order shown before."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from partnership.models import Priority
from tests.factories import RefreshFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def titles(refresh):
    return list(refresh.priorities.values_list("position", "title"))


def add(client, refresh, title):
    response = client.post(
        reverse("partnership:priority_create", args=[refresh.pk]),
        {"title": title, "description": ""},
    )
    assert response.status_code == 302


def test_priorities_stay_in_the_order_entered_and_move_up_and_down(officer_client):
    refresh = RefreshFactory()
    for title in ["Organised Crime Groups", "Gangs and CSE", "Substance Misuse", "Abuse"]:
        add(officer_client, refresh, title)
    # Not alphabetical: the order they were entered in.
    assert titles(refresh) == [
        (1, "Organised Crime Groups"),
        (2, "Gangs and CSE"),
        (3, "Substance Misuse"),
        (4, "Abuse"),
    ]
    page = officer_client.get(refresh.plan.partnership.get_absolute_url()).content.decode()
    shown = [page.index(title) for title in ["Organised", "Gangs", "Substance", "Abuse<"]]
    assert shown == sorted(shown)

    abuse = refresh.priorities.get(title="Abuse")
    move = reverse("partnership:priority_move", args=[abuse.pk])
    assert move in page
    response = officer_client.post(move, {"direction": "up"})
    assert response.url == refresh.get_absolute_url()
    assert titles(refresh)[2:] == [(3, "Abuse"), (4, "Substance Misuse")]

    first = refresh.priorities.get(position=1)
    response = officer_client.post(
        reverse("partnership:priority_move", args=[first.pk]), {"direction": "up"}, follow=True
    )
    assert "already the first priority" in response.content.decode()
    assert titles(refresh)[0] == (1, "Organised Crime Groups")


def test_councillors_cannot_reorder_priorities(client, councillor):
    refresh = RefreshFactory()
    one = Priority.objects.create(refresh=refresh, title="One", position=1)
    Priority.objects.create(refresh=refresh, title="Two", position=2)
    client.force_login(councillor)
    move = reverse("partnership:priority_move", args=[one.pk])
    assert client.post(move, {"direction": "down"}).status_code == 403
    one.refresh_from_db()
    assert one.position == 1


def test_the_migration_numbers_priorities_in_the_order_they_were_shown():
    """Before: positions typed by hand, with gaps; the order shown is kept, the gaps go."""
    refresh = RefreshFactory()
    for title, position in [("Zeta", 1), ("Alpha", 4), ("Beta", 9)]:
        Priority.objects.create(refresh=refresh, title=title, position=position)
    migration = importlib.import_module("partnership.migrations.0003_priorities_in_order")
    migration.number_in_displayed_order(apps, None)
    assert titles(refresh) == [(1, "Zeta"), (2, "Alpha"), (3, "Beta")]
