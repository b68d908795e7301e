"""The real OpenID Connect provider the single sign-on tests sign in at (tests/sso/provider/),
and the browser's part of the flow: follow the redirects, log in at the provider's form.

The provider is django-oauth-toolkit, a dev dependency; without it these tests are skipped
with the reason, unless REQUIRE_OIDC_PROVIDER=1 (as in .ci/run), which fails them."""

import html
import os
import re
from urllib.parse import urlsplit

import pytest
import requests

from samskabelse.roles import Role
from samskabelse.sso.models import GroupRoleMapping, IdentityProvider
from tests.factories import OrganisationFactory, municipality

from .provider.launch import (
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    missing_dependency,
    running_provider,
)

SLUGS = ["guldborgsund", "cok"]
TEST_SERVER = "http://testserver"

# The groups a municipality's directory would hold, and the roles they give here.
CONSULTANTS = "SG-Samskabelse-Konsulenter"
ORGANISERS = "SG-Samskabelse-Arrangoerer"
COORDINATORS = "SG-Samskabelse-Netvaerk"
ROLE_GROUPS = {
    CONSULTANTS: Role.CONSULTANT,
    ORGANISERS: Role.ORGANISER,
    COORDINATORS: Role.NETWORK_COORDINATOR,
}


def skip_or_fail_without_the_provider():
    reason = missing_dependency()
    if reason is None:
        return
    if os.environ.get("REQUIRE_OIDC_PROVIDER", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    skip_or_fail_without_the_provider()
    redirect_uris = [f"{TEST_SERVER}/accounts/sso/{slug}/callback/" for slug in SLUGS]
    folder = tmp_path_factory.mktemp("oidc_provider")
    with running_provider(folder, redirect_uris=redirect_uris) as provider:
        yield provider


def _configure(provider, **owner):
    for group, role in ROLE_GROUPS.items():
        GroupRoleMapping.objects.create(provider=provider, group=group, role=role)
    return provider


@pytest.fixture
def guldborgsund_provider(db, oidc_provider):
    """Guldborgsund Kommune's provider, its groups mapped to our three roles."""
    provider = IdentityProvider.objects.create(
        slug="guldborgsund",
        municipality=municipality("376"),
        issuer=oidc_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    return _configure(provider)


@pytest.fixture
def cok_provider(db, oidc_provider):
    """COK's provider (an organisation, not a municipality)."""
    provider = IdentityProvider.objects.create(
        slug="cok",
        organisation=OrganisationFactory(name="COK"),
        issuer=oidc_provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
    return _configure(provider)


_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_NEXT_FIELD = re.compile(r'name="next" value="([^"]*)"')


def sign_in_at_provider(client, provider, username, *, password=PASSWORD, next_url=""):
    """The whole Authorization Code flow as a browser goes through it: choose the provider
    on our login page (Django's test client), go on to the real provider and log in at
    its form (real HTTP), and come back to our callback with the code. The answer is our
    callback's response."""
    response = client.post("/accounts/sso/", {"provider": provider.slug, "next": next_url})
    assert response.status_code == 200, response.content.decode()[:2000]
    location = response.context["authorization_url"]
    browser = requests.Session()
    for _ in range(10):
        if location.startswith(TEST_SERVER):
            break
        answer = browser.get(location, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "csrfmiddlewaretoken" in answer.text:
            answer = browser.post(
                answer.url,
                data={
                    "csrfmiddlewaretoken": _CSRF_FIELD.search(answer.text).group(1),
                    "username": username,
                    "password": password,
                    "next": html.unescape(_NEXT_FIELD.search(answer.text).group(1)),
                },
                headers={"Referer": answer.url},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code in (301, 302), (answer.status_code, answer.text[:2000])
        location = requests.compat.urljoin(answer.url, answer.headers["Location"])
    else:
        pytest.fail(f"The provider never sent the browser back: {location}")
    callback = urlsplit(location)
    return client.get(f"{callback.path}?{callback.query}")
