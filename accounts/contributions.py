"""Apps contribute to shared views (next actions, calendar feed, timeline) by
providing a module of an agreed name; a missing module simply contributes nothing."""

import importlib
from collections.abc import Iterable, Iterator
from types import ModuleType


def contributing_modules(apps: Iterable[str], name: str) -> Iterator[ModuleType]:
    """Yield `<app>.<name>` for each app that has it. An import error inside an
    existing module is raised, not hidden."""
    for app in apps:
        try:
            yield importlib.import_module(f"{app}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
