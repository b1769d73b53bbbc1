import pytest

from kansli.diary.actions import NewFile
from tests.conftest import open_case, register


@pytest.fixture
def case(rita, ks, klass):
    return open_case(rita, ks, klass)


@pytest.fixture
def decision(case, rita):
    """Kommunstyrelsen's decision, drawn up, with its PDF."""
    return register(case, rita, "Beslut om överenskommelse", direction="drawn_up",
                    doc_type="decision",
                    files=[NewFile("beslut.pdf", b"%PDF-1.4 beslut", "application/pdf")])


@pytest.fixture
def mail_outbox(settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mailoutbox


@pytest.fixture(autouse=True)
def in_english():
    """Messages are matched by their msgid: these tests do not depend on the catalogue."""
    from django.utils import translation

    with translation.override("en"):
        yield
