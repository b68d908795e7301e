"""A token stops working the moment it, or its owner, changes: deleted or edited in the
admin, revoked, or its user deactivated or deleted. Each web process keeps the tokens it
found in memory for half a minute under the tokens' data version
(samskabelse.api.authentication); these receivers move the version on, now and again after
the commit, so every process looks the token up again on its next request."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .api import versions
from .models import ApiToken


def forget_tokens():
    versions.bump(versions.TOKENS)


@receiver([post_save, post_delete], sender=ApiToken, dispatch_uid="forget_changed_api_token")
def forget_changed_token(sender, instance, **kwargs):
    forget_tokens()


@receiver(post_save, sender=get_user_model(), dispatch_uid="forget_tokens_of_changed_user")
def forget_tokens_of_changed_user(sender, instance, update_fields=None, **kwargs):
    """Any change may take rights away (is_active, is_staff, groups); a login only records
    its time, so it is let through without a query."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    forget_tokens()
