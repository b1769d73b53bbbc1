"""Files are stored by SHA-256 with size and media type; the hash is checked on read."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from kansli.diary import actions, files
from kansli.diary.models import Blob, DocumentFile


@pytest.fixture
def case(ks, klass, rita):
    return actions.do_open_case(ks, acting_user=rita, title="Skrivelse", classification=klass)


def register(case, user, *new_files):
    return actions.do_register_document(
        case, acting_user=user, direction="incoming", doc_type="letter",
        description="Skrivelse", received_date=datetime.date(2024, 1, 2), files=new_files)


def test_a_file_is_stored_under_its_hash_with_size_and_media_type(case, rita, file_store):
    content = b"%PDF-1.7 en skrivelse"
    document = register(case, rita, actions.NewFile("skrivelse.pdf", content))
    stored = document.files.get()
    digest = hashlib.sha256(content).hexdigest()
    assert stored.blob.sha256 == digest and stored.blob.size == len(content)
    assert stored.media_type == "application/pdf"
    assert (file_store / digest[:2] / digest[2:4] / digest).read_bytes() == content
    assert files.read_verified(stored.blob) == content


def test_the_same_content_is_stored_once(case, rita):
    register(case, rita, actions.NewFile("a.txt", b"samma"))
    register(case, rita, actions.NewFile("b.txt", b"samma"))
    assert Blob.objects.count() == 1
    assert DocumentFile.objects.count() == 2


def test_a_file_altered_on_disk_is_refused_when_read(case, rita):
    document = register(case, rita, actions.NewFile("a.txt", b"original"))
    blob = document.files.get().blob
    files.blob_path(blob.sha256).write_bytes(b"tampered")
    with pytest.raises(files.CorruptFileError):
        files.read_verified(blob)


def test_a_missing_file_is_reported(case, rita):
    document = register(case, rita, actions.NewFile("a.txt", b"original"))
    blob = document.files.get().blob
    files.blob_path(blob.sha256).unlink()
    with pytest.raises(files.CorruptFileError):
        files.read_verified(blob)


def test_an_empty_file_is_refused(case, rita, file_store):
    with pytest.raises(ValidationError):
        register(case, rita, actions.NewFile("tom.txt", b""))
    assert not DocumentFile.objects.exists()


def test_a_file_over_the_limit_is_refused_and_nothing_is_left(case, rita, settings, file_store):
    settings.KANSLI_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError):
        register(case, rita, actions.NewFile("ok.txt", b"liten"),
                 actions.NewFile("stor.txt", b"x" * 11))
    assert not Blob.objects.exists()
    assert [p for p in file_store.rglob("*") if p.is_file()] == []


def test_the_file_name_is_never_a_path(case, rita, file_store):
    document = register(case, rita, actions.NewFile("../../etc/passwd", b"root"))
    stored = document.files.get()
    assert stored.filename == "passwd"
    assert not (file_store.parent / "etc").exists()
    document = register(case, rita, actions.NewFile("C:\\Users\\x\\brev.docx", b"doc"))
    assert document.files.get().filename == "brev.docx"


def test_files_are_added_later_with_a_journal_event(case, rita):
    document = register(case, rita)
    actions.do_add_files(document, acting_user=rita, files=[actions.NewFile("scan.pdf", b"%PDF")])
    assert document.files.count() == 1
    from kansli.diary.models import Event

    assert Event.objects.filter(action="add_files").count() == 1
