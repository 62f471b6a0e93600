"""Officers can already maintain every record through the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = [
    model
    for app_label in ("meetings", "partnership")
    for model in apps.get_app_config(app_label).get_models()
    if not model.__name__.startswith("Historical")
]


def test_every_domain_model_is_in_the_admin():
    missing = [m.__name__ for m in DOMAIN_MODELS if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m.__name__)
def test_officer_can_list_search_and_add_each_model(client, officer, demo_meeting, model):
    client.force_login(officer)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Maidstone"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert client.get(add).status_code == 200
    first = model.objects.first()
    if first is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[first.pk])
        assert client.get(change).status_code == 200
        assert client.get(history).status_code == 200


def test_councillors_cannot_reach_the_admin(client, councillor):
    client.force_login(councillor)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302
