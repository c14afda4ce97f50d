"""Ownership: every view scopes its queryset to the signed-in person, so another
person's object is simply not found (404), whether or not it exists.

The owned views below are the one create/read/update/delete pattern the apps
share (companies, contacts, questions, stories, plans, interviews): as in
neapolitan, one overridable `get_queryset()` scopes the list, detail, update
and delete pages together."""

from django.contrib import messages
from django.db import models
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView


class OwnedQuerysetMixin:
    """For class-based views: list, detail, update and delete share one scope.

    Uses the model's `owned_by(user)` queryset method, which each owned model
    defines (following a relation up to the owner where needed).
    """

    model: type[models.Model]

    def get_queryset(self):
        return self.model.objects.owned_by(self.request.user)


class OwnerFormKwargsMixin:
    """Hands the signed-in person to the form so choice fields offer only their own
    objects (unless the model's form takes no `owner`)."""

    form_takes_owner = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_takes_owner:
            kwargs["owner"] = self.request.user
        return kwargs


class SuccessMessageMixin:
    """After a save or a delete, say what happened: `success_message` is formatted
    with the object, as in "Saved your changes to {object.name}."."""

    success_message = ""

    def get_success_message(self) -> str:
        return self.success_message.format(object=self.object)

    def form_valid(self, form):
        response = super().form_valid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return response


class OwnedFormMixin(OwnerFormKwargsMixin, SuccessMessageMixin):
    """Create and update: the form hears who the person is, and a new object
    belongs to them; the owner is never a form field."""

    def get_context_data(self, **kwargs):
        # What the shared add-or-edit page calls the thing: "Add a company".
        return super().get_context_data(noun=self.model._meta.verbose_name, **kwargs)

    def form_valid(self, form):
        if form.instance.pk is None:
            form.instance.owner = self.request.user
        return super().form_valid(form)


class OwnedListView(OwnedQuerysetMixin, ListView):
    pass


class OwnedDetailView(OwnedQuerysetMixin, DetailView):
    pass


class OwnedCreateView(OwnedFormMixin, CreateView):
    pass


class OwnedUpdateView(OwnedQuerysetMixin, OwnedFormMixin, UpdateView):
    pass


class OwnedDeleteView(OwnedQuerysetMixin, SuccessMessageMixin, DeleteView):
    """Asks first (the model's `<app>/<model>_confirm_delete.html`, which extends
    includes/confirm_delete.html), then deletes and says so."""


class OwnedModelForm:
    """Mixin for ModelForms: limit every related-object field to the owner's objects.

    A posted id that belongs to someone else is then an ordinary "not one of the
    choices" error beside the field.
    """

    owned_fields: dict[str, type[models.Model]] = {}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        for name, model in self.owned_fields.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.owned_by(owner)
