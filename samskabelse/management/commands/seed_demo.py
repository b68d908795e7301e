from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# In the order of the apps' dependencies; each app's `demo.seed(stdout)` is optional.
DEMO_MODULES = ["samskabelse", "projects", "network", "events"]


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice gives the same database)."

    @transaction.atomic
    def handle(self, *args, **options):
        for app in DEMO_MODULES:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
