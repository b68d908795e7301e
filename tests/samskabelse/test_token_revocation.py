"""A token stops working at once when it or its owner changes, although each process keeps
the tokens it found in memory for half a minute: deleted or edited (in the admin or in
code), revoked, or its user deactivated or deleted."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from samskabelse.api import versions
from samskabelse.api.authentication import found_tokens
from samskabelse.models import ApiToken
from tests.factories import admin_user, api_token

pytestmark = pytest.mark.django_db

READ = "/api/v1/municipalities/"


def get_with(api_client, key):
    return api_client.get(READ, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def used_token(api_client):
    """A token that has just been used, so this process keeps it in memory."""
    token, key = api_token(scopes=["read"])
    assert get_with(api_client, key).status_code == 200
    assert found_tokens.get(token.key_hash) is not None
    return token, key


@pytest.fixture
def admin_client(client):
    client.force_login(admin_user())
    return client


def test_a_deleted_token_stops_working_at_once(api_client, used_token):
    token, key = used_token
    token.delete()
    assert get_with(api_client, key).status_code == 401


def test_a_token_given_an_expiry_in_the_past_stops_working_at_once(api_client, used_token):
    token, key = used_token
    token.expires_at = timezone.now() - timedelta(minutes=1)
    token.save()
    assert get_with(api_client, key).status_code == 401


def test_a_deactivated_owner_s_token_stops_working_at_once(api_client, used_token):
    token, key = used_token
    token.user.is_active = False
    token.user.save()
    assert get_with(api_client, key).status_code == 401


def test_a_deleted_owner_s_token_stops_working_at_once(api_client, used_token):
    token, key = used_token
    token.user.delete()
    assert get_with(api_client, key).status_code == 401


def test_logging_in_leaves_the_owner_s_tokens_kept(used_token):
    token, _ = used_token
    version = cache.get(versions.TOKENS)
    token.user.last_login = timezone.now()
    token.user.save(update_fields=["last_login"])
    assert cache.get(versions.TOKENS) == version


def test_a_token_deleted_in_the_admin_stops_working_at_once(api_client, used_token, admin_client):
    token, key = used_token
    response = admin_client.post(f"/admin/samskabelse/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert get_with(api_client, key).status_code == 401


def test_a_token_revoked_with_the_admin_action_stops_working_at_once(
    api_client, used_token, admin_client
):
    token, key = used_token
    response = admin_client.post(
        "/admin/samskabelse/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert get_with(api_client, key).status_code == 401


def test_a_user_deactivated_in_the_admin_loses_their_tokens_at_once(
    api_client, used_token, admin_client
):
    token, key = used_token
    user = token.user
    joined = timezone.localtime(user.date_joined)
    response = admin_client.post(
        f"/admin/samskabelse/user/{user.pk}/change/",
        {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "municipality": user.municipality_id or "",
            "organisation": user.organisation_id or "",
            # is_active left out: the box is unticked
            "date_joined_0": joined.strftime("%Y-%m-%d"),
            "date_joined_1": joined.strftime("%H:%M:%S"),
            # The page's list of single sign-on identities (none here).
            "external_identities-TOTAL_FORMS": "0",
            "external_identities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert not user.is_active
    assert get_with(api_client, key).status_code == 401


def test_a_user_deleted_in_the_admin_loses_their_tokens_at_once(
    api_client, used_token, admin_client
):
    token, key = used_token
    response = admin_client.post(
        f"/admin/samskabelse/user/{token.user.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert get_with(api_client, key).status_code == 401
