"""The pure parts of webhooks: which targets are refused, the signature a receiver checks,
and the backoff's full jitter."""

from __future__ import annotations

import hashlib
import hmac
import random
import re

import pytest

from analysis_app.webhooks.services import retry_delay_s
from analysis_app.webhooks.signing import (
    signature,
    signature_valid,
    signed_headers,
    timestamped_signature,
)
from analysis_app.webhooks.targets import (
    Resolver,
    TargetRefusedError,
    address_refusal,
    check_target,
)


def resolver(*addresses: str) -> Resolver:
    """A stand-in for DNS that answers these addresses for any name."""
    return lambda host, port: list(addresses)


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(address) is None


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("fd00::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"), ("240.0.0.1", "reserved"),
    ("0.0.0.0", "unspecified"), ("100.64.0.1", "not a public"),
])
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    assert kind in (address_refusal(address) or "")


def test_a_name_with_any_private_address_is_refused() -> None:
    with pytest.raises(TargetRefusedError, match=re.escape("10.0.0.7 is a private address")):
        check_target("https://hooks.example.test/in", allow_private=False,
                     resolver=resolver("93.184.216.34", "10.0.0.7"))


def test_the_checked_target_keeps_the_name_path_and_query_and_the_first_address() -> None:
    target = check_target("https://Hooks.Example.test:8443/in?team=7", allow_private=False,
                          resolver=resolver("93.184.216.34", "93.184.216.35"))
    assert (target.scheme, target.host, target.port, target.path, target.address) == (
        "https", "hooks.example.test", 8443, "/in?team=7", "93.184.216.34")


def test_private_targets_pass_when_allowed_but_schemes_never() -> None:
    assert check_target("http://localhost:9/", allow_private=True,
                        resolver=resolver("127.0.0.1")).address == "127.0.0.1"
    with pytest.raises(TargetRefusedError, match="Only http and https"):
        check_target("file:///etc/passwd", allow_private=True, resolver=resolver("127.0.0.1"))


def test_an_unresolvable_host_is_refused() -> None:
    def nxdomain(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(TargetRefusedError, match="could not be resolved"):
        check_target("https://nowhere.invalid/", allow_private=False, resolver=nxdomain)


def test_the_signature_is_an_hmac_of_the_raw_body() -> None:
    body = b'{"id":"d1","event":"ping"}'
    headers = signed_headers(secret="whsec_x", body=body, event="ping", delivery_id="d1",
                             timestamp=1_700_000_000)
    assert headers["X-Webhook-Signature"] == signature("whsec_x", body)
    assert signature_valid("whsec_x", body, headers["X-Webhook-Signature"])
    assert not signature_valid("whsec_x", body + b" ", headers["X-Webhook-Signature"])
    assert not signature_valid("whsec_y", body, headers["X-Webhook-Signature"])
    assert headers["X-Webhook-Signature-Timestamped"] == timestamped_signature(
        "whsec_x", 1_700_000_000, body) != headers["X-Webhook-Signature"]
    # what the README's snippet computes: HMAC-SHA256 of the raw body, in hex
    assert headers["X-Webhook-Signature"] == "sha256=" + hmac.new(
        b"whsec_x", body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize(("attempt", "ceiling"), [(1, 30.0), (2, 60.0), (4, 240.0),
                                                   (9, 3600.0), (30, 3600.0)])
def test_the_backoff_is_exponential_with_full_jitter_and_capped(
        attempt: int, ceiling: float) -> None:
    rng = random.Random(attempt)
    delays = [retry_delay_s(attempt, base_s=30.0, cap_s=3600.0, rng=rng) for _ in range(2000)]
    assert all(0.0 <= delay <= ceiling for delay in delays)
    assert min(delays) < ceiling * 0.05 and max(delays) > ceiling * 0.95, "the whole range"
