"""Zip files the app writes for officers to keep or move: a meeting's archive
(meetings/archive/) and the whole site's backup (site_backup.py)."""

import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import default_storage


@contextmanager
def zip_written_whole(destination: Path) -> Iterator[zipfile.ZipFile]:
    """A zip file to fill in the block, which appears at ``destination`` once the block
    ends, or not at all if it fails: never a half-written archive someone might keep."""
    handle, partial = tempfile.mkstemp(dir=Path(destination).parent, suffix=".partial")
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            yield archive
        os.replace(partial, destination)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def add_uploads(archive: zipfile.ZipFile, names: Iterable[str], folder: str) -> dict[str, str]:
    """Copy the uploaded files into the archive under ``folder``, each read once; their
    SHA-256 digests by name, for the reader to check them by."""
    digests = {}
    for name in names:
        with default_storage.open(name, "rb") as upload:
            content = upload.read()
        digests[name] = hashlib.sha256(content).hexdigest()
        archive.writestr(folder + name, content)
    return digests
