"""The client address every limit counts by: X-Forwarded-For is read only through the
trusted proxies (NUM_PROXIES), so citizens behind the TLS proxy are counted one by one and
nobody steps around a limit by writing the header themselves."""

import pytest
from django.test import RequestFactory

from samskabelse.api import throttling
from samskabelse.net import client_ip
from tests.projects.test_voices import FORM_URL, SUBMISSIONS_PER_WINDOW, voice_data

PROXY = "10.0.0.2"
CITIZEN = "198.51.100.7"
NEIGHBOUR = "203.0.113.40"


def request_from(remote_addr=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def through_proxy(citizen, forged=None):
    """What gunicorn sees behind one proxy that appends the address it was reached from."""
    forwarded = f"{forged}, {citizen}" if forged else citizen
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def send_voice(client, **headers):
    return client.post(FORM_URL, voice_data(), **headers)


# --- The rule ---------------------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.NUM_PROXIES = 0
    assert client_ip(request_from(forwarded=CITIZEN)) == PROXY


def test_behind_one_proxy_the_rightmost_entry_is_the_client(settings):
    settings.NUM_PROXIES = 1
    assert client_ip(request_from(forwarded=f"192.0.2.66, {CITIZEN}")) == CITIZEN


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.NUM_PROXIES = 2
    forwarded = f"192.0.2.66, {CITIZEN}, 10.0.0.1"
    assert client_ip(request_from(forwarded=forwarded)) == CITIZEN


def test_a_request_that_passed_fewer_hops_takes_the_leftmost_entry(settings):
    settings.NUM_PROXIES = 2
    assert client_ip(request_from(forwarded=CITIZEN)) == CITIZEN


def test_without_the_header_the_connection_address_counts(settings):
    settings.NUM_PROXIES = 1
    assert client_ip(request_from(remote_addr=CITIZEN)) == CITIZEN


@pytest.mark.parametrize("entry", ["unknown", "", "999.1.1.1", "198.51.100.7:4711", "<script>"])
def test_a_malformed_trusted_entry_falls_back_to_the_proxy_address(settings, entry):
    settings.NUM_PROXIES = 1
    assert client_ip(request_from(forwarded=f"{CITIZEN}, {entry}")) == PROXY


def test_ipv6_addresses_are_normalised_so_one_client_has_one_counter(settings):
    settings.NUM_PROXIES = 1
    request = request_from(forwarded="2001:DB8:0:0::1")
    assert client_ip(request) == "2001:db8::1"


def test_no_usable_address_at_all_is_none(settings):
    settings.NUM_PROXIES = 0
    assert client_ip(request_from(remote_addr="")) is None


# --- Public forms -----------------------------------------------------------------------


@pytest.mark.django_db
def test_two_citizens_behind_the_proxy_are_limited_separately(client, settings):
    settings.NUM_PROXIES = 1
    for _ in range(SUBMISSIONS_PER_WINDOW):
        assert send_voice(client, **through_proxy(CITIZEN)).status_code == 302
    assert send_voice(client, **through_proxy(CITIZEN)).status_code == 429

    assert send_voice(client, **through_proxy(NEIGHBOUR)).status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_entry_does_not_step_around_the_form_limit(client, settings):
    settings.NUM_PROXIES = 1
    for number in range(SUBMISSIONS_PER_WINDOW):
        send_voice(client, **through_proxy(CITIZEN, forged=f"192.0.2.{number}"))

    response = send_voice(client, **through_proxy(CITIZEN, forged="192.0.2.200"))

    assert response.status_code == 429


@pytest.mark.django_db
def test_without_trusted_proxies_everyone_behind_one_address_shares_its_limit(client, settings):
    settings.NUM_PROXIES = 0
    for _ in range(SUBMISSIONS_PER_WINDOW):
        send_voice(client, **through_proxy(CITIZEN))

    assert send_voice(client, **through_proxy(NEIGHBOUR)).status_code == 429


# --- The API ----------------------------------------------------------------------------


def api_statuses(api_client, times, **headers):
    return [api_client.get("/api/v1/municipalities/", **headers).status_code for _ in range(times)]


@pytest.fixture
def three_per_minute(monkeypatch):
    monkeypatch.setattr(throttling.AnonThrottle, "THROTTLE_RATES", {"anon": "3/min"})


@pytest.mark.django_db
def test_api_throttle_counts_citizens_behind_the_proxy_separately(
    api_client, settings, three_per_minute
):
    settings.NUM_PROXIES = 1
    assert api_statuses(api_client, 4, **through_proxy(CITIZEN)) == [200, 200, 200, 429]
    assert api_statuses(api_client, 1, **through_proxy(NEIGHBOUR)) == [200]


@pytest.mark.django_db
def test_a_forged_forwarded_entry_does_not_step_around_the_api_throttle(
    api_client, settings, three_per_minute
):
    settings.NUM_PROXIES = 1
    statuses = [
        api_client.get(
            "/api/v1/municipalities/", **through_proxy(CITIZEN, forged=f"192.0.2.{number}")
        ).status_code
        for number in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_api_ignores_the_header_without_trusted_proxies(api_client, settings, three_per_minute):
    settings.NUM_PROXIES = 0
    forged = [{"REMOTE_ADDR": CITIZEN, "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"} for n in range(4)]
    statuses = [
        api_client.get("/api/v1/municipalities/", **headers).status_code for headers in forged
    ]
    assert statuses == [200, 200, 200, 429]
