"""doorstep scrutiny_reminders: answers due soon or late, and actions done (run daily)."""

from django.core.management.base import BaseCommand

from doorstep.scrutiny.services import send_reminders


class Command(BaseCommand):
    help = ("Tell service managers of scrutiny answers due within 5 working days or late, "
            "and the panel of recommendations' actions that are done. Each is sent once.")

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Scrutiny notifications sent: {sent}")
