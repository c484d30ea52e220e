from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from people.models import Employee, Store, Team

        from .team import roster_changed

        # The team page caches its store and team filter options per roster
        # generation.
        for model in (Store, Team, Employee):
            for signal in (post_save, post_delete):
                signal.connect(
                    roster_changed,
                    sender=model,
                    dispatch_uid=f"training-team-roster-{signal is post_save}-{model.__name__}",
                )
