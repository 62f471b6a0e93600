"""Work that could run away, such as rendering a document, runs in a child process that
has a time limit and a memory limit, so one bad document can neither hang nor exhaust the
web or task worker that asked for it.

The child is forked, not started afresh. It shares the parent's imported WeasyPrint and
fonts, so it starts in milliseconds. It touches no database connection and leaves with
``os._exit``, so it never closes the parent's connections behind its back. It sends its
result, or the error that stopped it, back through a pipe. Whatever it logged goes too,
and the parent logs it again, so refusals and warnings reach the usual handlers.

Forking needs a POSIX system; the app is deployed on Linux.
"""

import gc
import logging
import math
import os
import pickle
import queue
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from logging.handlers import QueueHandler
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

# The child's answer starts with its length in this many bytes.
LENGTH_BYTES = 8
# How often the parent checks that a silent child is still alive.
POLL_SECONDS = 0.1
RESERVE_BYTES = 4 * 1024 * 1024
# How often the child checks that the process that started it is still there.
WATCH_SECONDS = 0.25

# Held while forking. A thread that must not be forked over (one inside a library whose
# locks a child would inherit held, say) holds it too.
fork_lock = threading.Lock()


class LimitExceeded(RuntimeError):
    """The child went over its time or memory limit, or died without an answer."""


class ChildFailed(RuntimeError):
    """The work raised an exception in the child; the message names it."""


@dataclass(frozen=True)
class Outcome:
    value: Any
    seconds: float
    # The child's peak resident memory. It includes the pages it shares with the parent.
    peak_memory_bytes: int


def _address_space_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _peak_address_space_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    return _address_space_bytes()


def _set_limits(seconds: float, memory_bytes: int) -> int:
    """Set the child's limits; return its address-space limit in bytes."""
    # The memory limit counts what the child adds to the address space it was born with,
    # so it means the same in a small test process and a large web worker.
    limit = _address_space_bytes() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # A backstop for the parent's clock: the kernel stops a child that spins.
    cpu = math.ceil(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    # A child stopped by a limit would otherwise dump a core the size of the app.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return limit


def _ran_out_of_memory(limit: int, memory_bytes: int) -> bool:
    """Whether the child came so near its address-space limit that an error is its doing.

    Python turns a failed allocation into ``MemoryError``, but the C libraries a render
    uses do not always: one may return an error without saying why, which Python reports
    as ``SystemError``, or an error of its own. A child whose address space reached
    within a quarter of its allowance of the limit failed for want of memory (the
    allocation refused was not mapped, so the peak stays below the limit by its size).
    """
    return _peak_address_space_bytes() >= limit - memory_bytes // 4


def _leave_the_parents_things_alone(write_fd: int) -> None:
    """Close what the child inherited and does not need, and take back its signals.

    Open sockets (other requests' clients, the database) would otherwise stay open until
    the child ends, and the parent's handlers (a worker's graceful shutdown, say) would
    keep the child running when it is told to stop.
    """
    os.closerange(3, write_fd)
    os.closerange(write_fd + 1, os.sysconf("SC_OPEN_MAX"))
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def _die_with(parent: int) -> None:
    """End this child as soon as ``parent`` is gone.

    A worker killed outright (by its supervisor's timeout, or out of memory) cannot stop
    its child, which would otherwise go on rendering for nobody until its CPU limit. When
    the parent dies the child is handed to another process, so its parent's id changes;
    a timer signal looks for that between the render's Python steps. A signal rather
    than a watching thread: glibc gives each thread a memory arena of its own, which
    would count against the child's address-space limit.
    """

    def check(signum, frame):
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

    signal.signal(signal.SIGALRM, check)
    # System calls in the libraries the render uses are resumed, not failed, by it.
    signal.siginterrupt(signal.SIGALRM, False)
    signal.setitimer(signal.ITIMER_REAL, WATCH_SECONDS, WATCH_SECONDS)
    check(signal.SIGALRM, None)


def _child(work, args, write_fd: int, seconds: float, memory_bytes: int, parent: int) -> None:
    """Run in the forked child: set the limits, do the work, send what came of it."""
    status = 70  # EX_SOFTWARE, if even the answer could not be sent
    try:
        _leave_the_parents_things_alone(write_fd)
        _die_with(parent)
        limit = _set_limits(seconds, memory_bytes)
        # The child is short-lived and allocates heavily. The objects it inherited are not
        # its garbage, so the collector leaves them alone (sparing their pages from being
        # copied, too). It collects new objects ten times less often: a render spent
        # about a tenth of its time in the collector before.
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)
        records: queue.SimpleQueue = queue.SimpleQueue()
        logging.getLogger().handlers = [QueueHandler(records)]
        # Kept back so that a child that ran out of memory can still send its answer.
        reserve = bytearray(RESERVE_BYTES)
        try:
            answer = ("ok", work(*args))
        except MemoryError:
            answer = ("memory", None)
        except Exception as error:  # every failure is reported to the parent
            if _ran_out_of_memory(limit, memory_bytes):
                answer = ("memory", None)
            else:
                answer = ("error", f"{type(error).__name__}: {error}")
        del reserve
        gc.collect()
        logged = []
        while not records.empty():
            logged.append(records.get())
        payload = pickle.dumps((answer, logged))
        view = memoryview(len(payload).to_bytes(LENGTH_BYTES, "big") + payload)
        while view:
            view = view[os.write(write_fd, view) :]
        status = 0
    finally:
        os._exit(status)


def _has_exited(pid: int) -> bool:
    # WNOWAIT leaves the child to be reaped, with its resource usage, by the caller.
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _read_answer(read_fd: int, pid: int, deadline: float) -> bytes:
    """The child's answer, or ``b""`` if it died without giving one.

    The answer says how long it is rather than ending at the pipe's end: a child forked
    meanwhile by another thread of this process holds a copy of the pipe's write end,
    so the end might come only when that child finishes.
    """
    received = bytearray()
    expected = None
    while expected is None or len(received) < expected:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LimitExceeded("it took longer than its time limit")
        if select.select([read_fd], [], [], min(remaining, POLL_SECONDS))[0]:
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                return b""
            received += chunk
        elif _has_exited(pid) and not select.select([read_fd], [], [], 0)[0]:
            return b""
        if expected is None and len(received) >= LENGTH_BYTES:
            expected = LENGTH_BYTES + int.from_bytes(received[:LENGTH_BYTES], "big")
    return bytes(received[LENGTH_BYTES:])


def run_limited(
    work: Callable, *args, seconds: float | None = None, memory_bytes: int | None = None
) -> Outcome:
    """``work(*args)`` in a forked child under a time and memory limit.

    The limits default to ``SCRUTINY_RENDER_SECONDS`` and ``SCRUTINY_RENDER_MEMORY_BYTES``.
    Raises ``LimitExceeded`` when the child runs out of time or memory, or dies, and
    ``ChildFailed`` when the work raised an exception.
    """
    seconds = settings.SCRUTINY_RENDER_SECONDS if seconds is None else seconds
    memory_bytes = settings.SCRUTINY_RENDER_MEMORY_BYTES if memory_bytes is None else memory_bytes
    with fork_lock:
        # Under the lock, no other thread's child inherits this pipe's write end.
        read_fd, write_fd = os.pipe()
        started = time.monotonic()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            _child(work, args, write_fd, seconds, memory_bytes, parent)
        os.close(write_fd)
    try:
        payload = _read_answer(read_fd, pid, started + seconds)
    except BaseException:
        # Out of time, or this process is being stopped: the child goes too.
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_fd)
        _, status, usage = os.wait4(pid, 0)
    elapsed = time.monotonic() - started
    if not payload:
        how = (
            f"signal {signal.Signals(os.WTERMSIG(status)).name}"
            if os.WIFSIGNALED(status)
            else f"exit status {os.WEXITSTATUS(status)}"
        )
        raise LimitExceeded(f"it stopped without an answer ({how}), out of time or memory")
    (kind, value), logged = pickle.loads(payload)  # noqa: S301 - our own child's answer
    for record in logged:
        logging.getLogger(record.name).handle(record)
    if kind == "memory":
        raise LimitExceeded("it needed more memory than its limit")
    if kind == "error":
        raise ChildFailed(value)
    # ru_maxrss is in kilobytes on Linux.
    return Outcome(value=value, seconds=elapsed, peak_memory_bytes=usage.ru_maxrss * 1024)
