from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    """The project package, installed for its shared template tags and page cache."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "scrutiny"
    verbose_name = "Scrutiny"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .page_cache import record_changed

        for name, signal in {
            "post_save": post_save,
            "post_delete": post_delete,
            "m2m_changed": m2m_changed,
        }.items():
            signal.connect(record_changed, dispatch_uid=f"scrutiny.page_cache.{name}")
