"""Production serving and hardening: the app under Gunicorn with production settings, the
headers it sends, its access log, and the pause on repeated failed sign-ins."""

import json
import time
import urllib.error
import urllib.request

import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings.models import Appendix
from scrutiny.kernel.accounts import client_address
from tests.cache_backend import REDIS_URL
from tests.helpers import tiny_pdf
from tests.served import served_site


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Gunicorn on a loopback port, with production settings on an SQLite file of its own
    (the test database is not shared with other processes), its static files collected.
    What it prints goes to a log the tests read."""
    folder = tmp_path_factory.mktemp("served")
    # The proxy in front says when the visitor used HTTPS.
    with served_site(folder, DJANGO_TRUST_X_FORWARDED_PROTO="true") as (url, log, _):
        yield url, log


def fetch(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback only)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def test_gunicorn_serves_pages_and_static_files_with_the_security_headers(served):
    url, _ = served
    status, headers, body = fetch(f"{url}/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "sessionid" not in headers.get("Set-Cookie", "")

    # The stylesheet is named with a hash of its content, so browsers may keep it a year.
    stylesheet = body.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    assert (
        stylesheet.startswith("/static/css/scrutiny.") and stylesheet != "/static/css/scrutiny.css"
    )
    status, headers, _ = fetch(f"{url}{stylesheet}")
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]


def test_gunicorn_says_at_start_up_that_its_workers_share_their_pages_in_redis(served):
    url, log = served
    fetch(f"{url}/", **{"X-Forwarded-Proto": "https"})
    log.seek(0)
    assert "Page cache: Redis at redis://" in log.read()
    # The page the worker rendered is in Redis, under the served site's own prefix.
    prefix = f"{settings.CACHES['default']['KEY_PREFIX']}-served-"
    with redis.Redis.from_url(REDIS_URL) as client:
        assert any(client.scan_iter(match=f"{prefix}*:page:*"))


def test_over_https_the_sign_in_page_sets_its_csrf_cookie_secure_and_same_site(served):
    url, _ = served
    request = urllib.request.Request(  # noqa: S310 (loopback only)
        f"{url}{reverse('accounts:sign_in')}", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        cookies = response.headers.get_all("Set-Cookie") or []
    (csrf,) = [cookie for cookie in cookies if cookie.startswith("csrftoken=")]
    attributes = {part.strip().split("=")[0].lower() for part in csrf.split(";")[1:]}
    assert {"secure", "samesite"} <= attributes, csrf
    assert "SameSite=Lax" in csrf


def test_each_request_is_one_json_line_with_its_status_and_time(served):
    url, log = served
    with pytest.raises(urllib.error.HTTPError):
        fetch(f"{url}/no-such-page/", **{"User-Agent": 'a "quoted" agent'})
    time.sleep(0.5)
    log.seek(0)
    lines = [json.loads(line) for line in log if line.startswith("{")]
    missing = [line for line in lines if line["path"] == "/no-such-page/"]
    assert missing, lines
    assert missing[-1]["status"] == 404
    assert missing[-1]["agent"] == 'a "quoted" agent'
    assert isinstance(missing[-1]["ms"], float)


def test_under_gunicorn_a_request_for_another_site_name_is_refused_with_400(served):
    url, _ = served
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(f"{url}/", Host="attacker.example")
    assert refused.value.code == 400
    assert "What was sent could not be read" in refused.value.read().decode()


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_request_for_another_site_name_is_refused_with_400(client, officer, signed_in):
    """Django refuses the Host before the user is known; the error page must not need one."""
    if signed_in:
        client.force_login(officer)
    response = client.get(reverse("meetings:home"), HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "What was sent could not be read" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_is_paused_for_an_account_and_address_after_repeated_failures(
    django_user_model,
):
    django_user_model.objects.create_user("clerk", password="the-right-password-1")
    sign_in = reverse("accounts:sign_in")
    here, elsewhere = Client(REMOTE_ADDR="192.0.2.10"), Client(REMOTE_ADDR="192.0.2.99")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        refused = here.post(sign_in, {"username": "clerk", "password": "wrong"})
        assert refused.status_code == 200
        assert "Enter a correct user name and password" in refused.content.decode()
    # The last failure allowed is answered with the pause, and so is every try after it,
    # even with the right password.
    for password in ("wrong", "the-right-password-1"):
        paused = here.post(sign_in, {"username": "clerk", "password": password})
        assert paused.status_code == 429
        page = paused.content.decode()
        assert "govuk-error-summary" in page
        assert f"refused {settings.AXES_FAILURE_LIMIT} times from your address" in page
        assert "paused for 30 minutes" in page
        assert "_auth_user_id" not in here.session

    # The same account from another address, and another account from this one, go on.
    signed_in = elsewhere.post(sign_in, {"username": "clerk", "password": "the-right-password-1"})
    assert signed_in.status_code == 302
    django_user_model.objects.create_user("chair", password="another-password-2")
    other = here.post(sign_in, {"username": "chair", "password": "another-password-2"})
    assert other.status_code == 302


@pytest.mark.django_db
def test_an_uploaded_appendix_is_kept_under_a_random_name(client, officer, demo_meeting):
    report = demo_meeting.agenda_items.get(number=7).report
    client.force_login(officer)
    upload = SimpleUploadedFile(
        "../../Named victim <script>.pdf", tiny_pdf(), content_type="application/pdf"
    )
    client.post(
        reverse("meetings:appendix_create", args=[report.pk]),
        {"title": "Referral figures", "file": upload},
    )
    stored = Appendix.objects.get(title="Referral figures").file.name
    assert stored.startswith("appendices/") and stored.endswith(".pdf")
    assert "victim" not in stored and "script" not in stored and ".." not in stored
    download = client.get(
        reverse(
            "meetings:appendix_download", args=[report.appendices.get(title="Referral figures").pk]
        )
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert "referral-figures" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_health_view_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Content-Type"] == "text/plain"
    assert client.post("/health/").status_code == 405


def test_behind_a_proxy_the_pause_goes_by_the_address_the_proxy_saw(rf, settings):
    """Only the entry the proxy appended is trusted: a visitor can write the others."""
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.SCRUTINY_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.SCRUTINY_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.7"
    settings.SCRUTINY_PROXY_COUNT = 3  # fewer entries than proxies: not to be trusted
    assert client_address(request) == "10.0.0.1"


@pytest.mark.django_db
def test_behind_a_proxy_one_visitors_failures_do_not_pause_another(django_user_model, settings):
    settings.SCRUTINY_PROXY_COUNT = 1
    django_user_model.objects.create_user("clerk", password="the-right-password-1")
    sign_in = reverse("accounts:sign_in")

    def visitor(address):
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.1, {address}")

    guesser = visitor("198.51.100.4")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(sign_in, {"username": "clerk", "password": "wrong"})
    assert guesser.post(sign_in, {"username": "clerk", "password": "wrong"}).status_code == 429
    clerk = visitor("198.51.100.77")
    assert (
        clerk.post(sign_in, {"username": "clerk", "password": "the-right-password-1"}).status_code
        == 302
    )
