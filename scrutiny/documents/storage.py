"""The uploads folder, where a file appears whole or not at all.

Django's own file storage writes straight into the file's final name, so a process
killed half way leaves a fragment that is then served as if it were the file. Here the
content is written whole under a temporary name in the same folder (scrutiny/documents/files.py),
and only then linked under its real name: a reader finds the whole file or none.
"""

import os
from pathlib import Path

from django.core.files.move import file_move_safe
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs

from scrutiny.documents.files import DEFAULT_MODE, partial_file


def _chunks(content):
    if hasattr(content, "temporary_file_path"):
        # A large upload Django already spooled to disk: copied, not moved, so that it
        # too is whole before it has its name.
        with open(content.temporary_file_path(), "rb") as spooled:
            while chunk := spooled.read(1024 * 1024):
                yield chunk
    else:
        for chunk in content.chunks():
            yield chunk if isinstance(chunk, bytes) else chunk.encode()


class WholeFileStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        partial = partial_file(
            Path(directory), _chunks(content), self.file_permissions_mode or DEFAULT_MODE
        )
        try:
            # A link, unlike a rename, never replaces a file already there: two saves
            # under one name both succeed, the second under a name of its own.
            while True:
                try:
                    os.link(partial, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                except OSError:
                    # A file system without hard links: a rename is as atomic, and the
                    # name was checked free by get_available_name.
                    file_move_safe(partial, full_path, allow_overwrite=False)
                    break
                else:
                    break
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
