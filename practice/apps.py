from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"

    def ready(self) -> None:
        from accounts import registry

        from . import demo, effect, next_actions, progress, timeline

        # Questions due, plans in progress, plans for upcoming interviews.
        registry.next_actions.register(next_actions.collect)
        # Plans and mock interviews on the application's page.
        registry.timeline_entries.register(timeline.entries_for)
        # Practice beside interview outcomes on the stats page.
        registry.stats_sections.register(effect.stats_section)
        # How far the plan made from a rejection has come, on its page.
        registry.rejection_sections.register(progress.rejection_section)
        # Plans, stories and practice history for the demo account.
        registry.demo_data.register(demo)
