from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.roles import COUNCILLORS_GROUP, OFFICERS_GROUP

# Known passwords are the point of a demo account, which is why this refuses to run
# unless DEBUG is on: they must never exist on a server others can reach.
DEMO_ACCOUNTS = [
    ("officer", "officer-demo-password", OFFICERS_GROUP, True),
    ("councillor", "councillor-demo-password", COUNCILLORS_GROUP, False),
]


class Command(BaseCommand):
    help = "Create a demo officer and a demo councillor account (local development only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local use only: set DJANGO_DEBUG=true.")
        user_model = get_user_model()
        self.stdout.write(self.style.WARNING("Demo accounts - FOR LOCAL USE ONLY:"))
        for username, password, group_name, is_staff in DEMO_ACCOUNTS:
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"is_staff": is_staff}
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            content_changed(user)  # a reader's groups decide what their pages show
            shown = password if created or user.check_password(password) else "(changed by you)"
            self.stdout.write(f"  {group_name}: user name {username!r}, password {shown!r}")
