"""The uploads folder, where a file appears whole or not at all.

Django's own file storage writes straight into the file's final name, so a process
killed half way leaves a fragment that is then served as if it were the file. Here the
content is written to a temporary name in the same folder, flushed to disk, and only then
linked under its real name: a reader finds the whole file or none.
"""

import os
import tempfile

from django.core.files.move import file_move_safe
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs

# Left behind only by a process killed mid-write; never a name Django gives a file.
PARTIAL_PREFIX = ".partial-"


def _umask() -> int:
    # Read once, at start-up: reading it means setting it, which threads would race.
    umask = os.umask(0)
    os.umask(umask)
    return umask


# What a plain open() would have given the file (mkstemp makes it private to its owner).
DEFAULT_MODE = 0o666 & ~_umask()


class WholeFileStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(dir=directory, prefix=PARTIAL_PREFIX)
        try:
            with os.fdopen(descriptor, "wb") as output:
                if hasattr(content, "temporary_file_path"):
                    # A large upload Django already spooled to disk: copied, not moved,
                    # so that it too is whole before it has its name.
                    with open(content.temporary_file_path(), "rb") as spooled:
                        while chunk := spooled.read(1024 * 1024):
                            output.write(chunk)
                else:
                    for chunk in content.chunks():
                        output.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                output.flush()
                os.fsync(output.fileno())
            os.chmod(partial, self.file_permissions_mode or DEFAULT_MODE)
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
