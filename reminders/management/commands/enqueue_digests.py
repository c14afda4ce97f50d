from django.core.management.base import BaseCommand

from reminders.services import people_due_for_digest
from reminders.tasks import send_digest


class Command(BaseCommand):
    help = (
        "Queue today's reminder digests for people whose chosen time has passed. "
        "Run it every 15 minutes from cron; a worker (manage.py db_worker) sends them."
    )

    def handle(self, *args, **options):
        due = people_due_for_digest()
        for user_id, local_date in due:
            send_digest.enqueue(user_id, local_date.isoformat())
        self.stdout.write(f"Queued {len(due)} digest(s).")
