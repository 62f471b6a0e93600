"""What every admin page of the apps shares."""

from simple_history.admin import SimpleHistoryAdmin

from scrutiny.kernel.forms import PastedTextAdminMixin


class ScrutinyAdmin(PastedTextAdminMixin, SimpleHistoryAdmin):
    """A record's admin page: its history kept and shown, text taken as the app takes it."""
