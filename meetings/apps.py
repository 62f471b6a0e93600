from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Scrutiny committee and meetings"

    def ready(self):
        from scrutiny.kernel.changes import after_content_change

        from .groups import groups_ensure
        from .tasks import documents_queue_changed

        after_content_change(documents_queue_changed)

        # Permissions only exist once every app has migrated, so groups are synced then.
        post_migrate.connect(groups_ensure, dispatch_uid="meetings.groups_ensure")
