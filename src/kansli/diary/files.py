"""The file store: content kept once by SHA-256 under KANSLI_FILES_DIR.

Paths are derived from the hash only; a user's file name is never part of a path.
Reading checks the hash, so a file altered on disk is refused, not served.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from .models import Blob

CHUNK = 1024 * 1024


class CorruptFileError(Exception):
    """A stored file does not match its recorded hash (or is missing)."""


def store_dir() -> Path:
    return Path(settings.KANSLI_FILES_DIR)


def blob_path(sha256: str) -> Path:
    return store_dir() / sha256[:2] / sha256[2:4] / sha256


class Staging:
    """Puts files into the store for one operation, and takes back what it added if the
    operation fails.

    Used inside the operation's transaction, in two steps per file: ``receive`` streams
    the content to a temporary file and hashes it; then, after the caller has created or
    found the Blob row for that hash (which waits for any other transaction holding the
    same row), ``settle`` moves it into place unless it is there already. On failure the
    files this operation added are removed before its transaction rolls back, while it
    still holds those rows, so no one else can have come to rely on them."""

    def __init__(self):
        self.created: list[Path] = []
        self.pending: list[str] = []

    def receive(self, chunks) -> tuple[str, str, int]:
        """Write the chunks to a temporary file in the store; (temp path, sha256, size)."""
        directory = store_dir()
        directory.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".incoming-")
        self.pending.append(tmp)
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        return tmp, digest.hexdigest(), size

    def settle(self, tmp: str, sha256: str) -> None:
        final = blob_path(sha256)
        if final.exists():
            os.unlink(tmp)
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            self.created.append(final)
        self.pending.remove(tmp)

    def store(self, chunks) -> Blob:
        """Both steps for one file: its Blob row, found or made, with the content in
        place."""
        tmp, sha, size = self.receive(chunks)
        blob, _created = Blob.objects.get_or_create(sha256=sha, defaults={"size": size})
        self.settle(tmp, sha)
        return blob

    def discard(self):
        for tmp in self.pending:
            Path(tmp).unlink(missing_ok=True)
        for path in self.created:
            path.unlink(missing_ok=True)


@contextmanager
def staging():
    """Use inside the transaction that records the files (see Staging)."""
    stage = Staging()
    try:
        yield stage
    except BaseException:
        stage.discard()
        raise


def file_chunks(path: Path):
    """The content of a file on disk, a chunk at a time."""
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


def hash_file(path: Path) -> tuple[str, int]:
    """(SHA-256, size) of a file on disk, read a chunk at a time."""
    digest = hashlib.sha256()
    size = 0
    for chunk in file_chunks(path):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def guess_media_type(filename: str, declared: str = "") -> str:
    guessed, _encoding = mimetypes.guess_type(filename)
    return guessed or declared or "application/octet-stream"


def read_verified(blob: Blob) -> bytes:
    """The content of a blob, after checking its size and hash."""
    path = blob_path(blob.sha256)
    try:
        content = path.read_bytes()
    except FileNotFoundError as exc:
        raise CorruptFileError(f"file {blob.sha256} is missing from the store") from exc
    if len(content) != blob.size or hashlib.sha256(content).hexdigest() != blob.sha256:
        raise CorruptFileError(f"file {blob.sha256} does not match its hash")
    return content


def file_error_page(request, name: str, back_url: str, back_label: str):
    """The page shown instead of a stored file that is missing or altered (409)."""
    from django.shortcuts import render

    return render(request, "diary/file_error.html",
                  {"name": name, "back_url": back_url, "back_label": back_label}, status=409)


def download_response(content: bytes, media_type: str, filename: str, *,
                      private: bool = True):
    """A stored file as a download: never run as a page of this site (a sandboxing
    policy of its own), and not kept by caches unless it is public."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=media_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename or "fil")
    response["Content-Length"] = str(len(content))
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
