"""Accounts without the admin: officers invite councillors and officers by email, see who
holds which role, and withdraw access. Here, not in the kernel, because an invited
councillor's account is linked to their person record (``Person.user``)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from scrutiny.kernel.accounts import invitation_send
from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.roles import Role, role_give
from scrutiny.kernel.sessions import sessions_end
from scrutiny.kernel.two_factor import apps_forget

from .models import Person

User = get_user_model()


def accounts_listed() -> list:
    """Every account, those with access first, each with its groups read in one query
    (the role check then asks nothing more) and its person record."""
    users = list(
        User.objects.select_related("person")
        .prefetch_related("groups")
        .order_by("-is_active", "username")
    )
    for user in users:
        user._scrutiny_group_names = {group.name for group in user.groups.all()}
    return users


def account_in_use(email: str):
    """The account with access that already uses ``email`` (as its address or its user
    name), if any."""
    return (
        User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email), is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def account_invite(*, email: str, role: str, person: Person | None = None):
    """Give ``email`` an account with ``role`` and email it a link to set its password.

    The user name is the address. The account has no usable password until the link is
    used, so nothing signs in with it before then. An account whose access was withdrawn
    is given back (same user, same history) rather than made again. A councillor may be
    linked to their person record. The email is sent last, inside the transaction: if the
    mail server refuses it, nothing is saved and the officer can try again.
    """
    if account_in_use(email):
        raise ValidationError(
            "An account already uses this email address. Find it in the list of accounts.",
            code="in_use",
        )
    if person is not None and role != Role.COUNCILLOR:
        raise ValidationError(
            "Only a councillor is linked to a person record.", code="person_not_councillor"
        )
    user = (
        User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    ) or User(username=email.lower())
    user.email = email
    user.is_active = True
    # Officers keep records in the admin too ("Manage records"); councillors do not.
    user.is_staff = role == Role.OFFICER
    user.set_unusable_password()
    user.save()
    role_give(user, role)
    if person is not None:
        person.user = user
        person.save()
    # Their groups decide what they read: cached pages are retired, as when the admin
    # changes a user.
    content_changed(user)
    invitation_send(user=user, role_name=Role(role).label)
    return user


@transaction.atomic
def account_withdraw(*, user, by) -> None:
    """End ``user``'s access at once: the account is switched off and its password made
    unusable (so no link sent earlier still works), its authenticator app forgotten (so an
    officer who lost their phone is invited again to a fresh start), every session of
    theirs ends, and the pages cached for them are retired once this commits (the content
    version moves on, retiring every cached page, theirs among them). An officer cannot
    withdraw their own.
    """
    if user.pk == by.pk:
        raise ValidationError(
            "You cannot withdraw your own access. Ask another officer.", code="own_access"
        )
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    apps_forget(user=user)
    sessions_end(user)
    content_changed(user)
