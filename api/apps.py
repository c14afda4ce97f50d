from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API and assistant access"

    def ready(self) -> None:
        from accounts import registry

        from . import services

        # Tokens from an export file come in revoked, never usable.
        registry.imported_rows.register(services.tokens_revoke_imported)
