import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from people.demo import DEMO_PASSWORD, ROLE_LOGINS

# Each app adds its demo content in its own demo.seed(); lower apps first.
SEEDERS = [
    "people.demo",
    "courses.demo",
    "training.demo",
    "performance.demo",
    "performance.voice.demo",
    "performance.complaints.demo",
    "performance.audits.demo",
    "performance.analytics.demo",
    "performance.reviews.demo",
]


class Command(BaseCommand):
    help = "Load the bilingual demo data (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in SEEDERS:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed()
                self.stdout.write(f"seeded {name}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password {DEMO_PASSWORD}):")
        )
        for email, *_rest, role, _lang in ROLE_LOGINS:
            self.stdout.write(f"  {role:8} {email}")
        self.stdout.write("  admin    admin@demo.local (superuser)")
