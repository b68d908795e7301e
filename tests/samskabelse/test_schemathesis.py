"""The OpenAPI schema tells the truth: schemathesis runs every operation at /api/v1/schema/
with all its checks against a live server holding the demo data, once as an anonymous
client and once with a token carrying every scope (so the writes are exercised), and
finds nothing.

Not part of the default run (it takes minutes): `pytest -m schemathesis` runs it, as
.ci/run does. `SCHEMATHESIS_MAX_EXAMPLES` raises the bound for a deeper look; the seed
keeps a run repeatable. Checks, and the few answers they are told to accept, are in
schemathesis.toml beside this file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from samskabelse.api import throttling
from samskabelse.models import ApiScope
from tests.factories import admin_user, api_token

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db(transaction=True)]

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10")
SEED = "20261202"
TIMEOUT_SECONDS = 600  # per pass; a bound for a hung run, not the expected time


@pytest.fixture
def seeded_server(live_server, settings, monkeypatch):
    settings.DEBUG = True  # seed_demo gives the demo accounts passwords only then
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    settings.DEBUG = False
    # A run sends thousands of requests a minute; the limits have tests of their own.
    unlimited = {"anon": None, "token": None}
    monkeypatch.setattr(throttling.FixedWindowThrottle, "THROTTLE_RATES", unlimited)
    # Endpoints the run registers may point anywhere public: attempts give up quickly.
    settings.WEBHOOK_TIMEOUT = 1
    return live_server


def schemathesis(server, *headers):
    """Run the schemathesis CLI against the live server; its exit code and report."""
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG)),
        *("run", f"{server.url}/api/v1/schema/", "--checks", "all"),
        *("--max-examples", MAX_EXAMPLES, "--seed", SEED, "--generation-database", "none"),
        # One at a time: the live server shares one SQLite connection between its threads.
        *("--workers", "1", "--no-color"),
        *[part for header in headers for part in ("--header", header)],
    ]
    result = subprocess.run(  # noqa: S603 - our own command line
        command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    return result.returncode, result.stdout + result.stderr


def test_the_schema_holds_for_anonymous_clients_and_for_a_token_with_every_scope(
    seeded_server,
):
    # One test, one seeding: a transactional test's flush also empties the data that the
    # migrations load (municipalities, roles), which seed_demo needs.
    _token, key = api_token(user=admin_user(), scopes=ApiScope.values, name="schemathesis")
    anonymous_code, anonymous_report = schemathesis(seeded_server)
    token_code, token_report = schemathesis(seeded_server, f"Authorization: Token {key}")
    assert anonymous_code == 0, anonymous_report
    assert token_code == 0, token_report
