"""Checking what clients send: query parameters and JSON bodies.

JSON types are checked strictly (a number is not a string), unknown names are refused
(a misspelt parameter should fail loudly, not be ignored), and every failure is a
``ApiError`` with the field errors by name. Nothing here touches the database except to
look up what a field names.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .decorators import ApiError

EARLIEST = datetime.date(1000, 1, 1)
LATEST = datetime.date(9998, 12, 31)
# Control characters, and lone surrogates (JSON can carry them; no database stores them).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Errors:
    """Field errors collected while checking one request."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message) -> None:
        self.fields.setdefault(name, []).append(str(message))

    def raise_if_any(self, code: str, message) -> None:
        if self.fields:
            raise ApiError(400, code, message, fields=self.fields)


# Query parameters ---------------------------------------------------------------------


def query(request, allowed: set[str]) -> tuple[dict[str, str], Errors]:
    """The query parameters, each given at most once and free of control characters."""
    errors = Errors()
    values = {}
    for name in request.GET:
        if name not in allowed:
            errors.add(name[:50], _("Unknown parameter."))
            continue
        given = request.GET.getlist(name)
        if len(given) > 1:
            errors.add(name, _("Give the parameter once."))
            continue
        if CONTROL.search(given[0]):
            errors.add(name, _("Control characters are not allowed."))
            continue
        values[name] = given[0].strip()
    return values, errors


def integer(values, errors, name, *, default, minimum, maximum) -> int:
    text = values.get(name)
    if not text:
        return default
    if not re.fullmatch(r"\d{1,12}", text) or not minimum <= int(text) <= maximum:
        errors.add(name, _("Enter a whole number from %(min)d to %(max)d.")
                   % {"min": minimum, "max": maximum})
        return default
    return int(text)


def text(values, errors, name, *, max_length) -> str:
    value = values.get(name, "")
    if len(value) > max_length:
        errors.add(name, _("At most %(max)d characters.") % {"max": max_length})
        return ""
    return value


def moment(values, errors, name) -> datetime.datetime | None:
    """An ISO 8601 date and time (an offset, or local time), or a date (its midnight)."""
    value = values.get(name)
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None and DATE_RE.match(value):
            day = datetime.date.fromisoformat(value)
            parsed = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        parsed = None
    if parsed is None or not EARLIEST.year <= parsed.year <= LATEST.year:
        errors.add(name, _("Enter a date and time as in 2013-06-05T12:00:00+02:00."))
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


# JSON bodies --------------------------------------------------------------------------


def _reject_constant(name):
    raise ValueError(name)


def json_body(request, *, limit: int) -> dict:
    """The request's JSON object. The size is checked before the body is read."""
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "unsupported_media_type",
                       _("Send the body as JSON (Content-Type: application/json)."))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise ApiError(413, "request_too_large", _("The request is too large."))
    # Read the stream itself: request.body would apply DATA_UPLOAD_MAX_MEMORY_SIZE, a
    # limit for forms, not for the files this API takes in JSON.
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise ApiError(413, "request_too_large", _("The request is too large."))
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        # UnicodeDecodeError and JSONDecodeError are ValueErrors; so is an integer of
        # more digits than Python converts.
        raise ApiError(400, "invalid_json", _("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", _("The body must be a JSON object."))
    return data


class Body:
    """Reads the fields of one JSON object, collecting errors under dotted names."""

    def __init__(self, data: dict, errors: Errors, prefix: str = ""):
        self.data, self.errors, self.prefix = data, errors, prefix
        self.seen: set[str] = set()

    def name(self, field: str) -> str:
        return self.prefix + field

    def _get(self, field, required):
        self.seen.add(field)
        value = self.data.get(field)
        if value is None:
            if required:
                self.errors.add(self.name(field), _("This field is required."))
            return None
        return value

    def string(self, field, *, max_length, required=False, choices=None) -> str:
        value = self._get(field, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.errors.add(self.name(field), _("Expected a string."))
            return ""
        value = value.strip()
        if required and not value:
            self.errors.add(self.name(field), _("This field is required."))
        elif len(value) > max_length:
            self.errors.add(self.name(field), _("At most %(max)d characters.")
                            % {"max": max_length})
        elif CONTROL.search(value):
            self.errors.add(self.name(field), _("Control characters are not allowed."))
        elif choices is not None and value not in choices:
            self.errors.add(self.name(field), _("Not one of: %(choices)s.")
                            % {"choices": ", ".join(choices)})
        else:
            return value
        return ""

    def integer(self, field, *, required=False) -> int | None:
        value = self._get(field, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
            self.errors.add(self.name(field), _("Expected a positive integer."))
            return None
        return value

    def date(self, field, *, required=False) -> datetime.date | None:
        value = self._get(field, required)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not DATE_RE.match(value):
                raise ValueError(value)
            day = datetime.date.fromisoformat(value)
            if not EARLIEST <= day <= LATEST:
                raise ValueError(value)
        except ValueError:
            self.errors.add(self.name(field), _("Enter a date from 1000-01-01 to 9998-12-31 "
                                                "as YYYY-MM-DD."))
            return None
        return day

    def email(self, field) -> str:
        value = self.string(field, max_length=254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.errors.add(self.name(field), _("Enter a valid e-mail address."))
                return ""
        return value

    def object(self, field, *, required=False) -> Body | None:
        value = self._get(field, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.errors.add(self.name(field), _("Expected an object."))
            return None
        return Body(value, self.errors, prefix=f"{self.name(field)}.")

    def objects(self, field, *, max_items) -> list[Body]:
        value = self._get(field, False)
        if value is None:
            return []
        if not isinstance(value, list):
            self.errors.add(self.name(field), _("Expected a list."))
            return []
        if len(value) > max_items:
            self.errors.add(self.name(field), _("At most %(count)d items.")
                            % {"count": max_items})
            return []
        out = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.errors.add(f"{self.name(field)}[{index}]", _("Expected an object."))
            else:
                out.append(Body(item, self.errors, prefix=f"{self.name(field)}[{index}]."))
        return out

    def base64(self, field, *, limit, required=True) -> bytes:
        value = self._get(field, required)
        if value is None:
            return b""
        if not isinstance(value, str):
            self.errors.add(self.name(field), _("Expected a string."))
            return b""
        # The decoded size is known before decoding: refuse a huge file without
        # holding it twice.
        if len(value) // 4 * 3 > limit + 3:
            self.errors.add(self.name(field), _("The file is larger than the limit of "
                                                "%(limit)d bytes.") % {"limit": limit})
            return b""
        try:
            content = base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            self.errors.add(self.name(field), _("Not valid base64."))
            return b""
        if not content:
            self.errors.add(self.name(field), _("The file is empty."))
        elif len(content) > limit:
            self.errors.add(self.name(field), _("The file is larger than the limit of "
                                                "%(limit)d bytes.") % {"limit": limit})
        return content

    def finish(self) -> None:
        """Refuse names the operation does not know."""
        for field in self.data:
            if field not in self.seen:
                self.errors.add(self.name(str(field)[:50]), _("Unknown field."))
