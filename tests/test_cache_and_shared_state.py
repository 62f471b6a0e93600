"""Where pages are cached (chosen from the environment), each test run's keys kept apart,
and the state every worker process must share kept where they all see it."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from scrutiny.settings.cache import LOCAL_MEMORY, REDIS, cache_description, caches_from_environment
from tests.cache_backend import REDIS_URL, OwnKeysRedisCache
from tests.test_settings import PRODUCTION_ENV, manage

OUR_PREFIX = settings.CACHES["default"]["KEY_PREFIX"]
SHOW_PREFIX = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"


def test_without_redis_each_process_caches_pages_in_its_own_memory():
    caches = caches_from_environment({"REDIS_URL": ""})
    assert caches["default"]["BACKEND"] == LOCAL_MEMORY
    assert cache_description(caches) == (
        "Page cache: each process's own memory, not shared "
        "(set REDIS_URL to share one cache between processes)."
    )


def test_with_redis_url_pages_are_cached_in_redis_through_djangos_own_backend():
    caches = caches_from_environment(
        {"REDIS_URL": "redis://:s3cret@cache.internal:6380/2", "SCRUTINY_CACHE_PREFIX": "mbc"}
    )
    assert caches["default"]["BACKEND"] == REDIS == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://:s3cret@cache.internal:6380/2"
    assert caches["default"]["KEY_PREFIX"] == "mbc"
    # What the server prints at start-up names the server, never its password.
    assert cache_description(caches) == (
        "Page cache: Redis at redis://cache.internal:6380/2, keys prefixed “mbc”, "
        "shared by every process."
    )


@pytest.mark.parametrize(("redis_url", "backend"), [("", LOCAL_MEMORY), (REDIS_URL, REDIS)])
def test_the_app_caches_where_its_environment_says(redis_url, backend):
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import caches; cache = caches['default']; "
        "print(f'{type(cache).__module__}.{type(cache).__qualname__}')",
    )
    shown = manage(*show, env={**PRODUCTION_ENV, "REDIS_URL": redis_url})
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1] == backend


def test_each_run_of_the_suite_keeps_its_cached_pages_under_a_prefix_of_its_own():
    show = ("shell", "--no-imports", "-c", SHOW_PREFIX)
    env = {"DJANGO_SETTINGS_MODULE": "scrutiny.settings.test"}
    prefixes = {manage(*show, env=env).stdout.splitlines()[-1] for _ in range(2)}
    assert len(prefixes | {OUR_PREFIX}) == 3


def test_two_runs_sharing_a_redis_neither_see_nor_clear_each_others_pages():
    ours = OwnKeysRedisCache(REDIS_URL, {"KEY_PREFIX": f"{OUR_PREFIX}-ours"})
    # A prefix that starts with ours: the nearest another run's could come to matching.
    theirs = OwnKeysRedisCache(REDIS_URL, {"KEY_PREFIX": f"{OUR_PREFIX}-ours-theirs"})
    try:
        ours.set("page", "our copy")
        assert theirs.get("page") is None
        theirs.set("page", "their copy")
        assert ours.get("page") == "our copy"
        ours.clear()
        assert ours.get("page") is None
        assert theirs.get("page") == "their copy"
    finally:
        theirs.clear()


def test_clearing_the_suites_cache_between_tests_leaves_other_runs_pages():
    theirs = OwnKeysRedisCache(REDIS_URL, {"KEY_PREFIX": f"{OUR_PREFIX}-another-run"})
    try:
        theirs.set("page", "their copy")
        cache.set("page", "our copy")
        cache.clear()
        assert cache.get("page") is None
        assert theirs.get("page") == "their copy"
    finally:
        theirs.clear()


@pytest.mark.django_db
def test_failed_sign_ins_are_counted_in_the_database_every_worker_shares(client, django_user_model):
    """Each Gunicorn worker is a process of its own: a count in one's memory would give
    every worker its own five tries."""
    django_user_model.objects.create_user("clerk", password="the-right-password-1")
    client.post(reverse("accounts:sign_in"), {"username": "clerk", "password": "wrong"})
    assert AccessAttempt.objects.get(username="clerk").failures_since_start == 1
