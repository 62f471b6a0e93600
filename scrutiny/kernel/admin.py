"""What every admin page of the apps shares."""

from simple_history.admin import SimpleHistoryAdmin

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.forms import PastedTextAdminMixin


class ContentChangeAdminMixin:
    """Every write made in an admin page says what it changed, as the services' do
    (scrutiny/kernel/changes.py): the record, and the inline records saved with it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_changed(obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        inline = [
            record
            for formset in formsets
            for record in (
                *formset.new_objects,
                *(changed for changed, _ in formset.changed_objects),
                *formset.deleted_objects,
            )
        ]
        content_changed(form.instance, *inline)

    def delete_model(self, request, obj):
        # Before the delete, while the record still knows what it belonged to.
        content_changed(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        content_changed(*queryset)
        super().delete_queryset(request, queryset)


class ScrutinyAdmin(ContentChangeAdminMixin, PastedTextAdminMixin, SimpleHistoryAdmin):
    """A record's admin page: its history kept and shown, text taken as the app takes it,
    and its changes followed like any other write."""
