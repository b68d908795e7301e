"""Single sign-on against a real OpenID Connect provider on loopback (tests/sso/provider/):
the provider's groups decide our roles, and a token that is not what the provider signed
for this very login signs nobody in."""

from html import escape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url

from samskabelse.roles import Role
from samskabelse.sso.models import ExternalIdentity
from tests.factories import UserFactory, municipality

from .conftest import CONSULTANTS, COORDINATORS, ORGANISERS, sign_in_at_provider

pytestmark = pytest.mark.django_db

User = get_user_model()


def _roles(user):
    return set(user.groups.values_list("name", flat=True))


def _signed_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_first_login_creates_the_user_with_municipality_and_roles(
    client, oidc_provider, guldborgsund_provider
):
    oidc_provider.add_person("karen", groups=[CONSULTANTS, "Alle-medarbejdere"])

    response = sign_in_at_provider(client, guldborgsund_provider, "karen")

    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    user = User.objects.get(email="karen@guldborgsund.dk")
    assert _signed_in_user(client) == user
    assert user.municipality == municipality("376")
    assert user.first_name == "Karen"
    assert user.is_staff
    assert not user.has_usable_password()
    assert _roles(user) == {Role.CONSULTANT}
    identity = ExternalIdentity.objects.get(user=user)
    assert identity.issuer == oidc_provider.issuer
    assert identity.provider == guldborgsund_provider


def test_the_provider_is_asked_for_a_code_with_pkce_a_nonce_and_a_state(
    client, guldborgsund_provider
):
    response = client.post("/accounts/sso/", {"provider": "guldborgsund"})

    url = urlsplit(response.context["authorization_url"])
    query = parse_qs(url.query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["nonce"] and query["state"]
    assert "openid" in query["scope"][0].split()
    assert query["redirect_uri"] == ["http://testserver/accounts/sso/guldborgsund/callback/"]
    # The page goes on to the provider by itself (a redirect would break the CSP's form-action).
    assert (
        f'http-equiv="refresh" content="0; url={escape(response.context["authorization_url"])}"'
        in response.content.decode()
    )


def test_a_providers_login_lasts_a_working_day(client, oidc_provider, guldborgsund_provider):
    oidc_provider.add_person("bo", groups=[CONSULTANTS])

    sign_in_at_provider(client, guldborgsund_provider, "bo")

    assert client.session.get_expiry_age() == settings.SSO_SESSION_SECONDS == 10 * 60 * 60


def test_each_mapped_group_gives_its_role_and_unmapped_groups_give_none(
    client, oidc_provider, guldborgsund_provider
):
    oidc_provider.add_person("ole", groups=[ORGANISERS, COORDINATORS, "Alle-medarbejdere"])

    sign_in_at_provider(client, guldborgsund_provider, "ole")

    user = User.objects.get(email="ole@guldborgsund.dk")
    assert _roles(user) == {Role.ORGANISER, Role.NETWORK_COORDINATOR}


def test_a_group_removed_at_the_provider_loses_its_role_at_the_next_login(
    client, oidc_provider, guldborgsund_provider
):
    oidc_provider.add_person("lise", groups=[CONSULTANTS, ORGANISERS])
    sign_in_at_provider(client, guldborgsund_provider, "lise")
    user = User.objects.get(email="lise@guldborgsund.dk")
    assert _roles(user) == {Role.CONSULTANT, Role.ORGANISER}

    client.logout()
    oidc_provider.set_groups("lise", [CONSULTANTS])
    sign_in_at_provider(client, guldborgsund_provider, "lise")

    assert _roles(user) == {Role.CONSULTANT}
    assert User.objects.filter(email="lise@guldborgsund.dk").count() == 1


def test_a_person_taken_out_of_every_group_is_no_longer_staff(
    client, oidc_provider, guldborgsund_provider
):
    oidc_provider.add_person("jens", groups=[CONSULTANTS])
    sign_in_at_provider(client, guldborgsund_provider, "jens")
    client.logout()
    oidc_provider.set_groups("jens", [])

    sign_in_at_provider(client, guldborgsund_provider, "jens")

    user = User.objects.get(email="jens@guldborgsund.dk")
    assert _roles(user) == set()
    assert not user.is_staff


def test_groups_that_are_not_roles_are_left_alone(client, oidc_provider, guldborgsund_provider):
    from django.contrib.auth.models import Group

    oidc_provider.add_person("tove", groups=[CONSULTANTS])
    sign_in_at_provider(client, guldborgsund_provider, "tove")
    user = User.objects.get(email="tove@guldborgsund.dk")
    user.groups.add(Group.objects.create(name="Redaktion"))
    client.logout()

    sign_in_at_provider(client, guldborgsund_provider, "tove")

    assert _roles(user) == {Role.CONSULTANT, "Redaktion"}


def test_an_organisations_provider_gives_its_staff_the_organisation(
    client, oidc_provider, cok_provider
):
    oidc_provider.add_person("birgit", groups=[ORGANISERS], email="birgit@cok.dk")

    sign_in_at_provider(client, cok_provider, "birgit")

    user = User.objects.get(email="birgit@cok.dk")
    assert user.organisation == cok_provider.organisation
    assert _roles(user) == {Role.ORGANISER}


def test_the_user_is_matched_by_issuer_and_sub_so_a_changed_email_follows_the_person(
    client, oidc_provider, guldborgsund_provider
):
    oidc_provider.add_person("anne", groups=[CONSULTANTS])
    sign_in_at_provider(client, guldborgsund_provider, "anne")
    first = User.objects.get(email="anne@guldborgsund.dk")
    client.logout()

    oidc_provider.add_person("anne", groups=[CONSULTANTS], email="anne.n@guldborgsund.dk")
    sign_in_at_provider(client, guldborgsund_provider, "anne")

    first.refresh_from_db()
    assert first.email == "anne.n@guldborgsund.dk"
    assert _signed_in_user(client) == first


def test_an_existing_password_account_with_the_same_email_is_not_taken_over(
    client, oidc_provider, guldborgsund_provider
):
    existing = UserFactory(email="mads@guldborgsund.dk", is_superuser=True, is_staff=True)
    oidc_provider.add_person("mads", groups=[CONSULTANTS])

    response = sign_in_at_provider(client, guldborgsund_provider, "mads")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert _signed_in_user(client) is None
    assert not ExternalIdentity.objects.filter(user=existing).exists()
    page = client.get("/accounts/login/").content.decode()
    assert "findes allerede en konto" in page


def test_the_owner_signed_in_with_the_password_links_the_account_by_choosing_the_provider(
    client, oidc_provider, guldborgsund_provider
):
    existing = UserFactory(email="mads@guldborgsund.dk")
    oidc_provider.add_person("mads", groups=[ORGANISERS])
    client.force_login(existing)

    sign_in_at_provider(client, guldborgsund_provider, "mads")

    assert ExternalIdentity.objects.get(user=existing).provider == guldborgsund_provider
    client.logout()
    sign_in_at_provider(client, guldborgsund_provider, "mads")
    assert _signed_in_user(client) == existing
    assert _roles(existing) == {Role.ORGANISER}
    assert User.objects.count() == 1


def test_a_colleague_at_a_browser_signed_in_as_someone_else_is_not_linked_to_them(
    client, oidc_provider, guldborgsund_provider
):
    someone_else = UserFactory(email="chef@guldborgsund.dk", is_superuser=True)
    oidc_provider.add_person("kollega", groups=[CONSULTANTS])
    client.force_login(someone_else)

    sign_in_at_provider(client, guldborgsund_provider, "kollega")

    assert not ExternalIdentity.objects.filter(user=someone_else).exists()
    colleague = User.objects.get(email="kollega@guldborgsund.dk")
    assert _signed_in_user(client) == colleague


def test_the_login_goes_on_to_the_page_asked_for(client, oidc_provider, guldborgsund_provider):
    oidc_provider.add_person("pia", groups=[CONSULTANTS])

    response = sign_in_at_provider(client, guldborgsund_provider, "pia", next_url="/cases/")

    assert response["Location"] == "/cases/"


def test_an_id_token_changed_after_signing_is_refused(client, oidc_provider, guldborgsund_provider):
    oidc_provider.add_person("mallory", groups=[CONSULTANTS], fault="tampered_id_token")

    response = sign_in_at_provider(client, guldborgsund_provider, "mallory")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert _signed_in_user(client) is None
    assert not User.objects.filter(email="mallory@guldborgsund.dk").exists()
    page = client.get("/accounts/login/").content.decode()
    assert "Log-ind kunne ikke bekræftes" in page


def test_an_id_token_with_another_nonce_is_refused(client, oidc_provider, guldborgsund_provider):
    oidc_provider.add_person("eve", groups=[CONSULTANTS], fault="wrong_nonce")

    response = sign_in_at_provider(client, guldborgsund_provider, "eve")

    assert response["Location"] == "/accounts/login/"
    assert _signed_in_user(client) is None
    assert not User.objects.filter(email="eve@guldborgsund.dk").exists()


def test_a_callback_without_the_login_started_here_is_refused(
    client, oidc_provider, guldborgsund_provider
):
    """A code and state from someone else's login (login CSRF) do not sign this browser in."""
    oidc_provider.add_person("ib", groups=[CONSULTANTS])
    other_browser = type(client)()
    other_browser.post("/accounts/sso/", {"provider": "guldborgsund"})

    response = client.get("/accounts/sso/guldborgsund/callback/?code=abc&state=forged")

    assert response["Location"] == "/accounts/login/"
    assert _signed_in_user(client) is None


def test_a_login_cancelled_at_the_provider_comes_back_with_a_danish_message(
    client, guldborgsund_provider
):
    started = client.post("/accounts/sso/", {"provider": "guldborgsund"})
    state = parse_qs(urlsplit(started.context["authorization_url"]).query)["state"][0]

    response = client.get(
        f"/accounts/sso/guldborgsund/callback/?error=access_denied&state={state}", follow=True
    )

    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Log-ind kunne ikke bekræftes" in response.content.decode()
    assert _signed_in_user(client) is None


def test_a_deactivated_account_is_refused_even_by_its_provider(
    client, oidc_provider, guldborgsund_provider
):
    oidc_provider.add_person("gitte", groups=[CONSULTANTS])
    sign_in_at_provider(client, guldborgsund_provider, "gitte")
    client.logout()
    User.objects.filter(email="gitte@guldborgsund.dk").update(is_active=False)

    response = sign_in_at_provider(client, guldborgsund_provider, "gitte")

    assert response["Location"] == "/accounts/login/"
    assert _signed_in_user(client) is None
    assert "Din konto her er deaktiveret." in client.get("/accounts/login/").content.decode()
