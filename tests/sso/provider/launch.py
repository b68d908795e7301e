"""Start the test provider (serve.py) in a process of its own, and edit its directory.

with running_provider(folder, redirect_uris=[...]) as provider:
    provider.add_person("karen", groups=["SG-Samskabelse-Konsulenter"])
    ... provider.issuer ...
"""

import contextlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.processes import stop

ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "samskabelse-test"
CLIENT_SECRET = "provider-test-secret-" + "x" * 20
PASSWORD = "hemmelig"  # every person's password at the provider
START_TIMEOUT = 60  # seconds; the provider is usually up in two


def missing_dependency():
    """Why the provider cannot run here, or None."""
    if importlib.util.find_spec("oauth2_provider") is None:
        return "django-oauth-toolkit is not installed (pip install -e '.[dev]')"
    return None


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


def _private_key_pem():
    """A fresh RSA key for the provider's ID-token signatures, made for this run."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _wait_until_ready(process, log):
    """The issuer the provider prints once it listens; raises with its log otherwise."""
    ready = []
    reader = threading.Thread(target=lambda: ready.append(process.stdout.readline()))
    reader.start()
    reader.join(START_TIMEOUT)
    line = ready[0] if ready else ""
    if not line.startswith("READY "):
        process.kill()
        log.seek(0)
        raise RuntimeError(f"The test OpenID provider did not start:\n{line}{log.read()[-3000:]}")
    return line.split()[1]


@contextlib.contextmanager
def running_provider(folder, *, redirect_uris):
    folder = Path(folder)
    directory_path = folder / "directory.json"
    directory_path.write_text(json.dumps({"people": {}}), encoding="utf-8")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        PROVIDER_DB=str(folder / "provider.sqlite3"),
        PROVIDER_DIRECTORY=str(directory_path),
        PROVIDER_RSA_KEY=_private_key_pem(),
        PROVIDER_CLIENT_ID=CLIENT_ID,
        PROVIDER_CLIENT_SECRET=CLIENT_SECRET,
        PROVIDER_REDIRECT_URIS=" ".join(redirect_uris),
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
            yield Provider(_wait_until_ready(process, log), directory_path)
        finally:
            stop(process)
