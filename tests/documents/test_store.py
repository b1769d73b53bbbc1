"""What was sent or approved is kept: the rendered PDF is a file of the registered
document, with its hash; approved minutes are served from that file, never rendered
anew."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kansli.diary.files import CorruptFileError, blob_path
from kansli.diary.models import Document, Event
from kansli.documents import render, store
from kansli.documents.models import Rendering
from kansli.meetings import actions

from .conftest import approve_all, normalise, pdf_text


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_report_stored_as_a_file_of_its_document(seed_report, registrar):
    rendering = store.store_report(seed_report, acting_user=registrar)
    file = rendering.file
    assert file.document == seed_report.document
    assert file.media_type == "application/pdf"
    assert file.filename == "Tjänsteutlåtande_KS13-250-133.pdf"
    content = store.stored_bytes(rendering)
    assert sha(content) == file.blob.sha256
    assert blob_path(file.blob.sha256).read_bytes() == content
    event = Event.objects.filter(action="add_files", object_id=seed_report.document_id).get()
    assert event.data["files"][0]["sha256"] == file.blob.sha256
    # Nothing changed: stored once.
    assert store.store_report(seed_report, acting_user=registrar) == rendering
    assert seed_report.document.files.filter(media_type="application/pdf").count() == 2


def test_minutes_are_stored_when_approved_only(kf_meeting, registrar):
    meeting, people, _paragraphs = kf_meeting
    with pytest.raises(ValidationError):
        store.store_minutes(meeting, acting_user=registrar)
    assert not Rendering.objects.exists()


def test_approved_minutes_registered_in_the_meetings_case(kf_meeting, registrar):
    meeting, people, paragraphs = kf_meeting
    meeting = approve_all(meeting, people)
    rendering = store.store_minutes(meeting, acting_user=registrar)
    document = rendering.file.document
    first = paragraphs[0].number
    assert document.doc_type == Document.Type.MINUTES
    assert document.direction == Document.Direction.DRAWN_UP
    assert document.description == (f"Protokoll Kommunfullmäktige 2013-12-16 "
                                     f"§§ {first}–{first + 2}")
    assert document.received_date == datetime.date(2013, 12, 18)
    assert document.document_date == datetime.date(2013, 12, 16)
    assert document.case.title == "Sammanträden Kommunfullmäktige 2013"
    assert document.case.classification.code == "1.2.3"
    assert document.case.series.code == "KS"  # KF has no series of its own
    assert store.store_minutes(meeting, acting_user=registrar) == rendering
    # The unique constraint backs the rule up.
    with pytest.raises(IntegrityError), transaction.atomic():
        Rendering.objects.create(kind="minutes", meeting=meeting, file=document.files.get(),
                                 created_at=rendering.created_at)


def test_a_corrected_paragraph_does_not_change_the_served_minutes(kf_meeting, registrar):
    meeting, people, paragraphs = kf_meeting
    meeting = approve_all(meeting, people)
    stored = store.store_minutes(meeting, acting_user=registrar)
    before = store.stored_bytes(stored)
    actions.do_correct_paragraph(paragraphs[0], acting_user=registrar,
                                 reason="Skrivfel i beslutet",
                                 decision="Kommunfullmäktige beslutar att anta avtalet.")
    served, rendering = store.minutes_pdf(meeting, acting_user=registrar)
    assert rendering == stored
    assert served == before
    assert "beslutar att anta avtalet" not in normalise(pdf_text(served))
    # Rendered anew, it would differ: so serving the stored file is what keeps it.
    fresh = render.to_pdf(render.render_minutes(render.load_meeting(meeting.pk)))
    assert fresh != before
    assert Rendering.objects.filter(kind="minutes").count() == 1


def test_approved_minutes_stored_on_first_download(kf_meeting, registrar):
    meeting, people, _paragraphs = kf_meeting
    meeting = approve_all(meeting, people)
    served, rendering = store.minutes_pdf(meeting, acting_user=registrar)
    assert rendering is not None and sha(served) == rendering.file.blob.sha256
    again, same = store.minutes_pdf(meeting)
    assert same == rendering and again == served


def test_draft_minutes_are_rendered_not_stored(kf_meeting, registrar):
    meeting, _people, _paragraphs = kf_meeting
    served, rendering = store.minutes_pdf(meeting, acting_user=registrar)
    assert rendering is None and served.startswith(b"%PDF")
    assert not Rendering.objects.exists()


def test_a_stored_file_altered_on_disk_is_refused(kf_meeting, registrar):
    meeting, people, _paragraphs = kf_meeting
    meeting = approve_all(meeting, people)
    rendering = store.store_minutes(meeting, acting_user=registrar)
    blob_path(rendering.file.blob.sha256).write_bytes(b"%PDF-1.7 altered")
    with pytest.raises(CorruptFileError):
        store.minutes_pdf(meeting)


def test_issue_extract_registers_the_pdf(kf_meeting, registrar):
    meeting, people, paragraphs = kf_meeting
    approve_all(meeting, people)
    ksl = paragraphs[0].recipients.get(party__isnull=False).party
    rendering = store.issue_extract(paragraphs[0], acting_user=registrar, recipients=[ksl],
                                    sent_on=datetime.date(2013, 12, 19))
    document = rendering.file.document
    assert document.case == paragraphs[0].case
    assert document.doc_type == Document.Type.EXTRACT
    assert document.direction == Document.Direction.OUTGOING
    assert document.description == f"Protokollsutdrag {paragraphs[0].citation}"
    content = store.stored_bytes(rendering)
    assert "Rätt utdraget intygar" in normalise(pdf_text(content))
    assert store.stored_extract(paragraphs[0]) == rendering
    event = Event.objects.get(action="register", object_id=document.pk,
                              object_type="document")
    assert event.data["files"][0]["sha256"] == sha(content)


def test_no_extract_of_a_paragraph_not_approved(kf_meeting, registrar):
    _meeting, _people, paragraphs = kf_meeting
    before = Document.objects.count()
    with pytest.raises(ValidationError):
        store.issue_extract(paragraphs[0], acting_user=registrar)
    assert Document.objects.count() == before
    assert not Rendering.objects.exists()


def test_notice_stored_in_the_same_meetings_case(kf_meeting, registrar):
    meeting, people, _paragraphs = kf_meeting
    notice = store.store_notice(meeting, acting_user=registrar)
    assert store.store_notice(meeting, acting_user=registrar) == notice  # unchanged
    meeting = approve_all(meeting, people)
    minutes = store.store_minutes(meeting, acting_user=registrar)
    assert notice.file.document.case == minutes.file.document.case
    assert notice.file.document.description == "Kallelse Kommunfullmäktige 2013-12-16"


def test_meetings_case_needs_a_classification(kf_meeting, registrar, settings):
    settings.KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION = "9.9.9"
    meeting, people, _paragraphs = kf_meeting
    meeting = approve_all(meeting, people)
    with pytest.raises(ValidationError, match="KANSLI_DOCUMENT_MEETINGS_CLASSIFICATION"):
        store.store_minutes(meeting, acting_user=registrar)
    assert not Rendering.objects.exists()


def test_minutes_are_stored_when_the_last_approver_approves(
        kf_meeting, django_capture_on_commit_callbacks):
    """The approval's commit stores the minutes as they are then."""
    meeting, people, _paragraphs = kf_meeting
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting = approve_all(meeting, people)
    assert len(callbacks) == 1
    assert store.stored_minutes(meeting) is not None
