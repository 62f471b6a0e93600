"""Time the heaviest public pages in a throwaway database, and print the figures.

The command makes its own test database (a temporary file for SQLite, a uniquely named
database for PostgreSQL), loads the demo meeting and a scale data set with a meeting of
``--items`` agenda items, then requests the meeting, report and partnership pages through
Django's test client; for the scale data set, also the minutes page of a meeting with
``--items`` minutes and a councillor's page (attendance at ``--items`` meetings).
Server time is the time around ``client.get``: the whole request
and response cycle in this process, without a network or a web server in front.

It reports figures and never fails on them: a page over the target is marked, not raised.
"""

import gc
import os
import platform
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from meetings.demo import demo_load
from meetings.models import Report
from scrutiny.devtools.benchmarking import (
    database_version,
    percentile,
    production_like,
    throwaway_database,
)
from scrutiny.devtools.scale_data import build_scale_data, scale_users

PAGES = ("meeting", "report", "partnership")
# Who asks, and whether the page cache may answer. Pages are served ready-made once
# rendered; the cost of rendering without the cache is printed too, for both visitors.
BENCH_ROLES = (
    ("anonymous", "anonymous", True),
    ("officer", "officer", True),
    ("anonymous, cache off", "anonymous", False),
    ("officer, cache off", "officer", False),
)


class Command(BaseCommand):
    help = (
        "Print median and 95th percentile server times of the meeting, report and "
        "partnership pages, for the demo data and for a large meeting (and its minutes "
        "page and a councillor's page), in a throwaway "
        "database. Prints figures only: it never fails on a missed target."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="Timed requests a page.")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests first.")
        parser.add_argument("--items", type=int, default=50, help="Items on the large meeting.")
        parser.add_argument("--target-ms", type=float, default=30.0, help="Median to meet.")

    def handle(self, *args, requests, warmup, items, target_ms, **options):
        with throwaway_database(self.stdout):
            rows = self._bench(requests, warmup, items)
        self._print(rows, requests, target_ms)

    @production_like
    def _bench(self, requests, warmup, items):
        demo_meeting = demo_load()
        demo_report = Report.objects.get(agenda_item__meeting=demo_meeting)
        scale = build_scale_data(items, label="Bench")
        data_sets = {
            "demo": {
                "meeting": demo_meeting.get_absolute_url(),
                "report": demo_report.get_absolute_url(),
                "partnership": demo_meeting.committee.partnership.get_absolute_url(),
            },
            # With the meeting record's pages, on the scale data set only: the demo
            # meeting's minutes are not stated (meetings/demo.py), so it has none to show.
            f"{items} items": {
                **{page: scale.urls()[page] for page in PAGES},
                "minutes": scale.minutes_url(),
                "councillor": scale.urls()["councillor"],
            },
        }
        users = scale_users("bench")
        cache.clear()
        rows = []
        for data_set, urls in data_sets.items():
            for page, url in urls.items():
                for label, role, cached in BENCH_ROLES:
                    client = Client()
                    if users[role]:
                        client.force_login(users[role])
                    seconds = settings.SCRUTINY_PAGE_CACHE_SECONDS if cached else 0
                    with override_settings(SCRUTINY_PAGE_CACHE_SECONDS=seconds):
                        timing = self._time_page(client, url, requests, warmup)
                    rows.append(timing | {"page": page, "data set": data_set, "user": label})
        return rows

    def _time_page(self, client, url, requests, warmup):
        for _ in range(warmup):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        gc.collect()  # Start each page's series without the previous one's garbage.
        samples = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return {
            "median": statistics.median(samples),
            "p95": percentile(samples, 95),
            "queries": len(captured.captured_queries),
        }

    def _print(self, rows, requests, target_ms):
        self.stdout.write(
            f"{database_version()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs; {requests} timed requests a page; "
            f"target: median under {target_ms:g} ms."
        )
        header = (
            "page",
            "data set",
            "user",
            "database",
            "median ms",
            "p95 ms",
            "queries",
            "target",
        )
        table = [
            (
                row["page"],
                row["data set"],
                row["user"],
                connection.vendor,
                f"{row['median']:.1f}",
                f"{row['p95']:.1f}",
                str(row["queries"]),
                "met" if row["median"] < target_ms else "MISSED",
            )
            for row in rows
        ]
        widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
        numeric = {4, 5, 6}
        for line in [header, *table]:
            cells = [
                cell.rjust(width) if i in numeric else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            ]
            self.stdout.write("  ".join(cells).rstrip())
        for label, group in (
            ("As served", [row for row in rows if "cache off" not in row["user"]]),
            ("Rendered without the cache", [row for row in rows if "cache off" in row["user"]]),
        ):
            missed = sum(row["median"] >= target_ms for row in group)
            self.stdout.write(
                f"{label}: {len(group) - missed} of {len(group)} pages met the target"
                + (f"; {missed} missed it." if missed else ".")
            )
