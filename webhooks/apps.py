from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Endpoint
        from .selectors import forget_listened_event_types

        post_save.connect(forget_listened_event_types, sender=Endpoint)
        post_delete.connect(forget_listened_event_types, sender=Endpoint)
