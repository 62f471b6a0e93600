"""Load-test the app as production runs it, and print the figures.

In a throwaway PostgreSQL database the command writes the twenty years of records of
``seed_bench``, starts Gunicorn with production settings on a loopback port (as
``make serve`` does), then runs Locust, headless, in a process of its own:

1. 50 simulated visitors for 60 seconds, each reading the home, committee, meeting,
   report, tracker, search and (stored) meeting pack PDF pages in turn, a second or so
   on each: requests per second, median and 95th percentile per page, and errors;
2. the meeting page alone, then the trivial view (``/health/``) alone, 20 seconds each
   with the same number of visitors asking without a pause: their requests per second
   (the server's capacity for each), and the ratio of the two.

Before the load, with nothing else asking, it times the list and search pages rendered
afresh, as the first reader after any change gets them (the page cache keeps each address
until a record changes, so each request asks for an address of its own): the median of
fifteen per page, against a target of 100 ms.

It prints figures and never fails on them: a missed target is marked, not raised.
"""

import csv
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from scrutiny.devtools.benchmarking import (
    database_version,
    gunicorn_on_loopback,
    production_environment,
    throwaway_database,
)
from scrutiny.devtools.twenty_years import seed_twenty_years, settle_for_reading

GUNICORN = [
    sys.executable,
    "-m",
    "gunicorn",
    "scrutiny.wsgi",
    "-c",
    "python:scrutiny.settings.gunicorn",
]
P95_TARGET_MS = 200
RATIO_TARGET = 0.5
AFRESH_TARGET_MS = 100
AFRESH_TIMES = 15


class Command(BaseCommand):
    help = (
        "Load-test the app under Gunicorn on PostgreSQL with twenty years of records, "
        "with Locust from a second process, and print requests per second, median and "
        "95th percentile per page, and errors. Prints figures only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--compare-seconds", type=int, default=20)
        parser.add_argument(
            "--locust",
            default=str(Path(settings.BASE_DIR) / ".venv-load" / "bin" / "locust"),
            help="The Locust program (installed apart from the app: make bench does it).",
        )

    def handle(self, *args, users, seconds, compare_seconds, locust, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The load test runs on PostgreSQL: set DATABASE_URL.")
        if not Path(locust).exists():
            raise CommandError(f"{locust} is missing: run `make bench`, which installs it.")
        with throwaway_database(self.stdout) as scratch:
            self.stdout.write("Writing twenty years of records …")
            seeded = seed_twenty_years("Load")
            settle_for_reading()
            pages = {
                "home": reverse("meetings:home"),
                "committee": seeded.committee.get_absolute_url(),
                "meeting": seeded.meeting.get_absolute_url(),
                "report": seeded.report.get_absolute_url(),
                "tracker": reverse("meetings:tracker"),
                "search": reverse("meetings:search") + "?q=domestic+abuse",
                "pack PDF": reverse("meetings:pack_pdf", args=[seeded.meeting.pk]),
            }
            lists = {
                "home": pages["home"],
                "committee": pages["committee"],
                "work programme": reverse("meetings:work_programme", args=[seeded.committee.slug]),
                "tracker": pages["tracker"],
                "tracker, overdue only": reverse("meetings:tracker") + "?overdue=on",
                "search, common words": pages["search"],
                "search, a rare word": reverse("meetings:search") + "?q=zeppelin",
            }
            with self._server(scratch) as url:
                self._print_afresh(url, lists)
                for path in pages.values():  # rendered and stored before the clock starts
                    self._fetch_made(url, path)
                env = {**os.environ, "SCRUTINY_LOAD_PAGES": json.dumps(pages)}
                mixed = self._locust(locust, url, env, scratch, "Reader", users, seconds)
                meeting = self._locust(
                    locust, url, env, scratch, "MeetingReader", users, compare_seconds
                )
                trivial = self._locust(
                    locust, url, env, scratch, "HealthChecker", users, compare_seconds
                )
        self._print(mixed, meeting, trivial, users, seconds, compare_seconds)

    def _print_afresh(self, url: str, lists: dict[str, str]):
        self.stdout.write(
            f"List and search pages rendered afresh, one request at a time: the median of "
            f"{AFRESH_TIMES} (target under {AFRESH_TARGET_MS} ms)."
        )
        width = max(len(name) for name in lists)
        for name, path in lists.items():
            times = []
            for number in range(AFRESH_TIMES):
                # An address not asked for before: the page cache has no copy of it.
                fresh = f"{url}{path}{'&' if '?' in path else '?'}afresh={number}"
                started = time.perf_counter()
                urllib.request.urlopen(fresh, timeout=120).read()  # noqa: S310
                times.append((time.perf_counter() - started) * 1000)
            median = statistics.median(times)
            verdict = "met" if median < AFRESH_TARGET_MS else "MISSED"
            self.stdout.write(f"  {name.ljust(width)}  {median:6.1f} ms  {verdict}")

    def _fetch_made(self, url: str, path: str) -> None:
        """Ask for a page; a document being prepared is made by the task worker, as
        `make serve` runs it, and asked for again."""
        try:
            urllib.request.urlopen(url + path, timeout=120).read()  # noqa: S310
        except urllib.error.HTTPError as error:
            if error.code != 503:
                raise
            subprocess.run(
                [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                cwd=settings.BASE_DIR,
                env=self._server_env,
                check=True,
                capture_output=True,
            )
            urllib.request.urlopen(url + path, timeout=120).read()  # noqa: S310

    @contextmanager
    def _server(self, scratch: Path):
        """Gunicorn with production settings on the throwaway database, for the block."""
        database = connection.settings_dict
        env = production_environment(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            # Plain HTTP on loopback: HTTPS is the proxy's work in production.
            DJANGO_SECURE_SSL_REDIRECT="false",
            DATABASE_URL=(
                f"postgres://{quote(database['USER'] or '')}:"
                f"{quote(database['PASSWORD'] or '')}@"
                f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/"
                f"{database['NAME']}"
            ),
            STATIC_ROOT=str(scratch / "static"),
            MEDIA_ROOT=str(scratch / "media"),
        )
        self._server_env = env
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        try:
            with (scratch / "server.log").open("w") as log, gunicorn_on_loopback(env, log) as url:
                self.stdout.write(f"Gunicorn is serving on {url}.")
                yield url
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        finally:
            # The workers' connections must be gone before the database is dropped.
            connection.close()

    def _locust(self, locust, url, env, scratch, user_class, users, seconds) -> list[dict]:
        self.stdout.write(f"Locust: {users} {user_class} visitors for {seconds} s …")
        prefix = scratch / user_class
        subprocess.run(  # noqa: S603 (the Locust that make bench installed)
            [
                locust,
                "-f",
                str(Path(settings.BASE_DIR) / "scrutiny" / "load" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                user_class,
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=(scratch / f"{user_class}.log").open("w"),
        )
        with open(f"{prefix}_stats.csv", newline="") as stats:
            return list(csv.DictReader(stats))

    def _print(self, mixed, meeting, trivial, users, seconds, compare_seconds):
        self.stdout.write(
            f"{database_version()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
            f"Gunicorn and Locust on this machine; {users} visitors for {seconds} s."
        )
        header = ("page", "requests", "req/s", "median ms", "p95 ms", "errors", "p95 target")
        rows = [
            (
                row["Name"],
                row["Request Count"],
                f"{float(row['Requests/s']):.1f}",
                row["Median Response Time"],
                row["95%"],
                row["Failure Count"],
                "met" if row["95%"] != "N/A" and float(row["95%"]) < P95_TARGET_MS else "MISSED",
            )
            for row in mixed
        ]
        widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
        for line in [header, *rows]:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) if i == 0 else cell.rjust(width)
                    for i, (cell, width) in enumerate(zip(line, widths, strict=True))
                ).rstrip()
            )
        errors = sum(int(row["Failure Count"]) for row in mixed)
        self.stdout.write(f"Errors: {errors}{'' if errors == 0 else '  (target: none)'}")

        def rate(rows, name):
            return next(float(row["Requests/s"]) for row in rows if row["Name"] == name)

        meeting_rate, trivial_rate = rate(meeting, "meeting"), rate(trivial, "trivial view")
        ratio = meeting_rate / trivial_rate if trivial_rate else 0.0
        self.stdout.write(
            f"Alone for {compare_seconds} s each: the meeting page {meeting_rate:.1f} req/s, "
            f"the trivial view {trivial_rate:.1f} req/s; ratio {ratio:.2f} (target at least "
            f"{RATIO_TARGET}: {'met' if ratio >= RATIO_TARGET else 'MISSED'})."
        )
