"""A render runs in a child process that is stopped when it overruns its time or memory."""

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from meetings.models import Committee
from scrutiny.documents.document import warm_renderer
from scrutiny.documents.limits import (
    LENGTH_BYTES,
    ChildFailed,
    LimitExceeded,
    _read_answer,
    run_limited,
)
from scrutiny.documents.pdf import render_pdf
from tests.factories import CommitteeFactory

LONG_DOCUMENT = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Long</title></head>'
    "<body>" + "<h2>Section</h2><p>Paragraph of a long report.</p>" * 20000 + "</body></html>"
)


def test_the_answer_comes_back_with_the_time_it_took():
    outcome = run_limited(sum, [1, 2, 3])
    assert outcome.value == 6
    assert outcome.seconds < 5


def test_a_render_that_overruns_its_time_is_stopped():
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="time limit"):
        run_limited(render_pdf, LONG_DOCUMENT, seconds=0.3)
    assert time.monotonic() - started < 3


def test_work_that_hangs_is_stopped():
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="time limit"):
        run_limited(time.sleep, 30, seconds=0.3)
    assert time.monotonic() - started < 3


def test_a_render_that_needs_more_memory_than_allowed_is_stopped():
    # As the app does before any render: the fonts and Pango are loaded in the parent,
    # so the child's allocations are the document's own.
    warm_renderer()
    with pytest.raises(LimitExceeded, match="more memory than its limit"):
        run_limited(render_pdf, LONG_DOCUMENT, memory_bytes=16 * 1024 * 1024)


def test_an_allocation_over_the_limit_fails_in_the_child_not_the_parent():
    def allocate():
        return len(bytearray(512 * 1024 * 1024))

    with pytest.raises(LimitExceeded, match="more memory than its limit"):
        run_limited(allocate, memory_bytes=64 * 1024 * 1024)
    # The parent keeps its own limit and can still allocate as much.
    assert len(bytearray(512 * 1024 * 1024)) == 512 * 1024 * 1024


def test_an_error_in_the_child_is_reported_by_name():
    def broken():
        raise ValueError("the stylesheet is broken")

    with pytest.raises(ChildFailed, match="ValueError: the stylesheet is broken"):
        run_limited(broken)


def test_what_the_child_logs_reaches_the_parents_handlers(caplog):
    def warn():
        logging.getLogger("scrutiny.documents.pdf").warning(
            "Refused to fetch %s", "file:///etc/passwd"
        )
        return "done"

    with caplog.at_level(logging.WARNING, logger="scrutiny.documents.pdf"):
        assert run_limited(warn).value == "done"
    assert "Refused to fetch file:///etc/passwd" in caplog.text


def test_an_answer_is_read_whole_while_another_child_still_holds_the_pipe():
    # A child forked by another thread inherits this pipe's write end, so the pipe does
    # not end when our child finishes: the answer's own length has to say when it has.
    read_fd, write_fd = os.pipe()
    answer = b"the rendered document"
    os.write(write_fd, len(answer).to_bytes(LENGTH_BYTES, "big") + answer)
    sibling = subprocess.Popen(["sleep", "5"])  # noqa: S607 - a stand-in child
    try:
        started = time.monotonic()
        assert _read_answer(read_fd, sibling.pid, time.monotonic() + 5) == answer
        assert time.monotonic() - started < 1
    finally:
        sibling.kill()
        sibling.wait()
        os.close(read_fd)
        os.close(write_fd)


def test_a_child_that_dies_without_answering_is_noticed_before_its_time_is_up():
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="without an answer"):
        run_limited(os._exit, 3, seconds=20)
    assert time.monotonic() - started < 5


def zombie_children() -> list[int]:
    """This process's children that have ended but were never reaped."""
    children = []
    for task in Path("/proc/self/task").iterdir():
        children += (task / "children").read_text().split()
    return [
        int(pid)
        for pid in children
        if Path(f"/proc/{pid}/stat").exists()
        and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    ]


def test_a_stopped_child_is_reaped_not_left_behind():
    before = zombie_children()
    with pytest.raises(LimitExceeded):
        run_limited(time.sleep, 30, seconds=0.2)
    with pytest.raises(ChildFailed):
        run_limited(int, "not a number")
    assert zombie_children() == before


@pytest.mark.django_db
def test_the_database_connection_still_works_after_a_child_has_ended():
    # The child inherits the connection's socket and must end without closing it.
    assert Committee.objects.count() == 0
    run_limited(sum, [1, 2])
    with pytest.raises(LimitExceeded):
        run_limited(time.sleep, 30, seconds=0.2)
    CommitteeFactory()
    assert Committee.objects.count() == 1


# A process that starts a render that would run for a minute, and says the render's pid.
RENDERING_WORKER = """
import os, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "scrutiny.settings.test"
import django
django.setup()
from scrutiny.documents.document import warm_renderer
from scrutiny.documents.limits import run_limited

def render(pid_file):
    with open(pid_file, "w") as out:
        out.write(str(os.getpid()))
    time.sleep(60)

run_limited(render, {pid_file!r}, seconds=120)
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


def test_a_render_ends_within_two_seconds_of_its_worker_being_killed(tmp_path, settings):
    pid_file = tmp_path / "render.pid"
    script = RENDERING_WORKER.format(root=str(settings.BASE_DIR), pid_file=str(pid_file))
    worker = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the render did not start"
            time.sleep(0.05)
        render = int(pid_file.read_text())
        assert _running(render)
        worker.kill()  # SIGKILL: the worker can do nothing about its child
        worker.wait()
        killed = time.monotonic()
        while _running(render):
            assert time.monotonic() - killed < 2, "the render outlived its worker"
            time.sleep(0.05)
    finally:
        worker.kill()
