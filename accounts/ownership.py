"""Which rows belong to a person, found from the models themselves.

A model of one of Rebound's own apps is *owned* when a chain of foreign keys
leads from it to the user: `Company.owner`, `Interview.application.owner`,
`PlanItem.plan.owner`... New models are picked up without a list to keep up to
date, so the export, the import and the access tests cover them the day they
are added. Models of third-party apps (allauth, tasks) are not the person's
notes and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

# Models of Rebound's own apps that hold nobody's data. A new model that cannot
# be traced to an owner must be added here on purpose (a test checks this).
SHARED_MODELS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OwnedModel:
    model: type[models.Model]
    owner_path: str  # ORM path to the user, e.g. "application__owner"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def direct_owner_field(self) -> models.ForeignKey | None:
        """The foreign key to the user on the model itself, if the path is one step."""
        if "__" in self.owner_path:
            return None
        return self.model._meta.get_field(self.owner_path)

    def rows_of(self, user) -> models.QuerySet:
        """Every row of this person, including applications in the trash."""
        return self.model._default_manager.filter(**{self.owner_path: user})


def local_app_configs():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            yield config


def _concrete_fks(model) -> list[models.ForeignKey]:
    return [
        f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


@cache
def owned_models() -> tuple[OwnedModel, ...]:
    """Owned models, parents before children (the order an import creates them in)."""
    user_model = get_user_model()
    candidates = [
        m
        for config in local_app_configs()
        for m in config.get_models()
        if m is not user_model and not m._meta.proxy
    ]
    paths: dict[type[models.Model], str] = {}
    # Direct foreign keys to the user first ("owner"), then follow parents
    # until nothing new is found; a non-null parent is preferred over a null one.
    for model in candidates:
        to_user = [f for f in _concrete_fks(model) if f.related_model is user_model]
        if to_user:
            preferred = sorted(to_user, key=lambda f: (f.name != "owner", f.null))[0]
            paths[model] = preferred.name
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in paths:
                continue
            parents = [f for f in _concrete_fks(model) if f.related_model in paths]
            if parents:
                best = sorted(parents, key=lambda f: (f.null, f.name))[0]
                paths[model] = f"{best.name}__{paths[best.related_model]}"
                changed = True
    ordered = _parents_first([m for m in candidates if m in paths])
    return tuple(OwnedModel(model=m, owner_path=paths[m]) for m in ordered)


def unowned_local_models() -> list[str]:
    """Models of Rebound's apps that no chain links to a person (should be none)."""
    owned = {o.model for o in owned_models()}
    user_model = get_user_model()
    return sorted(
        m._meta.label
        for config in local_app_configs()
        for m in config.get_models()
        if m not in owned and m is not user_model and m._meta.label not in SHARED_MODELS
    )


def _parents_first(model_list: list[type[models.Model]]) -> list[type[models.Model]]:
    """Order models so that each comes after the models its keys point to; when
    that is impossible (a cycle), nullable keys are filled in afterwards."""
    remaining = list(model_list)
    result: list[type[models.Model]] = []
    while remaining:
        for only_required in (False, True):
            ready = [
                model
                for model in remaining
                if not any(
                    f.related_model in remaining
                    and f.related_model is not model
                    and (not only_required or not f.null)
                    for f in _concrete_fks(model)
                )
            ]
            if ready:
                break
        else:
            raise RuntimeError(f"Foreign keys form a cycle of required keys: {remaining}")
        result.append(ready[0])
        remaining.remove(ready[0])
    return result
