"""The two roles the app knows, kept as auth groups with the permissions they need."""

from django.contrib.auth.models import Group, Permission

from scrutiny.kernel.roles import COUNCILLORS_GROUP, OFFICERS_GROUP

# Officers maintain every record of the committee and the partnership.
OFFICER_APPS = ("meetings", "partnership")


def groups_ensure(**kwargs):
    """Create the officers' and councillors' groups and set the officers' permissions.

    Runs after every migrate, so new models' permissions reach officers without a manual step.
    """
    officers, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    Group.objects.get_or_create(name=COUNCILLORS_GROUP)
    # No delete permission: records are kept for six years (s.100C), and a delete in the
    # admin would cascade through a meeting's whole pack.
    officers.permissions.set(
        Permission.objects.filter(content_type__app_label__in=OFFICER_APPS).exclude(
            codename__startswith="delete_"
        )
    )
