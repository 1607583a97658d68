"""The address of the person at the other end, as the login lockout must see it.

Behind the reverse proxy of docs/operations.md every request comes from the proxy's address, so a
lockout keyed on REMOTE_ADDR would lock everybody out together. The proxy appends the address it
saw to X-Forwarded-For; only a proxy we trust may speak for the client, so the header is read only
when the request comes from one of `settings.TRUSTED_PROXIES`, and then from the right: the first
address that is not itself a trusted proxy is the client. Anything a client writes into the header
on its own sits further left and is never reached.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: str, networks: Iterable[Network]) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or what the trusted proxies say it was."""
    remote = str(request.META.get("REMOTE_ADDR") or "") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if remote is None or not networks or not _trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(forwarded):
        if not hop or _address(hop) is None:
            return remote  # a malformed chain: trust nothing in it
        if not _trusted(hop, networks):
            return hop
    return remote
