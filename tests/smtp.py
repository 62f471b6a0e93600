"""A real SMTP server for the tests that send email, and what arrived at it.

aiosmtpd listens on 127.0.0.1 on a free port, in a thread of its own; Django's SMTP
backend is pointed at it for the test, so an email goes through the same code and over
the same protocol as in production, and the test reads the parsed messages that arrived.
Use the ``smtp_server`` fixture (tests/conftest.py).
"""

import email
import email.policy
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings

LINK = re.compile(r"https?://\S+")


class Inbox:
    """Every message the server accepted, in the order it arrived."""

    def __init__(self):
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []

    # aiosmtpd calls its handlers by these names.
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self._messages.append(message)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to ``address``."""
        return [message for message in self.messages if address in message["To"]]

    @staticmethod
    def text(message: EmailMessage) -> str:
        """The message's plain-text body."""
        return message.get_body(preferencelist=("plain",)).get_content()

    def links(self, message: EmailMessage) -> list[str]:
        """The web addresses in the message's plain-text body."""
        return LINK.findall(self.text(message))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    """Start the server and send Django's email to it until the block ends."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
        ):
            yield inbox
    finally:
        controller.stop()
