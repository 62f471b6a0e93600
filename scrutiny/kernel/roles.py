"""Who a user is to the app: the two roles, kept as auth groups (the names officers
assign in the admin) with the permissions each needs."""

from django.db import models

OFFICERS_GROUP = "Democratic services"
COUNCILLORS_GROUP = "Councillors"

# Officers maintain every record of the committee and the partnership. By app label: the
# kernel imports neither app.
OFFICER_APPS = ("meetings", "partnership")


def _in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cache the group names on the user object: templates ask several times per page.
    names = getattr(user, "_scrutiny_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._scrutiny_group_names = names
    return name in names


def has_officer_account(user) -> bool:
    """An officer's account, whether or not this session has given its second factor."""
    return user.is_authenticated and (user.is_superuser or _in_group(user, OFFICERS_GROUP))


def awaiting_second_factor(user) -> bool:
    """A signed-in user who owes this session a code from their authenticator app
    (scrutiny/kernel/two_factor.py): until they give it, they are no officer."""
    return getattr(user, "_scrutiny_awaiting_second_factor", False)


def awaiting_second_factor_set(user, awaiting: bool) -> None:
    user._scrutiny_awaiting_second_factor = awaiting


def is_officer(user) -> bool:
    """Democratic services officers see and edit everything, drafts included, once they
    have given their second factor where they need one."""
    return has_officer_account(user) and not awaiting_second_factor(user)


def is_councillor(user) -> bool:
    return _in_group(user, COUNCILLORS_GROUP)


def may_see_exempt(user) -> bool:
    """Exempt (Schedule 12A) material is for councillors and officers only."""
    return is_officer(user) or is_councillor(user)


def reader_tier(user) -> str:
    """What a user may read, in a word: a document is the same for everyone in a tier."""
    if is_officer(user):
        return "officer"
    return "councillor" if may_see_exempt(user) else "public"


def stand_in_reader(group: str | None):
    """Someone who sees exactly what a reader in ``group`` sees (``None``: the public).

    For work done without a request, such as rendering a meeting's documents in the
    background for the readers who will ask for them. The account is never saved.
    """
    from django.contrib.auth.models import AnonymousUser, User

    if group is None:
        return AnonymousUser()
    reader = User(username=f"stand-in for {group}")
    reader._scrutiny_group_names = {group}
    return reader


def groups_ensure(**kwargs):
    """Create the officers' and councillors' groups and set the officers' permissions.

    Runs after every migrate, so new models' permissions reach officers without a manual step.
    """
    from django.contrib.auth.models import Group, Permission

    officers, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    Group.objects.get_or_create(name=COUNCILLORS_GROUP)
    # No delete permission: records are kept for six years (s.100C), and a delete in the
    # admin would cascade through a meeting's whole pack.
    officers.permissions.set(
        Permission.objects.filter(content_type__app_label__in=OFFICER_APPS).exclude(
            codename__startswith="delete_"
        )
    )


class Role(models.TextChoices):
    """The role an officer gives someone they invite: which of the two groups they join."""

    OFFICER = "officer", "Democratic services officer"
    COUNCILLOR = "councillor", "Councillor"

    @property
    def group(self) -> str:
        return OFFICERS_GROUP if self == Role.OFFICER else COUNCILLORS_GROUP


def role_name(user) -> str:
    """The role a user holds, in words for the accounts page ("None" for neither)."""
    if is_officer(user):
        return "Officer"
    return "Councillor" if is_councillor(user) else "None"


def role_give(user, role: str) -> None:
    """Make ``user`` hold ``role`` and only it (a re-invited officer may come back as a
    councillor)."""
    from django.contrib.auth.models import Group

    group = Role(role).group
    user.groups.set([Group.objects.get(name=group)])
    user._scrutiny_group_names = {group}
