from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "capture"
    verbose_name = "Capture"

    def ready(self) -> None:
        from accounts import registry

        from .prefill import posting_form_help

        registry.application_form_helps.register(posting_form_help)
