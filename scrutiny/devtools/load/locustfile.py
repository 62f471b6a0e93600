"""Locust's simulated visitors for `manage.py bench_load` (see that command).

Run by Locust in a process of its own (it patches the standard library with gevent), so
nothing here imports Django: the pages to ask for come in SCRUTINY_LOAD_PAGES, a JSON
object of page name to path.

The visitors use Locust's lighter HTTP client (geventhttpclient): on a machine of two
cores the load and the server share the processors, and every cycle the load spends on
itself is one the server does not get.
"""

import json
import os

from locust import FastHttpUser, between, constant, task

PAGES = json.loads(os.environ.get("SCRUTINY_LOAD_PAGES", "{}"))


class Reader(FastHttpUser):
    """A visitor reading the committee's pages in turn, a second or so on each."""

    wait_time = between(0.5, 1.5)

    @task
    def read(self):
        for name, path in PAGES.items():
            self.client.get(path, name=name)


class MeetingReader(FastHttpUser):
    """Only the meeting page, as fast as it comes: its throughput, for the trivial view's."""

    wait_time = constant(0)

    @task
    def meeting(self):
        self.client.get(PAGES["meeting"], name="meeting")


class HealthChecker(FastHttpUser):
    """Only the trivial view: the server's own ceiling."""

    wait_time = constant(0)

    @task
    def health(self):
        self.client.get("/health/", name="trivial view")
