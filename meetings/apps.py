from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Scrutiny committee and meetings"

    def ready(self):
        from . import tasks
        from .groups import groups_ensure

        tasks.connect()

        # Permissions only exist once every app has migrated, so groups are synced then.
        post_migrate.connect(groups_ensure, dispatch_uid="meetings.groups_ensure")
