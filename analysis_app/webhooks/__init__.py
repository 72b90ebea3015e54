"""Webhooks: signed, retried pushes of analysis events to integrators' endpoints.

Like Stripe's and GitHub's: a secret per endpoint, an HMAC-SHA256 of the raw body in
`X-Webhook-Signature`, a delivery id that stays the same on every retry, exponential backoff
with full jitter for a bounded time, a delivery log, and re-sending on request.

The database holds every delivery and attempt (`WebhookDelivery`, `WebhookAttempt`); the
broker only rings. Deliveries are recorded in the transaction that settles the answer and
rung after it commits; a beat task rings whatever is due and was never rung (a lost message,
a retry whose time came), so a Redis restart or a killed worker loses nothing.

- `signing`: the headers and how a receiver checks them (pure).
- `targets`: which URLs may be called (no private, loopback, link-local, multicast or
  reserved addresses unless WEBHOOK_ALLOW_PRIVATE_TARGETS), checked on save and on every send.
- `sender`: one HTTP POST to the address that was checked, with a deadline, no redirects.
- `services` / `selectors` / `apis`: writes, reads and the REST API.
"""
