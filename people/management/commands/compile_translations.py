from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "node_modules", ".git", "staticfiles"}


class Command(BaseCommand):
    help = (
        "Compile every .po file of the project into .mo. Pure Python (polib), so "
        "a fresh machine needs no GNU gettext; Django's compilemessages does."
    )

    def handle(self, *args, **options):
        count = 0
        for po_path in Path(settings.BASE_DIR).rglob("*.po"):
            if SKIP & set(po_path.relative_to(settings.BASE_DIR).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
