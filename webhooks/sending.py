"""Where a webhook may go, and sending it there.

An endpoint's address must be http(s) (https unless WEBHOOK_ALLOW_HTTP) and must not lead
into the platform's own network: every address its host name resolves to must be a global
one, so loopback, private, link-local, shared, multicast and reserved ranges are refused.
The check runs when the endpoint is registered and again at every delivery, after a fresh
DNS lookup, and the delivery connects to the very address that was checked (the Host
header and the TLS server name carry the name), so a name that resolves elsewhere a second
later (DNS rebinding) cannot slip through. WEBHOOK_ALLOW_PRIVATE=1 lifts the address rule
for tests and development. Redirects are never followed."""

import ipaddress
import socket
import time
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _


class AddressRefused(Exception):
    """The URL may not receive webhooks; the message says why, in the active language."""


def _is_allowed(address):
    ip = ipaddress.ip_address(address)
    if getattr(ip, "ipv4_mapped", None):  # ::ffff:10.0.0.1 is 10.0.0.1
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def parse(url):
    """(scheme, host, port, path with query) of an address webhooks may use at all."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(_("The address must start with https:// (or http://)."))
    if parts.scheme == "http" and not settings.WEBHOOK_ALLOW_HTTP:
        raise AddressRefused(_("The address must use https; plain http is not allowed here."))
    if parts.username or parts.password:
        raise AddressRefused(_("The address must not contain a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise AddressRefused(_("The address has an invalid port.")) from None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, parts.hostname, port, path


def checked_addresses(host, port):
    """The IP addresses `host` resolves to now, all of them allowed; AddressRefused when
    the name does not resolve or any address is in a refused range."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressRefused(
            _("The host name %(host)s could not be found.") % {"host": host}
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOK_ALLOW_PRIVATE and not all(map(_is_allowed, addresses)):
        raise AddressRefused(
            _(
                "The address leads to a private, local or reserved network; webhooks may "
                "only go to public addresses."
            )
        )
    return addresses


def check_url(url):
    """Refuse an address webhooks may not use (AddressRefused), looking its name up."""
    _scheme, host, port, _path = parse(url)
    checked_addresses(host, port)


def post(url, *, body, headers):
    """POST `body` to `url`, connected to a checked address of its host, within
    WEBHOOK_TIMEOUT seconds; returns (status code, milliseconds). Raises AddressRefused,
    or urllib3's and the socket's errors when the receiver cannot be reached."""
    scheme, host, port, path = parse(url)
    address = checked_addresses(host, port)[0]
    default_port = 443 if scheme == "https" else 80
    named = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
    host_header = named if port == default_port else f"{named}:{port}"
    options = {
        "timeout": urllib3.Timeout(total=settings.WEBHOOK_TIMEOUT),
        "retries": False,  # no redirects (they could lead anywhere), no second try here
        "maxsize": 1,
    }
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=settings.WEBHOOK_CA_FILE or None,  # None: the system's CAs
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **options)
    started = time.monotonic()
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body.encode(),
            headers={**headers, "Host": host_header},
            redirect=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            response.read(64 * 1024)  # the answer is not used; a little is read, then closed
        finally:
            response.release_conn()
    finally:
        pool.close()
    return response.status, round((time.monotonic() - started) * 1000)
