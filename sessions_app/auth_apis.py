"""Accounts: sign-up, log-in, log-out (session + CSRF for the web client) and API tokens.

API tokens are django-rest-knox's (sessions_app.tokens): hashed at rest, expiring, named,
several per user, each revocable. The endpoints that check a password are throttled per
client address and per username on the shared cache (sessions_app.throttles), whoever calls.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user, login, logout, update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from interview_project.api_views import delete_api, list_api, validated_input
from interview_project.errors import DomainError
from sessions_app import selectors, services
from sessions_app.models import ApiToken
from sessions_app.selectors import Account, signed_in, user_can_see_all
from sessions_app.services import user_signup
from sessions_app.services_privacy import user_data_delete
from sessions_app.throttles import (
    AuthAddressThrottle,
    AuthSignedInUsernameThrottle,
    AuthUsernameThrottle,
)


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    is_staff = serializers.BooleanField()
    is_reviewer = serializers.SerializerMethodField()

    def get_is_reviewer(self, user: Account) -> bool:
        return user_can_see_all(user)


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


def _authenticate(request: Request) -> Account:
    user = authenticate(request._request, **validated_input(CredentialsSerializer, request))
    if not isinstance(user, Account):  # None: no account with these credentials
        raise DomainError(
            "Wrong username or password.", code="invalid_credentials", status_code=400
        )
    return user


def _enforce_csrf(request: Request) -> None:
    """Log-in and sign-up set a session cookie, so they need CSRF protection even though the
    caller is anonymous (DRF only checks CSRF for already authenticated sessions)."""

    def no_view(request: HttpRequest) -> HttpResponse:  # the middleware needs a view to wrap
        return HttpResponse(status=204)

    check = CsrfViewMiddleware(no_view)
    check.process_request(request._request)
    refusal = check.process_view(request._request, no_view, (), {})
    if refusal is not None:
        raise exceptions.PermissionDenied(f"CSRF failed: {refusal.reason_phrase}")


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        responses=inline_serializer("CsrfOutput", {
            "csrf_token": serializers.CharField(),
            "signed_in": serializers.BooleanField(
                help_text="Whether this browser's session cookie signs someone in."),
        }),
        summary="Set the CSRF cookie for the web client",
    )
    def get(self, request: Request) -> Response:
        # `signed_in` lets the web client skip asking /api/auth/me/ for a visitor: that 401
        # is right for the API, but a browser logs every 4xx as an error in the console.
        # Read from the session itself: this view authenticates nobody, so DRF has already
        # set the request's user to anonymous.
        return Response({"csrf_token": get_token(request._request),
                         "signed_in": get_user(request._request).is_authenticated})


class SignupApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthAddressThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.RegexField(r"^[\w.@+-]+$", max_length=150)
        email = serializers.EmailField(required=False, allow_blank=True, default="")
        password = serializers.CharField(max_length=128, style={"input_type": "password"})

    @extend_schema(
        request=InputSerializer,
        responses={201: UserOutputSerializer},
        summary="Create an account and log in",
    )
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        data = validated_input(self.InputSerializer, request)
        user = user_signup(**data)
        login(request._request, user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class LoginApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthAddressThrottle, AuthUsernameThrottle]

    @extend_schema(
        request=CredentialsSerializer,
        responses=UserOutputSerializer,
        summary="Log in with a session cookie",
    )
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        user = _authenticate(request)
        login(request._request, user)
        return Response(UserOutputSerializer(user).data)


class LogoutApi(APIView):
    @extend_schema(request=None, responses={204: None}, summary="Log out")
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    @extend_schema(responses=UserOutputSerializer, summary="The signed-in user")
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(
        request=None,
        responses={204: None},
        summary="Delete my account and every byte of my data",
        description="Recordings with their derived audio, upload chunks, résumés, sessions, "
                    "reports, API tokens, webhooks, ratings and comments I gave as a coach, "
                    "and my log-ins on every device. Irreversible: export first "
                    "(`GET /api/auth/me/export/`).",
    )
    def delete(self, request: Request) -> Response:
        user = signed_in(request.user)
        logout(request._request)
        user_data_delete(user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeApi(APIView):
    """Change my password. It checks a password, so it is throttled like log-in, per address
    and in the same per-username bucket."""

    throttle_classes = [AuthAddressThrottle, AuthSignedInUsernameThrottle]

    class InputSerializer(serializers.Serializer):
        current_password = serializers.CharField(max_length=128,
                                                 style={"input_type": "password"})
        new_password = serializers.CharField(max_length=128, style={"input_type": "password"})

    @extend_schema(
        request=InputSerializer,
        responses={200: inline_serializer("PasswordChangeOutput",
                                          {"tokens_revoked": serializers.IntegerField()})},
        summary="Change my password",
        description="Needs the current password; the new one must pass the same checks as at "
                    "sign-up. This browser stays signed in; log-ins on other devices end and "
                    "every API token is revoked. A wrong current password answers 400 with "
                    "code `wrong_password`.",
    )
    def post(self, request: Request) -> Response:
        data = validated_input(self.InputSerializer, request)
        user = signed_in(request.user)
        revoked = services.user_password_change(user=user, **data)
        if not isinstance(request.auth, ApiToken):
            update_session_auth_hash(request._request, user)
        return Response({"tokens_revoked": revoked})


class ApiTokenSerializer(serializers.Serializer):
    """A token as its owner sees it: never the key, which only its creation answers."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(allow_null=True)


class TokenApi(APIView):
    """API tokens for integrations: exchange credentials for a new token, or revoke the one
    the call is made with."""

    class InputSerializer(CredentialsSerializer):
        name = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                     default="", help_text="What the token is for, e.g. 'CI'.")

    class OutputSerializer(ApiTokenSerializer):
        token = serializers.CharField(help_text="The key: shown this once, stored hashed.")

    def get_permissions(self) -> list[BasePermission]:
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self) -> list[BaseThrottle]:
        # Only the password check is throttled, and for whoever calls: a valid token header
        # of the guesser's own does not lift the limit.
        if self.request.method != "POST":
            return []
        return [AuthAddressThrottle(), AuthUsernameThrottle()]

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer},
        summary="Create an API token (a new one each call; it expires after API_TOKEN_TTL_HOURS)",
    )
    def post(self, request: Request) -> Response:
        data = validated_input(self.InputSerializer, request)
        user = _authenticate(request)
        token, key = services.api_token_create(user=user, name=data["name"])
        body = {**ApiTokenSerializer(token).data, "token": key}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None, responses={204: None},
        summary="Revoke the API token this call is made with (signed in with the session "
                "cookie: all my API tokens)",
    )
    def delete(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            services.api_token_revoke(token=request.auth)
        else:
            services.api_tokens_revoke_all(user=signed_in(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


TokenListApi = list_api(
    lambda request: selectors.api_token_list(user=request.user), ApiTokenSerializer,
    name="TokenListApi", summary="My API tokens, newest first (paginated: ?limit=&offset=)",
)


TokenDeleteApi = delete_api(
    lambda request, token_id: services.api_token_revoke(
        token=selectors.api_token_get(user=request.user, token_id=token_id)),
    name="TokenDeleteApi", summary="Revoke one of my API tokens",
)


class TokenRevokeAllApi(APIView):
    @extend_schema(
        request=None,
        responses=inline_serializer("TokenRevokeAllOutput",
                                    {"revoked": serializers.IntegerField()}),
        summary="Revoke all my API tokens (log every integration out)",
    )
    def post(self, request: Request) -> Response:
        revoked = services.api_tokens_revoke_all(user=signed_in(request.user))
        return Response({"revoked": revoked})
