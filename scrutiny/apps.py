from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ScrutinyConfig(AppConfig):
    """The project package, installed for its shared template tags, models (the content
    version, document renders) and roles."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "scrutiny"
    verbose_name = "Scrutiny"

    def ready(self):
        from scrutiny.kernel.roles import groups_ensure

        # Permissions only exist once every app has migrated, so groups are synced then.
        post_migrate.connect(groups_ensure, dispatch_uid="scrutiny.kernel.roles.groups_ensure")
