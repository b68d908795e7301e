from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SamskabelseConfig(AppConfig):
    name = "samskabelse"
    verbose_name = _("Accounts and shared data")

    def ready(self):
        from . import db, signals  # noqa: F401 - connect their receivers
