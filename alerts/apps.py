from django.apps import AppConfig


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = "Email alerts"

    def ready(self):
        from scrutiny.kernel.changes import after_content_change

        from .events import alerts_record_changed

        after_content_change(alerts_record_changed)
