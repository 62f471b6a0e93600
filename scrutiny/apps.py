from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    """The project package, installed for its shared template tags and page cache."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "scrutiny"
    verbose_name = "Scrutiny"

    def ready(self):
        from scrutiny.kernel.changes import on_every_change
        from scrutiny.kernel.page_cache import record_changed

        on_every_change(record_changed, "scrutiny.kernel.page_cache")
