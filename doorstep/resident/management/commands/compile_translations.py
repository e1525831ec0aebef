"""``doorstep compile-translations``: turn each doorstep/locale/*/LC_MESSAGES/django.po into
the django.mo Django reads, in Python (polib), so no GNU gettext is needed. Run it after
correcting a translation; a test fails while any .mo is out of step with its .po."""

from pathlib import Path

import polib
from django.core.management.base import BaseCommand

LOCALE = Path(__file__).resolve().parents[3] / "locale"


def compile_catalogues(locale: Path = LOCALE) -> list[Path]:
    written = []
    for po_path in sorted(locale.glob("*/LC_MESSAGES/django.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) without GNU gettext."

    def handle(self, *args, **options):
        for path in compile_catalogues():
            self.stdout.write(f"Wrote {path.relative_to(LOCALE.parent.parent)}")
