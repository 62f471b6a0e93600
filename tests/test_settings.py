"""Deployment settings: production values only from the environment, and no loose ends."""

import os
import subprocess
import sys
from io import StringIO

from django.conf import settings
from django.core.management import call_command

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "scrutiny.settings.base",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Rq2LmZ9pW4vKc8" * 3,
    "DJANGO_ALLOWED_HOSTS": "scrutiny.example.gov.uk",
    "DJANGO_DEBUG": "false",
    # Behind one proxy that terminates HTTPS, as the README's production example.
    "DJANGO_PROXY_COUNT": "1",
}


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SCRUTINY_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_app_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"


def test_models_and_migrations_agree(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_pdfs_link_to_the_first_allowed_host_unless_the_site_url_is_set():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SCRUTINY_SITE_URL)",
    )
    assert (
        manage(*show, env=PRODUCTION_ENV).stdout.splitlines()[-1]
        == "https://scrutiny.example.gov.uk/"
    )
    env = {**PRODUCTION_ENV, "SCRUTINY_SITE_URL": "https://www.example.gov.uk/scrutiny"}
    assert manage(*show, env=env).stdout.splitlines()[-1] == "https://www.example.gov.uk/scrutiny/"


def test_app_refuses_to_start_in_production_without_an_address_for_its_pdfs():
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "SCRUTINY_SITE_URL" in result.stderr


def test_app_refuses_to_start_in_production_without_being_told_how_many_proxies_there_are():
    """Unset, every visitor behind a proxy would share its address, so anyone could pause
    anyone's sign-in; 0 is accepted only when said."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_PROXY_COUNT"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "Set DJANGO_PROXY_COUNT when DJANGO_DEBUG is off" in result.stderr
    assert "ImproperlyConfigured" in result.stderr
    refused = manage("check", env={**PRODUCTION_ENV, "DJANGO_PROXY_COUNT": "one"})
    assert refused.returncode != 0
    assert "set it to a whole number" in refused.stderr
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SCRUTINY_PROXY_COUNT)",
    )
    for count in ("0", "2"):
        shown = manage(*show, env={**PRODUCTION_ENV, "DJANGO_PROXY_COUNT": count})
        assert shown.stdout.splitlines()[-1] == count, shown.stderr
