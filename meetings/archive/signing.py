"""The signature that vouches for a meeting's archive.

``meeting.json`` holds every record and the SHA-256 digest of every file in the archive,
so an HMAC-SHA256 of its exact bytes, under a key only the exporting site (and the sites
it trusts) hold, covers the whole archive: change an exempt flag or swap an appendix and
the signature no longer matches. Unkeyed digests alone would not do, as whoever edits
the archive can work them out again.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

from .contents import ArchiveError

SIGNATURE_NAME = "signature.txt"
# Separates the key derived from SECRET_KEY from every other use Django makes of it.
_KEY_SALT = "scrutiny.meetings.archive.signing"


def _key() -> bytes:
    if settings.SCRUTINY_ARCHIVE_KEY:
        return settings.SCRUTINY_ARCHIVE_KEY.encode()
    return salted_hmac(_KEY_SALT, "archive key", algorithm="sha256").digest()


def archive_signature(records: bytes) -> str:
    """The hex HMAC-SHA256 of an archive's ``meeting.json`` bytes under the archive key."""
    return hmac.new(_key(), records, hashlib.sha256).hexdigest()


def check_signature(records: bytes, signature: bytes | None) -> None:
    """Raise ``ArchiveError`` unless ``signature`` is the one this site's key gives."""
    if signature is None:
        raise ArchiveError(
            "The archive is not signed, so it cannot be trusted: import only archives "
            "written by export_meeting on a site with the same archive key "
            "(SCRUTINY_ARCHIVE_KEY)."
        )
    if not hmac.compare_digest(signature.strip(), archive_signature(records).encode()):
        raise ArchiveError(
            "The archive's signature does not match: it has been altered since it was "
            "exported, or it was exported by a site with another archive key "
            "(SCRUTINY_ARCHIVE_KEY)."
        )
