"""Where apps plug into the pages that gather from several apps.

The home page's next actions, the calendar feed and an application's timeline
each show rows from several apps. Rather than look modules up by name, each
app registers what it contributes in its `AppConfig.ready()`:

    from accounts import registry
    registry.next_actions.register(next_actions.collect)

Search for `registry.next_actions`, `registry.calendar_events` or
`registry.timeline_entries` to find every contribution and every reader.

- `next_actions`: `rule(user, now) -> Iterable[NextAction]` (read by
  `accounts.next_actions.collect_for`, used by home, the digest and the feed);
- `calendar_events`: `source(user) -> Iterable[CalendarEvent]` (read by
  `applications.calendar.events_for`);
- `timeline_entries`: `source(application) -> Iterable[TimelineEntry]` (read by
  `applications.timeline.build_timeline`);
- `application_form_helps`: `help(request) -> FormHelp | None`, something an
  app adds to "Add an application": starting values and a box shown above the
  form (read by `applications.views.ApplicationCreateView`; capture's posting
  paste);
- `stats_sections`: `section(user, now) -> StatsSection | None` (a template and
  its data; read by `applications.stats.sections_for`, shown on the stats page);
- `rejection_sections`: `section(rejection, user) -> FormHelp | None` (a template
  and its data, shown on a rejection's page; read by `feedback.views.rejection_detail`;
  practice's progress on the plan made from it);
- `comparison_columns`: `column(rejection, user) -> Iterable[ComparisonColumn]`
  (more views beside "You" and "Them" on a rejection's comparison; read by
  `feedback.views.comparison`; sharing's coach ratings);
- `demo_data`: a module with `populate(user, rng, today)` and `clear(user)`
  (read by the `demo_data` management command, after the applications);
- `imported_rows`: `adjust(model, objects, now) -> None`, changes an app's own
  rows from an export file before the import stores them (read by
  `portability.services.data_import`; api brings access tokens in revoked).

Contributions run in the order they are registered, which is the order of
INSTALLED_APPS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


class Contributions:
    """An ordered set of functions that each add rows to one shared page."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._sources: list[Callable[..., Any]] = []

    def register(self, source: Callable[..., Any]) -> Callable[..., Any]:
        # ready() may run more than once (tests, reloads): register once.
        if source not in self._sources:
            self._sources.append(source)
        return source

    def __iter__(self) -> Iterator[Callable[..., Any]]:
        return iter(self._sources)

    def __repr__(self) -> str:
        return f"<Contributions {self.name}: {[s.__module__ for s in self._sources]}>"


@dataclass
class FormHelp:
    """What an app adds to a form page: starting values for the form, and a
    template shown above it (rendered with `help` in its context)."""

    template: str
    initial: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ComparisonCell:
    """One area of a further view: a rating (1-5 or None), a note, and in plain
    words which side it sits closest to ("Agrees with you", or "")."""

    rating: int | None = None
    note: str = ""
    agrees: str = ""


@dataclass
class ComparisonColumn:
    """A further view on a rejection's comparison (a coach's, say): its heading
    and one cell per rubric area key."""

    heading: str
    cells: dict[str, ComparisonCell] = field(default_factory=dict)

    def cell(self, key: str) -> ComparisonCell:
        return self.cells.get(key) or ComparisonCell()


next_actions = Contributions("next actions")
calendar_events = Contributions("calendar events")
timeline_entries = Contributions("timeline entries")
demo_data = Contributions("demo data")
application_form_helps = Contributions("application form helps")
stats_sections = Contributions("stats sections")
rejection_sections = Contributions("rejection page sections")
comparison_columns = Contributions("comparison columns")
imported_rows = Contributions("imported rows")
