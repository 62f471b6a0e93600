"""The task worker's part: send the alert emails the outbox holds."""

from django_tasks import task

from .sending import outbox_send
from .subscribing import subscriptions_tidy


@task()
def alerts_send() -> int:
    """Send what the outbox holds, and delete subscriptions never confirmed in time."""
    subscriptions_tidy()
    return outbox_send()
