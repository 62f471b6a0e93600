"""Files written whole or not at all.

Content is written to a temporary file in the folder it is for, flushed to disk, and
only then given its real name, in one step: a reader finds the whole file or none, and a
writer killed part way leaves only the temporary file, under a dotted name nothing serves
(and that the document store's pruning clears away).
"""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

# Left behind only by a process killed mid-write; never a name Django gives a file.
PARTIAL_PREFIX = ".partial-"


def _umask() -> int:
    # Read once, at start-up: reading it means setting it, which threads would race.
    umask = os.umask(0)
    os.umask(umask)
    return umask


# What a plain open() would have given the file (mkstemp makes it private to its owner).
DEFAULT_MODE = 0o666 & ~_umask()


def partial_file(folder: Path, chunks: Iterable[bytes], mode: int = DEFAULT_MODE) -> Path:
    """The content written whole, on disk, under a temporary name in ``folder``; the
    caller gives it its real name (or removes it)."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=folder, prefix=PARTIAL_PREFIX)
    try:
        with os.fdopen(descriptor, "wb") as output:
            for chunk in chunks:
                output.write(chunk)
            output.flush()
            os.fsync(output.fileno())
        os.chmod(partial, mode)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return Path(partial)


def write_whole(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path``, replacing what was there, so that no reader ever
    finds part of it."""
    partial = partial_file(path.parent, [content])
    try:
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
