"""Zip files the app writes for officers to keep or move, a meeting's archive
(meetings/archive/) and the whole site's backup (site_backup.py), and reads back.

What comes back may have been made or altered by anyone, so it is read by
``ZipReader``, which trusts nothing a zip file says about itself.
"""

import hashlib
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

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


# Read a member in pieces this large: never all of a member at once before it is counted.
CHUNK_BYTES = 1024 * 1024

# What a damaged member raises while it is read: a wrong check sum, compressed data cut
# short or corrupt, a header that is not one, an encrypted or unknown kind of compression.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError)


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):,.1f} MB"


class ZipReader:
    """A zip file handed in from outside, read without trusting what it says of itself.

    A member is refused when its header declares more than the caller's limit, and its
    reading stops as soon as it has given more than the limit, whatever the header says:
    a 309 KB zip that under-declared its sizes once took 714 MB to read. Every failure is
    raised as ``error`` (the caller's own exception) with a sentence naming ``noun``
    ("archive", "backup") and the member.
    """

    def __init__(self, source: Path, *, error: type[Exception], noun: str):
        self.error, self.noun = error, noun
        try:
            self.zip = zipfile.ZipFile(source)
        except zipfile.BadZipFile:
            raise error(
                f"The {noun} cannot be opened: it is not a zip file, or it has been cut short."
            ) from None
        except OSError as failure:
            raise error(f"The {noun} cannot be opened: {failure.strerror or failure}.") from None

    def __enter__(self) -> "ZipReader":
        return self

    def __exit__(self, *exc_info) -> None:
        self.zip.close()

    def has(self, name: str) -> bool:
        return name in self.zip.NameToInfo

    def chunks(self, name: str, *, limit: int) -> Iterator[bytes]:
        """The member's bytes in pieces, refused past ``limit`` bytes."""
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            raise self.error(f"The {self.noun} has no {name}.") from None
        if info.file_size > limit:
            raise self._too_large(name, limit)
        given = 0
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(CHUNK_BYTES):
                    given += len(chunk)
                    if given > limit:
                        raise self._too_large(name, limit)
                    yield chunk
        except _DAMAGED:
            raise self.error(
                f"The {self.noun}'s {name} cannot be read: the {self.noun} is damaged "
                "or has been altered."
            ) from None

    def read(self, name: str, *, limit: int) -> bytes:
        return b"".join(self.chunks(name, limit=limit))

    def copy(self, name: str, destination: BinaryIO, *, limit: int) -> str:
        """Write the member to ``destination``; its SHA-256 digest, worked out on the way."""
        digest = hashlib.sha256()
        for chunk in self.chunks(name, limit=limit):
            digest.update(chunk)
            destination.write(chunk)
        return digest.hexdigest()

    def _too_large(self, name: str, limit: int) -> Exception:
        return self.error(
            f"The {self.noun}'s {name} is larger than the {_size(limit)} "
            f"this app reads for it, so it was not read."
        )
