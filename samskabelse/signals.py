"""A token stops working the moment it, or its owner, changes: deleted or edited in the
admin, revoked, or its user deactivated or deleted. The token lookup keeps found tokens in
the shared cache for a minute (samskabelse.api.authentication); these receivers drop the
entries, now and again after the commit, so a request that read the old rows meanwhile
cannot put them back for the rest of the minute."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .api.authentication import token_cache_key
from .models import ApiToken


def forget_tokens(key_hashes):
    keys = [token_cache_key(key_hash) for key_hash in key_hashes]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


@receiver([post_save, post_delete], sender=ApiToken, dispatch_uid="forget_changed_api_token")
def forget_changed_token(sender, instance, **kwargs):
    forget_tokens([instance.key_hash])


@receiver(post_save, sender=get_user_model(), dispatch_uid="forget_tokens_of_changed_user")
def forget_tokens_of_changed_user(sender, instance, update_fields=None, **kwargs):
    """Any change may take rights away (is_active, is_staff, groups); a login only records
    its time, so it is let through without a query."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    forget_tokens(ApiToken.objects.filter(user=instance).values_list("key_hash", flat=True))
