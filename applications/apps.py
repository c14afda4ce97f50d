from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"

    def ready(self) -> None:
        from .calendar import connect_signals

        connect_signals()
