from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Scrutiny committee and meetings"

    def ready(self):
        from . import tasks

        tasks.connect()
