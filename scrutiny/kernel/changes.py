"""Following every change to the records: each save, delete and many-to-many link."""

from django.db.models.signals import m2m_changed, post_delete, post_save

CHANGE_SIGNALS = {"post_save": post_save, "post_delete": post_delete, "m2m_changed": m2m_changed}


def on_every_change(receiver, name: str) -> None:
    """Connect ``receiver`` to every change, once however often this is called.

    It gets each signal's own arguments: ``m2m_changed`` also sends ``action``.
    """
    for signal_name, signal in CHANGE_SIGNALS.items():
        signal.connect(receiver, dispatch_uid=f"{name}.{signal_name}")
