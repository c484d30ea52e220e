from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from . import content, history, privacy, signals, team

        content.connect()
        signals.connect()
        team.connect()
        history.register()
        privacy.register()
