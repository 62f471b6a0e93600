"""Users and groups in the admin: a change to them changes what their readers see (a
councillor made an officer sees drafts), so it is followed like any other write."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from scrutiny.kernel.admin import ContentChangeAdminMixin

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class ScrutinyUserAdmin(ContentChangeAdminMixin, UserAdmin):
    pass


@admin.register(Group)
class ScrutinyGroupAdmin(ContentChangeAdminMixin, GroupAdmin):
    pass
