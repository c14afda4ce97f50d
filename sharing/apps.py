from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "sharing"

    def ready(self) -> None:
        from accounts import registry

        from . import comparison, next_actions, rejection_page, services, timeline

        # A coach's comments and suggested questions, to accept or dismiss.
        registry.next_actions.register(next_actions.collect)
        # A coach's ratings and comments on the application's page.
        registry.timeline_entries.register(timeline.entries_for)
        # The coach's column on the person's own comparison page.
        registry.comparison_columns.register(comparison.columns_for)
        # "Share with your coach" on a rejection's page.
        registry.rejection_sections.register(rejection_page.section)
        # Shares from an export file come in closed (a link belongs to the old account).
        registry.imported_rows.register(services.shares_close_imported)
