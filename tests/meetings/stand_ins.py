"""A stand-in for the minutes page (``meetings:minutes``) while the branch that builds it
is not merged: feeds, the API and search link to it. Once the page exists, the fixture
does nothing."""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, clear_url_caches, path, reverse

import meetings.urls


@pytest.fixture
def minutes_page():
    try:
        reverse("meetings:minutes", kwargs={"pk": 1})
    except NoReverseMatch:
        pass
    else:
        yield
        return
    stand_in = path(
        "meetings/<int:pk>/minutes/", lambda request, pk: HttpResponse(), name="minutes"
    )
    meetings.urls.urlpatterns.append(stand_in)
    clear_url_caches()
    yield
    meetings.urls.urlpatterns.remove(stand_in)
    clear_url_caches()
