from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ScrutinyConfig(AppConfig):
    """The project package, installed for its shared template tags, models (the content
    version, document renders) and roles."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "scrutiny"
    verbose_name = "Scrutiny"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from scrutiny.kernel.middleware import seen_at_sign_in
        from scrutiny.kernel.roles import groups_ensure
        from scrutiny.kernel.two_factor import noted_at_sign_in

        # Permissions only exist once every app has migrated, so groups are synced then.
        post_migrate.connect(groups_ensure, dispatch_uid="scrutiny.kernel.roles.groups_ensure")
        user_logged_in.connect(seen_at_sign_in, dispatch_uid="scrutiny.kernel.seen_at_sign_in")
        user_logged_in.connect(
            noted_at_sign_in, dispatch_uid="scrutiny.kernel.two_factor.noted_at_sign_in"
        )
