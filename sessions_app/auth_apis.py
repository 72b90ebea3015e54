"""Accounts: sign-up, log-in, log-out (session + CSRF for the web client) and API tokens."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from interview_project.errors import DomainError
from sessions_app.selectors import user_can_see_all
from sessions_app.services import user_data_delete, user_signup


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    is_staff = serializers.BooleanField()
    is_reviewer = serializers.SerializerMethodField()

    def get_is_reviewer(self, user: object) -> bool:
        return user_can_see_all(user)


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


def _authenticate(request: Request) -> object:
    credentials = CredentialsSerializer(data=request.data)
    credentials.is_valid(raise_exception=True)
    user = authenticate(request._request, **credentials.validated_data)
    if user is None:
        raise DomainError(
            "Wrong username or password.", code="invalid_credentials", status_code=400
        )
    return user


def _enforce_csrf(request: Request) -> None:
    """Log-in and sign-up set a session cookie, so they need CSRF protection even though the
    caller is anonymous (DRF only checks CSRF for already authenticated sessions)."""

    def no_view(request: object) -> None:  # CsrfViewMiddleware needs a view to wrap
        return None

    check = CsrfViewMiddleware(no_view)
    check.process_request(request._request)
    refusal = check.process_view(request._request, None, (), {})
    if refusal is not None:
        raise exceptions.PermissionDenied(f"CSRF failed: {refusal.reason_phrase}")


class AuthThrottle(AnonRateThrottle):
    """Slows password guessing without a cache dependency in tests (uses the default cache)."""

    rate = "30/min"


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        responses=inline_serializer("CsrfOutput", {"csrf_token": serializers.CharField()}),
        summary="Set the CSRF cookie for the web client",
    )
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


class SignupApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

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
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_signup(**data.validated_data)
        login(request._request, user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class LoginApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

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
        summary="Delete my account with all my sessions and recordings",
    )
    def delete(self, request: Request) -> Response:
        user = request.user
        logout(request._request)
        user_data_delete(user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenApi(APIView):
    """API tokens for integrations: exchange credentials for a token, or revoke it."""

    permission_classes = [AllowAny]
    throttle_classes = [AuthThrottle]

    @extend_schema(
        request=CredentialsSerializer,
        responses=inline_serializer("TokenOutput", {"token": serializers.CharField()}),
        summary="Get an API token",
    )
    def post(self, request: Request) -> Response:
        user = _authenticate(request)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None}, summary="Revoke my API token")
    def delete(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise DomainError("Not signed in.", code="not_authenticated", status_code=401)
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
