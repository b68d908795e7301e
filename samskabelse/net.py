"""The client's address, the one rule every limit counts by (public forms, the API
throttles, login lockouts).

Behind `NUM_PROXIES` trusted reverse proxies, each appends the address it received the
request from to `X-Forwarded-For`, so the Nth entry from the right is the one our
outermost trusted proxy saw: the client. Everything left of it was written by the
client and may be forged. With no trusted proxy the header is ignored altogether."""

import ipaddress

from django.conf import settings


def _address(value):
    """`value` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (AttributeError, ValueError):
        return None


def client_ip(request):
    """The address to count this request by, or None when there is none (a Unix socket
    without a proxy). A malformed trusted entry falls back to `REMOTE_ADDR`: limits then
    count the proxy, stricter than intended but never possible to step around."""
    remote_addr = _address(request.META.get("REMOTE_ADDR", ""))
    hops = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops <= 0 or not forwarded:
        return remote_addr
    entries = forwarded.split(",")
    # Fewer entries than proxies: the request passed fewer hops; the leftmost entry was
    # still written by a trusted proxy (as Django REST framework's NUM_PROXIES reads it).
    return _address(entries[-min(hops, len(entries))]) or remote_addr
