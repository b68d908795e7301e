"""Roles are Django groups. Their names are stable identifiers used in code and migrations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONSULTANT = "konsulent", _("Consultant")
    ORGANISER = "arrangør", _("Organiser")
    NETWORK_COORDINATOR = "netværkskoordinator", _("Network coordinator")
