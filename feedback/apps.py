from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"

    def ready(self) -> None:
        from accounts import registry

        from . import calendar_events, demo, next_actions, numbers, timeline

        # The loop's next step for each recent rejection, then access requests.
        registry.next_actions.register(next_actions.collect)
        registry.next_actions.register(next_actions.collect_access_requests)
        # Feedback calls, follow-up dates and access-request deadlines.
        registry.calendar_events.register(calendar_events.events_for)
        # The rejection, reflection, requests and calls on the application's page.
        registry.timeline_entries.register(timeline.entries_for)
        # The loop's own numbers on the stats page.
        registry.stats_sections.register(numbers.stats_section)
        # Rejections at every step of the loop for the demo account.
        registry.demo_data.register(demo)
