from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    """The project package, installed for its shared template tags and models (the
    content version, document renders)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "scrutiny"
    verbose_name = "Scrutiny"
