"""Ownership: every view scopes its queryset to the signed-in person, so another
person's object is simply not found (404), whether or not it exists."""

from django.db import models


class OwnedQuerysetMixin:
    """For class-based views: list, detail, update and delete share one scope.

    Uses the model's `owned_by(user)` queryset method, which each owned model
    defines (following a relation up to the owner where needed).
    """

    model: type[models.Model]

    def get_queryset(self):
        return self.model.objects.owned_by(self.request.user)


class OwnerFormKwargsMixin:
    """Hands the signed-in person to the form so choice fields offer only their own objects."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["owner"] = self.request.user
        return kwargs


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
