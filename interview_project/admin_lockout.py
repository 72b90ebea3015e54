"""django-axes for the admin's log-in only.

Axes counts every failed `authenticate()`, and once a count reaches the limit it flags the
request, and its middleware swaps whatever the view answered for its own lockout page, even
with AXES_ONLY_ADMIN_SITE (that setting only stops it refusing non-admin log-ins beforehand).
The API's log-in has its own guard, the throttles (sessions_app.throttles), which answer in
the API's error shape and lock nobody's account out for half an hour on a stranger's five
wrong guesses; so failures outside the admin are not axes' business.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.http import HttpRequest


class AdminOnlyAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, counting failures of the admin's log-in alone."""

    def user_login_failed(self, sender: Any, credentials: dict[str, Any],
                          request: HttpRequest | None = None, **kwargs: Any) -> None:
        if request is None or not self.is_admin_request(request):
            return
        super().user_login_failed(sender, credentials, request, **kwargs)
