"""Checks on uploaded files: what a file is is read from its content, never its name."""

import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf.errors import PdfReadError

PDF_SIGNATURE = b"%PDF-"
PDF_END = b"%%EOF"
# A PDF may carry a little junk around its header and end marker; readers look within
# the first and last kilobyte.
SIGNATURE_WINDOW = 1024


def validate_pdf_upload(upload) -> None:
    limit = settings.SCRUTINY_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file must be smaller than {limit // (1024 * 1024)} MB", code="too_large"
        )
    upload.seek(0)
    head = upload.read(SIGNATURE_WINDOW)
    upload.seek(max(upload.size - SIGNATURE_WINDOW, 0))
    tail = upload.read(SIGNATURE_WINDOW)
    upload.seek(0)
    if PDF_SIGNATURE not in head or PDF_END not in tail:
        raise ValidationError("The file must be a PDF", code="not_pdf")
    # It is merged into the meeting pack, so it must also open and have pages.
    try:
        reader = pypdf.PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                "The PDF is protected by a password: upload a copy without one",
                code="encrypted",
            )
        if not reader.pages:
            raise ValidationError("The PDF has no pages", code="empty")
    except PdfReadError as error:
        raise ValidationError("The file is not a readable PDF", code="unreadable") from error
    finally:
        upload.seek(0)
