"""The one hook a write calls with what it changed, and what follows once it commits.

Who calls ``content_changed``: every path that writes records a reader sees, inside the
transaction that writes them. The services of both apps do (the shared helpers in
scrutiny/kernel/updates.py do it for the edits and additions they make), and so do the
admin (scrutiny/kernel/admin.py, for the apps' records and for users and groups, whose
groups decide what a reader sees), site restore, archive import, ``load_demo`` and the
letters. A save that changes nothing a reader sees (a sign-in's ``last_login``, a
document render's bookkeeping) does not call it, and so retires nothing.

What follows, once the transaction commits (``transaction.on_commit``), and not at all if
it rolls back: the content version moves on once, which retires every cached page and
document (scrutiny/kernel/page_cache.py); then each consequence an app registered at
``ready()`` with ``after_content_change`` runs once, with everything the transaction's
calls gathered. The meetings app registers one that queues the documents of the published
meetings the change shows in (meetings/tasks.py). However many calls one transaction
makes, the version moves once and each meeting is queued once. A consequence that fails
is logged and leaves the others to run: the write itself is committed by then.
"""

import logging
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models, transaction

from scrutiny.kernel.page_cache import version_bump

logger = logging.getLogger(__name__)


@dataclass
class Change:
    """What one transaction changed, as its calls to ``content_changed`` said."""

    # The records written (saved, deleted or linked); each consequence picks out those it
    # knows, and may look up what they belong to.
    records: list[models.Model] = field(default_factory=list)
    # Published meetings whose documents show the change, for a write that knows them
    # already (a service that locked the record read its meeting's id and status).
    meetings: set[int] = field(default_factory=set)
    # The whole site changed (a restore): every record may have.
    everything: bool = False
    done: bool = False


Consequence = Callable[[Change], None]
_consequences: list[Consequence] = []


def after_content_change(consequence: Consequence) -> None:
    """Run ``consequence`` after every committed change; apps call this at ``ready()``."""
    if consequence not in _consequences:
        _consequences.append(consequence)


class _Gathering(threading.local):
    """This thread's change still to commit, and the callbacks waiting for the commit."""

    change: Change | None = None
    callbacks: tuple[weakref.ref, ...] = ()


_gathering = _Gathering()


def content_changed(
    *records: models.Model, meetings: Iterable[int] = (), everything: bool = False
) -> None:
    """Say what this transaction changed that readers see; see the module's docstring.

    ``records`` are the records written. ``meetings`` names published meetings whose
    documents show the change, when the caller knows them without a look-up.
    """
    waiting = any(callback() is not None for callback in _gathering.callbacks)
    if not waiting or _gathering.change is None or _gathering.change.done:
        # No callback waits for this transaction: it is a new one, or the one that
        # gathered rolled back (Django then drops its callbacks, and their last reference
        # with them), so what was gathered before is not carried into this one.
        _gathering.change, _gathering.callbacks = Change(), ()
    change = _gathering.change
    change.records.extend(records)
    change.meetings.update(meetings)
    change.everything = change.everything or everything

    # One callback a call, each for the whole change: the first to run follows it and
    # the others find it done. Were only the first call's registered, a savepoint rolled
    # back around it would drop it and leave the later calls' changes unfollowed.
    def commit_followed() -> None:
        _follow(change)

    _gathering.callbacks += (weakref.ref(commit_followed),)
    # Last, as outside a transaction it runs at once.
    transaction.on_commit(commit_followed, robust=True)


def _follow(change: Change) -> None:
    if change.done:
        return
    change.done = True
    version_bump()
    for consequence in _consequences:
        try:
            consequence(change)
        except Exception:
            logger.exception("A consequence of a committed change failed")
