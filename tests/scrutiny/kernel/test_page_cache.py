"""Public pages are rendered once per change for visitors who are not signed in."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutiny.kernel.page_cache import cached_page
from tests.factories import AgendaItemFactory
from tests.helpers import venue_change

pytestmark = pytest.mark.django_db


def test_the_suite_runs_with_the_page_cache_on():
    """As production does: every page test, the permission walk and the leakage tests
    included, reads pages through the cache."""
    assert settings.SCRUTINY_PAGE_CACHE_SECONDS > 0


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_second_anonymous_visit_is_served_ready_made(client, demo_meeting):
    url = demo_meeting.get_absolute_url()
    first, first_queries = queries_for(client, url)
    second, second_queries = queries_for(client, url)
    assert second.content == first.content
    assert second_queries == 1  # the content version only
    assert first_queries > second_queries


def test_a_change_retires_the_cached_page(client, demo_meeting, django_capture_on_commit_callbacks):
    url = demo_meeting.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        venue_change(demo_meeting, "Council Chamber")
    assert "Council Chamber" in client.get(url).content.decode()


def test_signed_in_visitors_never_share_the_public_copy(client, demo_meeting, councillor):
    AgendaItemFactory(
        meeting=demo_meeting, number=11, title="Named offenders", is_exempt=True, exempt_paragraph=1
    )
    url = demo_meeting.get_absolute_url()
    client.force_login(councillor)
    assert "Named offenders" in client.get(url).content.decode()
    client.logout()
    assert "Named offenders" not in client.get(url).content.decode()
    client.force_login(councillor)
    assert "Named offenders" in client.get(url).content.decode()


def test_a_page_with_a_message_is_rendered_for_that_visitor(client, demo_meeting, councillor):
    home = reverse("meetings:home")
    client.get(home)
    client.force_login(councillor)
    response = client.post(reverse("accounts:sign_out"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert "You have signed out." not in client.get(home).content.decode()


def test_a_signed_in_copy_is_kept_for_that_visitor_and_their_csrf_cookie(
    client, demo_meeting, officer
):
    url = demo_meeting.get_absolute_url()
    client.force_login(officer)
    client.get(reverse("accounts:sign_out"))  # the CSRF cookie is set
    first, rendered = queries_for(client, url)
    again, served = queries_for(client, url)
    assert again.content == first.content
    assert served < rendered
    # Signing in again rotates the CSRF cookie: the page (and its token) is made afresh.
    client.cookies["csrftoken"] = "x" * 32
    _, after_rotation = queries_for(client, url)
    assert after_rotation == rendered


@pytest.mark.parametrize("role", ["councillor", "officer"])
def test_a_signed_in_page_is_never_stored_by_the_browser_even_from_the_page_cache(
    client, demo_meeting, role, request
):
    """On a shared PC the next person must not find exempt papers in the browser's
    cache or history after sign-out: asked twice, the ready-made copy says so too."""
    url = demo_meeting.get_absolute_url()
    client.force_login(request.getfixturevalue(role))
    client.get(reverse("accounts:sign_out"))  # the CSRF cookie is set
    first, rendered = queries_for(client, url)
    again, served = queries_for(client, url)
    assert served < rendered  # the second came from the page cache
    assert first["Cache-Control"] == again["Cache-Control"] == "no-store"
    assert client.get(reverse("meetings:tracker_csv"))["Cache-Control"] == "no-store"


def test_the_answer_that_signs_a_visitor_in_is_not_stored_either(client, django_user_model):
    django_user_model.objects.create_user("clerk", password="the-right-password-1")
    response = client.post(
        reverse("accounts:sign_in"), {"username": "clerk", "password": "the-right-password-1"}
    )
    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store"


def test_public_pages_keep_their_own_caching(client, demo_meeting, officer):
    url = demo_meeting.get_absolute_url()
    for _ in range(2):
        response = client.get(url)
        assert "Cache-Control" not in response
    client.force_login(officer)
    client.logout()  # a session cookie left behind, for no one
    assert "Cache-Control" not in client.get(url)


def test_a_parameter_the_page_does_not_read_makes_no_new_copy(client, demo_meeting):
    tracker = reverse("meetings:tracker")
    first, _ = queries_for(client, tracker)
    again, served = queries_for(client, f"{tracker}?utm_source=newsletter&foo=1")
    assert served == 1  # the content version only: the copy made for the bare address
    assert again.content == first.content
    _, second_page = queries_for(client, f"{tracker}?page=2")
    assert second_page > 1  # a parameter the tracker reads: a page of its own


def test_the_page_reads_only_the_parameters_it_names(client, demo_meeting):
    """The view is handed its own parameters alone, so a copy made for one address never
    carries another visitor's additions (in the tracker's page links, say)."""
    tracker = reverse("meetings:tracker")
    committee = demo_meeting.committee.pk
    page = client.get(f"{tracker}?committee={committee}&campaign=spring").content.decode()
    assert f"committee={committee}" in page
    assert "campaign" not in page
    searched = client.get(reverse("meetings:search"), {"q": "gangs", "ref": "home"})
    assert searched.context["query"] == "gangs"
    assert "ref" not in searched.wsgi_request.GET


def test_the_same_parameters_in_another_order_are_the_same_page(client, demo_meeting):
    tracker = reverse("meetings:tracker")
    committee = demo_meeting.committee.pk
    client.get(f"{tracker}?committee={committee}&status=sent")
    _, served = queries_for(client, f"{tracker}?status=sent&committee={committee}")
    assert served == 1


def test_a_page_from_the_cache_keeps_every_header_the_view_set(rf):
    rendered = []

    @cached_page
    def page(request):
        rendered.append(request)
        response = HttpResponse("<p>Croeso</p>", content_type="text/html; charset=iso-8859-1")
        response["Content-Language"] = "cy"
        response["Link"] = "</static/css/print.css>; rel=preload; as=style"
        response["Vary"] = "Accept-Language"
        response["Cache-Control"] = "public, max-age=60"
        return response

    answers = []
    for _ in range(2):
        request = rf.get("/croeso/")
        request.user = AnonymousUser()
        answers.append(page(request))
    first, hit = answers
    assert len(rendered) == 1  # the second came from the cache
    assert (hit.status_code, hit.content) == (first.status_code, first.content)
    assert list(hit.items()) == list(first.items())
    assert hit["Content-Type"] == "text/html; charset=iso-8859-1"
    assert hit["Content-Language"] == "cy"


def test_a_real_page_from_the_cache_has_the_headers_it_was_rendered_with(client, demo_meeting):
    url = demo_meeting.get_absolute_url()
    first, second = client.get(url), client.get(url)
    assert dict(second.items()) == dict(first.items())


def test_a_cache_server_that_is_down_costs_the_page_its_rendering_not_the_reader(
    client, demo_meeting, monkeypatch
):
    """Redis stopped or out of reach: the reader still gets the page, rendered afresh."""
    from django.core.cache.backends.redis import RedisCache

    from scrutiny.kernel import page_cache

    # Django's own Redis backend, at an address where nothing listens: every read and
    # write is refused at once.
    monkeypatch.setattr(page_cache, "cache", RedisCache("redis://127.0.0.1:1/0", {}))

    first = client.get(demo_meeting.get_absolute_url())
    second = client.get(demo_meeting.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert demo_meeting.committee.name.encode() in second.content
