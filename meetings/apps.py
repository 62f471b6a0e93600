from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Scrutiny committee and meetings"

    def ready(self):
        from scrutiny.kernel.changes import after_content_change

        from .tasks import documents_queue_changed

        after_content_change(documents_queue_changed)
