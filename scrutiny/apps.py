from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    """The project package, installed for its shared template tags."""

    name = "scrutiny"
    verbose_name = "Scrutiny"
