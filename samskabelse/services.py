"""Writes on accounts and shared data."""

from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import outbox
from .models import AnonymisationLog, ApiScope, ApiToken, hash_token_key


def create_api_token(*, user, name, scopes, expires_at=None):
    """Create a token for another system; return (token, key). The key is shown once and
    only its hash is stored, so it cannot be recovered later."""
    unknown = sorted(set(scopes) - set(ApiScope.values))
    if unknown:
        raise ValidationError(
            {"scopes": _("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)}}
        )
    key = ApiToken.generate_key()
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[: ApiToken.KEY_PREFIX_LENGTH],
        key_hash=hash_token_key(key),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, key


def revoke_api_token(*, token):
    """A revoked token stops working at once and stays listed for the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])  # the save tells every process (signals.py)
    return token


def record_anonymisation(*, kind, reason, count, now=None):
    """Log that `count` items of personal data of one kind (AnonymisedData) went, and why
    (AnonymisationReason). Call it inside the transaction that anonymises, so a rolled-back
    anonymisation leaves no entry and a committed one always has its entry. Nothing is
    written for a count of 0: the log answers "what personal data went, and when", and the
    retention job runs every hour, so entries for runs that found nothing would bury the
    real ones; that the job runs is for monitoring to tell, not this log. Returns the entry,
    or None."""
    if not connection.in_atomic_block:
        raise RuntimeError("record_anonymisation must run in the anonymising transaction.")
    if count <= 0:
        return None
    return AnonymisationLog.objects.create(
        kind=kind, reason=reason, count=count, anonymised_at=now or timezone.now()
    )


def queue_email(*, subject, body, to, html_body=None, from_email=None):
    """Send a rendered mail through the outbox once the surrounding transaction commits
    (at once outside a transaction). The outbox row holds the rendered mail, recipient
    included, because nothing else could render it again; done rows are deleted after
    OUTBOX_KEEP_DONE_DAYS days, so the copy does not outlive that."""
    outbox.enqueue(
        "samskabelse.email",
        subject=subject,
        body=body,
        html_body=html_body,
        to=list(to),
        from_email=from_email,
    )


def queue_templated_email(*, template, context, to):
    """Render `<template>_subject.txt`, `.txt` and `.html` now (in the request's language)
    and send through the outbox once the surrounding transaction has committed (see
    queue_email on the rendered copy it keeps for some days)."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    html_body = render_to_string(f"{template}.html", context)
    queue_email(subject=subject, body=body, html_body=html_body, to=to)
