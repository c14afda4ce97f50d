from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"

    def ready(self) -> None:
        from accounts import registry

        from . import next_actions, timeline

        # A coach's comments and suggested questions, to accept or dismiss.
        registry.next_actions.register(next_actions.collect)
        # A coach's ratings and comments on the application's page.
        registry.timeline_entries.register(timeline.entries_for)
