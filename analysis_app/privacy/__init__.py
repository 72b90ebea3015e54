"""A user's copy of everything the platform holds about them ("export my data").

It lives in analysis_app because the document holds analysis results (reports, coaches'
reviews, webhooks) besides sessions_app's rows, and imports only go that way. Deleting a
user's data and the recordings' retention are sessions_app.services_privacy's: rows of this
app follow the account and its answers by cascade.

- `selectors`: the JSON document and the list of stored files, owner only.
- `export`: the ZIP, assembled in a temporary file from the media storage.
- `apis`: `GET /api/auth/me/export/`, throttled per user.
"""
