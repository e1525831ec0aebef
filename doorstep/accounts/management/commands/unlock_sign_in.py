"""``doorstep unlock_sign_in USERNAME``: lift a sign-in pause at once, from every address."""

from django.core.management.base import BaseCommand

from doorstep.accounts import sign_in


class Command(BaseCommand):
    help = "Lift the pause on signing in for a username (after too many wrong passwords)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="+")

    def handle(self, *args, username, **options):
        for name in username:
            cleared = sign_in.unlock(username=name)
            self.stdout.write(f"{sign_in.username_key(name)}: unlocked "
                              f"({cleared} record(s) of failed attempts cleared)")
