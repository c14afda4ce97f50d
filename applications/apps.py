from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"

    def ready(self) -> None:
        from accounts import registry

        from . import next_actions

        # Interviews to prepare for, quiet applications, a quiet spell. The
        # interviews in the calendar feed are the feed's own (calendar.py).
        registry.next_actions.register(next_actions.collect)
