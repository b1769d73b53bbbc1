"""The API's views are plain functions wrapped by ``api``: token authentication, scopes,
allowed methods, and JSON answers for every failure a client can cause.

Session cookies are never looked at: a request is an integration's by its bearer token
or it is refused, so no CSRF token is needed and none is checked.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .models import Integration

REALM = 'Bearer realm="kansli"'


class ApiError(Exception):
    """A 4xx answer: raise anywhere in a view."""

    def __init__(self, status: int, code: str, message: str, *, fields=None, headers=None,
                 **extra):
        super().__init__(code)
        self.status, self.code, self.message = status, code, str(message)
        self.fields, self.headers, self.extra = fields, headers or {}, extra


def error_response(status: int, code: str, message: str, *, fields=None, headers=None,
                   **extra) -> JsonResponse:
    body = {"code": code, "message": str(message), **extra}
    if fields:
        body["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    response = JsonResponse({"error": body}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def validation_error(exc: ValidationError) -> ApiError:
    """An action's ValidationError as a 400: its field errors by name, others under
    ``__all__``."""
    if hasattr(exc, "error_dict"):
        fields = {name: [m for e in errors for m in e.messages]
                  for name, errors in exc.error_dict.items()}
    else:
        fields = {"__all__": exc.messages}
    return ApiError(400, "validation_failed", _("The input is not valid."), fields=fields)


def bearer_token(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(request, scope: str) -> Integration:
    if not request.META.get("HTTP_AUTHORIZATION"):
        raise ApiError(401, "missing_token",
                       _("The request has no token (Authorization: Bearer …)."),
                       headers={"WWW-Authenticate": REALM})
    token = bearer_token(request)
    integration = Integration.authenticate(token) if token else None
    if integration is None:
        raise ApiError(401, "invalid_token", _("The token is not valid, or it is revoked."),
                       headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
    if not integration.has_scope(scope):
        raise ApiError(403, "insufficient_scope",
                       _("The token lacks the scope %(scope)s.") % {"scope": scope},
                       scope=scope,
                       headers={"WWW-Authenticate":
                                f'{REALM}, error="insufficient_scope", scope="{scope}"'})
    return integration


def require_scope(request, scope: str) -> None:
    """A further scope for part of an operation (secret content, a file)."""
    if not request.integration.has_scope(scope):
        raise ApiError(403, "insufficient_scope",
                       _("The token lacks the scope %(scope)s.") % {"scope": scope},
                       scope=scope,
                       headers={"WWW-Authenticate":
                                f'{REALM}, error="insufficient_scope", scope="{scope}"'})


def api(scopes: dict[str, str | None]):
    """Wrap a view: ``scopes`` maps each allowed method to the scope it needs (None: no
    token needed, for the OpenAPI description)."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                if request.method not in scopes:
                    raise ApiError(405, "method_not_allowed",
                                   _("The method %(method)s is not allowed here.")
                                   % {"method": request.method[:20]},
                                   headers={"Allow": ", ".join(scopes)})
                request.integration = None
                if scopes[request.method]:
                    request.integration = authenticate(request, scopes[request.method])
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return error_response(exc.status, exc.code, exc.message, fields=exc.fields,
                                      headers=exc.headers, **exc.extra)
            except ValidationError as exc:
                exc = validation_error(exc)
                return error_response(exc.status, exc.code, exc.message, fields=exc.fields)
            except Http404:
                return error_response(404, "not_found", _("Not found."))
            except TooManyFieldsSent:
                return error_response(400, "invalid_parameter",
                                      _("The query parameters are not valid."))
            except RequestDataTooBig:
                return error_response(413, "request_too_large", _("The request is too large."))

        return wrapper

    return decorator
