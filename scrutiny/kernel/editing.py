"""What every officer editing page shares: who may use it, the form page, the look-up
that finds nothing in the bin, and how a form's values go to the app's service (which
refuses a save that would silently overwrite another officer's: scrutiny/kernel/updates.py).

Every record an editing page names in its URL is looked up through
``scrutiny.kernel.models.editable``: a record in the bin, or one that belongs to a record
there (an item of a deleted meeting, a paragraph of a deleted report), is not found, the
same 404 the public get. The restore pages of the bin are the one way to reach them.
"""

from functools import cached_property, wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import UniqueConstraint
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import CreateView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.models import editable
from scrutiny.kernel.officers import OfficerRequiredMixin, officer_only
from scrutiny.kernel.updates import EditConflict, edit_token

DUPLICATE_MESSAGE = (
    "This {thing} would repeat one that already exists (perhaps someone saved it a moment "
    "ago). Check the page behind this form, then change what you typed or cancel."
)


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


def service_fields(form) -> dict:
    """What a form hands to its service: the cleaned values, without the edit token."""
    return {name: value for name, value in form.cleaned_data.items() if name != "edit_token"}


def _refusal_shown(form, error: Exception, thing: str) -> None:
    """Put a service's refusal on the form, in the words the officer reads."""
    if isinstance(error, EditConflict):
        form.add_error(None, str(error))
        # The token moves on to the current version, so that saving again is deliberate.
        data = form.data.copy()
        data[form.add_prefix("edit_token")] = error.current_token
        form.data = data
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    elif isinstance(error, IntegrityError):
        # Forms check the constraints first; this is two officers saving at once.
        form.add_error(None, DUPLICATE_MESSAGE.format(thing=thing))
    else:
        form.add_error(None, str(error))


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
    """Edit a record through its service, named by ``service``: an ``<entity>_update``
    taking the record, the officer, the form's edit token and the form's values.

    Refused, with the form shown again, if another officer saved the record since the
    form was opened, or if the service refuses the change.
    """

    service = None

    def update(self, fields: dict, *, edit_token: str):
        return self.service(
            record=self.object, user=self.request.user, edit_token=edit_token, **fields
        )

    def form_valid(self, form):
        token = form.cleaned_data.get("edit_token", "")
        try:
            self.object = self.update(service_fields(form), edit_token=token)
        except (ServiceError, ValidationError, IntegrityError) as error:
            _refusal_shown(form, error, self.thing)
            return self.form_invalid(form)
        messages.success(self.request, f"The {self.thing} has been saved.")
        return redirect(self.get_success_url())


class OfficerCreateView(OfficerPageMixin, CreateView):
    """Create a record through a service; subclasses call it in ``create``, which takes
    the form's values."""

    def create(self, fields: dict):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.create(service_fields(form))
        except (ServiceError, ValidationError, IntegrityError) as error:
            _refusal_shown(form, error, self.thing)
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


def move_as_asked(request, move, record, moved: str):
    """Move a record up or down its list as the POST's ``direction`` asks, through
    ``move`` (a service given the direction, returning the record), and say how it went:
    ``moved`` is the message, formatted with the moved record. Returns the record."""
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, "Choose whether to move the item up or down.")
        return record
    try:
        record = move(direction)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, moved.format(record=record))
    return record
