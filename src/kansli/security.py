"""Security headers Django does not set itself: a Content-Security-Policy without inline
scripts (or inline styles, or anything from elsewhere), and a Permissions-Policy that
turns off what a records system never uses.

A view may loosen the policy for its own response by setting the header itself —
``allow_inline_styles`` does so for the document previews, whose HTML is the
self-contained page that WeasyPrint turns into the PDF (its CSS must travel with it).
Scripts stay refused everywhere.
"""

from __future__ import annotations

from functools import wraps

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                      "interest-cohort=()")


def policy(**changes: str) -> str:
    return "; ".join(f"{name} {value}" for name, value in {**POLICY, **changes}.items())


CSP = policy()


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def allow_inline_styles(view):
    """The response's policy also allows inline <style> (never scripts)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = policy(
            **{"style-src": "'self' 'unsafe-inline'"})
        return response
    return wrapper
