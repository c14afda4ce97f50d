from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from accounts import registry

        from . import calendar_events

        # Every next action (after snoozes) as an all-day reminder in the feed.
        registry.calendar_events.register(calendar_events.events_for)
