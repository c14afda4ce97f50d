"""Run daily (cron, systemd timer or a scheduled task):
`python manage.py purge_trash` deletes applications kept in the trash for 30 days."""

from django.core.management.base import BaseCommand

from applications.trash import TRASH_DAYS, trash_purge_expired


class Command(BaseCommand):
    help = f"Delete for good the applications that have been in the trash for {TRASH_DAYS} days."

    def handle(self, *args, **options):
        count = trash_purge_expired()
        self.stdout.write(
            f"Deleted {count} application(s) kept in the trash for {TRASH_DAYS} days."
        )
