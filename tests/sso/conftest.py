"""The real OpenID Connect provider the single sign-on tests sign in at (tests/sso/provider/),
and the browser's part of the flow: follow the redirects, log in at the provider's form.

The provider is django-oauth-toolkit, a dev dependency; without it these tests are skipped
with the reason, unless REQUIRE_OIDC_PROVIDER=1 (as in .ci/run), which fails them."""

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from samskabelse.roles import Role
from samskabelse.sso.models import GroupRoleMapping, IdentityProvider
from tests.factories import OrganisationFactory, municipality

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "samskabelse-test"
CLIENT_SECRET = "provider-test-secret-" + "x" * 20
SLUGS = ["guldborgsund", "cok"]
START_TIMEOUT = 60  # seconds; the provider is usually up in two
TEST_SERVER = "http://testserver"
PASSWORD = "hemmelig"  # every person's password at the provider

# The groups a municipality's directory would hold, and the roles they give here.
CONSULTANTS = "SG-Samskabelse-Konsulenter"
ORGANISERS = "SG-Samskabelse-Arrangoerer"
COORDINATORS = "SG-Samskabelse-Netvaerk"
ROLE_GROUPS = {
    CONSULTANTS: Role.CONSULTANT,
    ORGANISERS: Role.ORGANISER,
    COORDINATORS: Role.NETWORK_COORDINATOR,
}


def _required():
    return os.environ.get("REQUIRE_OIDC_PROVIDER", "").strip().lower() in {"1", "true", "yes"}


class Provider:
    """The running provider: its issuer, and its directory of people the tests edit."""

    def __init__(self, issuer, directory_path):
        self.issuer = issuer
        self.directory_path = directory_path
        self.people = {}

    def add_person(self, username, *, groups=(), email=None, fault=None, password=PASSWORD):
        self.people[username] = {
            "password": password,
            "email": email or f"{username}@guldborgsund.dk",
            "given_name": username.capitalize(),
            "family_name": "Testesen",
            "groups": list(groups),
            "fault": fault,
        }
        self._write()

    def set_groups(self, username, groups):
        self.people[username]["groups"] = list(groups)
        self._write()

    def _write(self):
        temporary = self.directory_path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"people": self.people}), encoding="utf-8")
        os.replace(temporary, self.directory_path)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    if importlib.util.find_spec("oauth2_provider") is None:
        reason = "django-oauth-toolkit is not installed (pip install -e '.[dev]')"
        if _required():
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("oidc_provider")
    directory_path = folder / "directory.json"
    directory_path.write_text(json.dumps({"people": {}}), encoding="utf-8")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        PROVIDER_DB=str(folder / "provider.sqlite3"),
        PROVIDER_DIRECTORY=str(directory_path),
        PROVIDER_RSA_KEY=pem,
        PROVIDER_CLIENT_ID=CLIENT_ID,
        PROVIDER_CLIENT_SECRET=CLIENT_SECRET,
        PROVIDER_REDIRECT_URIS=" ".join(
            f"{TEST_SERVER}/accounts/sso/{slug}/callback/" for slug in SLUGS
        ),
        PYTHONPATH=str(ROOT),
    )
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.provider.serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        try:
            issuer = _wait_until_ready(process, log)
            yield Provider(issuer, directory_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_ready(process, log):
    """The issuer the provider prints once it listens; fails with its log otherwise."""
    ready = []
    reader = threading.Thread(target=lambda: ready.append(process.stdout.readline()))
    reader.start()
    reader.join(START_TIMEOUT)
    line = ready[0] if ready else ""
    if not line.startswith("READY "):
        process.kill()
        log.seek(0)
        pytest.fail(f"The test OpenID provider did not start:\n{line}{log.read()[-3000:]}")
    return line.split()[1]


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
