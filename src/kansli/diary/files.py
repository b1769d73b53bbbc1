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
    """Tracks files this operation added to the store, to remove them if it fails."""

    def __init__(self):
        self.created: list[Path] = []

    def put(self, chunks) -> tuple[str, int]:
        """Write the chunks to the store; returns (sha256, size)."""
        directory = store_dir()
        directory.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = blob_path(sha)
            if final.exists():
                os.unlink(tmp)
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, final)
                self.created.append(final)
            return sha, size
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def discard(self):
        for path in self.created:
            path.unlink(missing_ok=True)


@contextmanager
def staging():
    """Use around the transaction that records the files: if it fails, the files it
    added are removed, so no stored file is left without its record."""
    stage = Staging()
    try:
        yield stage
    except BaseException:
        stage.discard()
        raise


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
