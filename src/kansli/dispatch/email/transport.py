"""The e-mail channel: one message per dispatch, the document's stored files attached,
with the recipient's one-time receipt link. Raises when the server does not accept it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from kansli.diary.files import read_verified


def site_url() -> str:
    return settings.KANSLI_SITE_URL.rstrip("/")


def build_message(dispatch) -> EmailMultiAlternatives:
    from ..actions import receipt_token

    document = dispatch.document
    context = {
        "document": document,
        "case": document.case,
        "recipient": dispatch.recipient,
        "receipt_url": site_url() + reverse("dispatch:receipt", args=[receipt_token(dispatch)]),
    }
    subject = " ".join(render_to_string("dispatch/emails/dispatch-subject.txt", context).split())
    text = render_to_string("dispatch/emails/dispatch-body-text.txt", context)
    html = render_to_string("dispatch/emails/dispatch-body-html.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL,
                                     [dispatch.address],
                                     connection=get_connection(fail_silently=False))
    message.attach_alternative(html, "text/html")
    for file in document.files.select_related("blob").order_by("pk"):
        message.attach(file.filename, read_verified(file.blob), file.media_type)
    return message


def send(dispatch) -> None:
    if build_message(dispatch).send() != 1:
        raise RuntimeError("the mail backend did not send the message")
