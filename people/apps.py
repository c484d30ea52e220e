from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisation")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import history

        connection_created.connect(history.define_trigger_settings)

        history.register_source("people.roles", history.roles)
