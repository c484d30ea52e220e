from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organisation")

    def ready(self):
        from . import history, privacy

        history.register_source("people.roles", history.roles)
        history.register_source("people.employee", history.employee_changes)
        privacy.register_own()
