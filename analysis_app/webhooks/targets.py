"""Which URLs a webhook may call: http(s) only, and by default public addresses only.

Without this check, anyone with an account could make the server POST to itself, to the
cloud's metadata service (169.254.169.254) or to the private network behind it (SSRF).
The host is resolved and every address it resolves to must be public: not private,
loopback, link-local, multicast, reserved, unspecified or shared (carrier-grade NAT); an
IPv4 address mapped into IPv6 is judged as the IPv4 address it is.

The check runs when a webhook is saved and again before every attempt, and the attempt then
connects to the very address that was checked (`Target.address`), so a DNS record that
changes between the check and the connection (DNS rebinding) cannot send it elsewhere.
`allow_private` (WEBHOOK_ALLOW_PRIVATE_TARGETS) lifts the address rule for development and
for tests with receivers on loopback; the scheme rule stays. No Django here.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

Resolver = Callable[[str, int], Sequence[str]]

DEFAULT_PORTS = {"http": 80, "https": 443}


class TargetRefusedError(ValueError):
    """The URL may not be called; the message says why, fit to show the integrator."""


@dataclass(frozen=True)
class Target:
    """Where an attempt goes: the URL's parts and the checked address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str

    @property
    def https(self) -> bool:
        return self.scheme == "https"


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to (A and AAAA), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(address: str) -> str | None:
    """Why an address is not a public one, or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # The most specific name first: 0.0.0.0 and 240.0.0.0/4 are "private" to `ipaddress` too.
    for kind, flagged in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                          ("multicast", ip.is_multicast), ("unspecified", ip.is_unspecified),
                          ("reserved", ip.is_reserved), ("private", ip.is_private)):
        if flagged:
            return f"{address} is a {kind} address"
    if not ip.is_global:
        return f"{address} is not a public address"
    return None


def check_target(url: str, *, allow_private: bool, resolver: Resolver | None = None) -> Target:
    """The URL's target if it may be called, else TargetRefusedError with the reason.

    `resolver` defaults to `resolve` (looked up at each call, so a test can stand in for DNS)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise TargetRefusedError(f"The URL is not valid: {error}.") from error
    if parts.scheme not in DEFAULT_PORTS:
        raise TargetRefusedError("Only http and https URLs can receive webhooks.")
    if not parts.hostname:
        raise TargetRefusedError("The URL has no host.")
    if parts.username is not None or parts.password is not None:
        raise TargetRefusedError("Credentials in the URL are not supported: check the signature "
                            "instead.")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise TargetRefusedError("The URL's host name is not valid.") from error
    port = port or DEFAULT_PORTS[parts.scheme]
    try:
        addresses = list((resolver or resolve)(host, port))
    except (OSError, UnicodeError) as error:
        raise TargetRefusedError(f"The host {host} could not be resolved.") from error
    if not addresses:
        raise TargetRefusedError(f"The host {host} could not be resolved.")
    if not allow_private:
        for address in addresses:
            reason = address_refusal(address)
            if reason:
                raise TargetRefusedError(f"The host {host} resolves to a non-public address "
                                    f"({reason}); webhooks are sent to public addresses only.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=parts.scheme, host=host, port=port, path=path, address=addresses[0])
