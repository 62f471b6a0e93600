"""What every officer editing page shares: who may use it, the form page, the look-up
that finds nothing in the bin, and the check that stops one officer's save from silently
overwriting another's.

Every record an editing page names in its URL is looked up through
``scrutiny.kernel.models.editable``: a record in the bin, or one that belongs to a record
there (an item of a deleted meeting, a paragraph of a deleted report), is not found, the
same 404 the public get. The restore pages of the bin are the one way to reach them.
"""

from functools import cached_property, wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import CreateView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.models import editable
from scrutiny.kernel.officers import OfficerRequiredMixin, officer_only

CONFLICT_MESSAGE = (
    "{who} saved this {thing} at {when} while you were editing it. Nothing you typed has "
    "been saved yet: check your changes against the current version, then save again."
)


DUPLICATE_MESSAGE = (
    "This {thing} would repeat one that already exists (perhaps someone saved it a moment "
    "ago). Check the page behind this form, then change what you typed or cancel."
)


def latest_change(instance):
    """The newest history row of a record, or None for one that has none."""
    return instance.history.order_by("-history_id").first()


def edit_token(instance) -> str:
    latest = latest_change(instance)
    return str(latest.history_id if latest else 0)


class EditForm(GdsFormMixin, forms.ModelForm):
    """A model form that carries the version of the record it was opened on."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_token"].initial = edit_token(self.instance)

    def validate_unique(self):
        """Check every unique constraint, not only those on the form's own fields.

        A model form skips a constraint that names a field it does not show (the plan a
        refresh belongs to, the bin's deleted_at), which would leave the database to
        refuse the row with an error page. The parent is set on the instance before
        validation (see ChildCreateView), so the whole check can run here.
        """
        errors = []
        try:
            self.instance.validate_unique()
        except ValidationError as error:
            errors.append(error)
        for constraint in self.instance._meta.constraints:
            if isinstance(constraint, UniqueConstraint):
                try:
                    constraint.validate(type(self.instance), self.instance)
                except ValidationError as error:
                    errors.append(error)
        for error in errors:
            for field, messages_ in getattr(error, "error_dict", {None: error.messages}).items():
                self.add_error(field if field in self.fields else None, messages_)


def save_unless_changed_meanwhile(form, *, thing: str):
    """Save the form, or refuse if the record changed since the form was opened.

    The row is locked while the check and the save happen, so two saves cannot both
    pass the check. On a conflict the form gets an error saying who saved first, and
    its token moves on to the current version so that saving again is a deliberate act.
    Returns the saved instance, or None on a conflict.
    """
    instance = form.instance
    with transaction.atomic():
        locked = type(instance).objects.select_for_update().get(pk=instance.pk)
        current = edit_token(locked)
        if current != form.cleaned_data.get("edit_token"):
            latest = latest_change(locked)
            who = (
                latest.history_user.get_username() if latest and latest.history_user else "Someone"
            )
            when = (
                timezone.localtime(latest.history_date).strftime("%H:%M on %d %B %Y")
                if latest
                else "a moment ago"
            )
            form.add_error(None, CONFLICT_MESSAGE.format(who=who, thing=thing, when=when))
            data = form.data.copy()
            data[form.add_prefix("edit_token")] = current
            form.data = data
            return None
        return form.save()


class OfficerPageMixin(OfficerRequiredMixin):
    """Context every editing page needs: its title and the way back."""

    template_name = "includes/form_page.html"
    page_title = ""
    thing = "record"

    def get_page_title(self) -> str:
        return self.page_title

    def get_back_url(self) -> str:
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.get_page_title()
        context["back_url"] = self.get_back_url()
        return context


class EditableObjectMixin(SingleObjectMixin):
    """The record named in the URL, looked up through ``editable`` whatever queryset the
    view gives: a view that narrows or widens its queryset cannot reach the bin."""

    def get_object(self, queryset=None):
        return super().get_object(editable(self.get_queryset() if queryset is None else queryset))


class OfficerUpdateView(OfficerPageMixin, EditableObjectMixin, UpdateView):
    """Edit a record; refused if another officer saved it since the form was opened."""

    def form_valid(self, form):
        try:
            saved = save_unless_changed_meanwhile(form, thing=self.thing)
        except IntegrityError:
            form.add_error(None, DUPLICATE_MESSAGE.format(thing=self.thing))
            return self.form_invalid(form)
        if saved is None:
            return self.form_invalid(form)
        self.object = saved
        messages.success(self.request, f"The {self.thing} has been saved.")
        return redirect(self.get_success_url())


class OfficerCreateView(OfficerPageMixin, CreateView):
    """Create a record through a service; subclasses say how in ``create``."""

    def create(self, form):
        return form.save()

    def form_valid(self, form):
        try:
            self.object = self.create(form)
        except ServiceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except IntegrityError:
            # Forms check the constraints first; this is two officers saving at once.
            form.add_error(None, DUPLICATE_MESSAGE.format(thing=self.thing))
            return self.form_invalid(form)
        messages.success(self.request, f"The {self.thing} has been added.")
        return redirect(self.get_success_url())


class ParentMixin:
    """A page about the record named in the URL: the parent a new record joins, or the
    record a page acts on (the meeting to publish, the recommendation a step is for)."""

    parent_model = None
    url_kwarg = "pk"

    def get_parent_queryset(self):
        return self.parent_model._default_manager.all()

    @cached_property
    def parent(self):
        # Looked up on first use, after the officer check: a signed-out visitor or a
        # councillor gets the same answer whether or not the parent exists, and so cannot
        # learn which draft or exempt ids do.
        return get_object_or_404(
            editable(self.get_parent_queryset()), **{self.url_kwarg: self.kwargs[self.url_kwarg]}
        )


class ChildCreateView(ParentMixin, OfficerCreateView):
    """Create a record that belongs to the parent named in the URL."""

    parent_field = ""

    def get_back_url(self):
        return self.parent.get_absolute_url()

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.parent_field:
            # Known before validation, so that clean() and the constraints can use it.
            kwargs["instance"] = self.get_form_class()._meta.model(
                **{self.parent_field: self.parent}
            )
        return kwargs

    def create(self, form):
        return form.save()


class OfficerConfirmView(OfficerRequiredMixin, EditableObjectMixin, TemplateView):
    """A page that asks before doing something (publish, delete), then does it on POST."""

    template_name = "includes/confirm_page.html"
    page_title = ""
    question = ""
    button_label = "Confirm"
    warning = True

    def perform(self, obj):
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            question=self.question,
            button_label=self.button_label,
            warning=self.warning,
            back_url=self.get_success_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            message = self.perform(self.object)
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect(self.get_success_url())


def officer_edits(model, url_kwarg: str = "pk"):
    """Make a function view an officer's change to the ``model`` record its URL names.

    Officers only; the record is looked up through ``editable`` once that check has
    passed, and handed to the view in place of its key.
    """

    def decorate(view):
        @wraps(view)
        def with_record(request, *args, **kwargs):
            lookup = {url_kwarg: kwargs.pop(url_kwarg)}
            record = get_object_or_404(editable(model._default_manager.all()), **lookup)
            return view(request, record, *args, **kwargs)

        checked = officer_only(with_record)
        # What the view changes, for the walk that proves none opens in the bin.
        checked.edits_model = model
        return checked

    return decorate
