"""A provider that cannot be reached, or is set up wrongly, gives a clear Danish answer on
the login page and in the admin, never a 500."""

import pytest
from django.urls import reverse

from samskabelse.sso import client as client_module
from samskabelse.sso.admin import IdentityProviderForm
from samskabelse.sso.models import IdentityProvider
from tests.factories import OrganisationFactory, admin_user, municipality

from .provider.launch import CLIENT_ID, CLIENT_SECRET

pytestmark = pytest.mark.django_db

# Nothing listens on the discard port: the connection is refused at once.
UNREACHABLE = "https://127.0.0.1:9/o"


def _provider(issuer=UNREACHABLE, **fields):
    return IdentityProvider.objects.create(
        slug=fields.pop("slug", "guldborgsund"),
        municipality=fields.pop("municipality", municipality("376")),
        issuer=issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        **fields,
    )


def test_login_page_offers_the_providers_above_the_password_form(client):
    _provider()
    IdentityProvider.objects.create(
        slug="cok",
        organisation=OrganisationFactory(name="COK"),
        issuer=UNREACHABLE,
        client_id="x",
        client_secret="y",
    )
    _provider(slug="slukket", municipality=municipality("101"), enabled=False)

    page = client.get("/accounts/login/").content.decode()

    assert "Log ind med din kommune" in page
    assert page.index("Log ind med din kommune") < page.index('name="password"')
    assert "Guldborgsund Kommune" in page and "COK" in page
    assert "Københavns Kommune" not in page  # its provider is switched off


def test_login_page_without_providers_shows_the_password_form_only(client):
    page = client.get("/accounts/login/").content.decode()

    assert "Log ind med din kommune" not in page
    assert 'name="password"' in page


def test_an_unreachable_issuer_gives_the_danish_error_on_the_login_page(client):
    _provider()

    response = client.post("/accounts/sso/", {"provider": "guldborgsund"})

    assert response.status_code == 503
    page = response.content.decode()
    assert "Vi kan ikke få forbindelse til din organisations log-ind-tjeneste" in page
    assert 'name="password"' in page  # the password form is still there


def test_an_unreachable_issuer_is_not_asked_again_by_every_visitor(client, monkeypatch):
    provider = _provider()
    client.post("/accounts/sso/", {"provider": "guldborgsund"})
    asked = []
    real_get = client_module.requests.get

    def get(url, **kwargs):
        asked.append(url)
        return real_get(url, **kwargs)

    monkeypatch.setattr(client_module.requests, "get", get)

    response = client.post("/accounts/sso/", {"provider": "guldborgsund"})

    assert response.status_code == 503
    assert asked == []
    # The admin's check always asks.
    with pytest.raises(client_module.ProviderUnavailable):
        client_module.fetch_metadata(provider, use_cache=False)
    assert len(asked) == 1


def test_a_provider_whose_discovery_names_another_issuer_is_refused(client, oidc_provider):
    # The same server under another name: its discovery says 127.0.0.1, not localhost.
    _provider(issuer=oidc_provider.issuer.replace("127.0.0.1", "localhost"))

    response = client.post("/accounts/sso/", {"provider": "guldborgsund"})

    assert response.status_code == 502
    assert "ikke sat korrekt op" in response.content.decode()


def test_choosing_no_provider_asks_for_one(client):
    _provider()

    response = client.post("/accounts/sso/", {"provider": ""})

    assert response.status_code == 200
    assert "Vælg din kommune eller organisation." in response.content.decode()


def _form(**data):
    values = {
        "slug": "guldborgsund",
        "municipality": municipality("376").pk,
        "enabled": True,
        "issuer": UNREACHABLE,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid email profile",
        "groups_claim": "groups",
    }
    values.update(data)
    return IdentityProviderForm(data=values)


def test_admin_refuses_a_plain_http_issuer_in_production(settings):
    settings.SSO_ALLOW_HTTP_ISSUER = False

    form = _form(issuer="http://login.guldborgsund.dk/adfs", enabled=False)

    assert not form.is_valid()
    assert form.errors["issuer"] == ["Udsteder-URL'en skal begynde med https://."]


def test_admin_checks_discovery_before_saving_an_enabled_provider():
    form = _form()

    assert not form.is_valid()
    assert "Discovery på https://127.0.0.1:9/o/.well-known/openid-configuration" in str(
        form.errors["issuer"]
    )


def test_admin_saves_a_provider_that_is_switched_off_without_asking_it():
    form = _form(enabled=False)

    assert form.is_valid(), form.errors


def test_admin_saves_a_provider_that_answers_discovery(oidc_provider):
    form = _form(issuer=oidc_provider.issuer)

    assert form.is_valid(), form.errors


def test_admin_needs_one_owner_and_the_openid_scope():
    form = _form(enabled=False, organisation=OrganisationFactory().pk, scopes="email")

    assert not form.is_valid()
    assert "municipality" in form.errors and "scopes" in form.errors


def test_admin_keeps_the_saved_secret_when_the_field_is_left_empty():
    provider = _provider(enabled=False)
    values = {
        "slug": provider.slug,
        "municipality": provider.municipality_id,
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": "",
        "scopes": provider.scopes,
        "groups_claim": "groups",
    }

    form = IdentityProviderForm(data=values, instance=provider)

    assert form.is_valid(), form.errors
    assert form.save().client_secret == CLIENT_SECRET


def test_admin_test_connection_action_reports_the_unreachable_provider(client):
    provider = _provider()
    client.force_login(admin_user())

    response = client.post(
        reverse("admin:sso_identityprovider_changelist"),
        {"action": "test_connection", "_selected_action": [provider.pk]},
        follow=True,
    )

    assert "Vi kan ikke få forbindelse" in response.content.decode()


def test_admin_pages_for_providers_open(client):
    provider = _provider()
    client.force_login(admin_user())

    for url in (
        reverse("admin:sso_identityprovider_changelist"),
        reverse("admin:sso_identityprovider_add"),
        reverse("admin:sso_identityprovider_change", args=[provider.pk]),
        reverse("admin:sso_externalidentity_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_users_admin_page_shows_the_providers_they_sign_in_through(client):
    from samskabelse.sso.models import ExternalIdentity
    from tests.factories import UserFactory

    provider = _provider(enabled=False)
    user = UserFactory()
    ExternalIdentity.objects.create(provider=provider, user=user, issuer="x", subject="sub-42")
    client.force_login(admin_user())

    page = client.get(reverse("admin:samskabelse_user_change", args=[user.pk])).content.decode()

    assert "sub-42" in page
