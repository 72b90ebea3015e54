"""Signing a webhook body, and checking a signature as a receiver does. No Django here.

`X-Webhook-Signature: sha256=<hex>` is HMAC-SHA256 of the raw body with the endpoint's
secret (GitHub's scheme: a receiver needs nothing but the body and the secret).
`X-Webhook-Timestamp` is when this attempt was sent (Unix seconds) and
`X-Webhook-Signature-Timestamped: sha256=<hex>` signs `"<timestamp>." + body` (Stripe's
scheme), for receivers that also want to refuse an old request replayed: the plain signature
is the same on every retry of a delivery, this one is not.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-Webhook-Signature"
TIMESTAMPED_SIGNATURE_HEADER = "X-Webhook-Signature-Timestamped"
TIMESTAMP_HEADER = "X-Webhook-Timestamp"
EVENT_HEADER = "X-Webhook-Event"
DELIVERY_HEADER = "X-Webhook-Delivery"
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """256 random bits, prefixed so that a leaked one is recognisable in logs and scanners."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature(secret: str, body: bytes) -> str:
    """The `X-Webhook-Signature` value of a body."""
    return f"sha256={_hmac_hex(secret, body)}"


def timestamped_signature(secret: str, timestamp: int, body: bytes) -> str:
    """The `X-Webhook-Signature-Timestamped` value: the timestamp is signed with the body."""
    return f"sha256={_hmac_hex(secret, str(timestamp).encode('ascii') + b'.' + body)}"


def signature_valid(secret: str, body: bytes, header: str) -> bool:
    """What a receiver runs: compare in constant time, on the raw bytes received."""
    return hmac.compare_digest(signature(secret, body), header.strip())


def signed_headers(*, secret: str, body: bytes, event: str, delivery_id: str,
                   timestamp: int) -> dict[str, str]:
    """Every header an attempt carries beside the transport's own."""
    return {
        "Content-Type": "application/json",
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, body),
        TIMESTAMPED_SIGNATURE_HEADER: timestamped_signature(secret, timestamp, body),
    }
