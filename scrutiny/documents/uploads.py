"""The one door every uploaded PDF goes through: checked, then cleaned, before anyone reads it.

An appendix reaches the site through the officer's form, the admin, a meeting archive or
a site restore; each calls ``clean_pdf`` (or ``clean_pdf_upload``), so a file is either
refused with a sentence saying why, or stored as a rewritten copy that keeps the pages,
their text layer, the structure tree (``/StructTreeRoot``, ``/MarkInfo``), ``/Lang`` and
metadata, and nothing that acts on its own: no JavaScript, no launch, submit, reset or
import actions, no links to anything but the web and e-mail, no embedded files, no XFA.

What a file is is read from its content, never its name. On the way through, each file
is also checked for what makes it unreadable to some (scrutiny/documents/accessibility.py):
those findings do not refuse it, they are kept with it for the officer and the public.
"""

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pikepdf import Array, Dictionary, Name, Stream
from pikepdf.sanitize import Sanitizer
from PIL import Image, UnidentifiedImageError

from scrutiny.documents.accessibility import (
    NOT_CHECKED,
    Accessibility,
    has_no_text_layer,
    is_tagged,
    stated_language,
)
from scrutiny.kernel.text import without_control_characters

logger = logging.getLogger(__name__)

PDF_SIGNATURE = b"%PDF-"
PDF_END = b"%%EOF"
# A PDF may carry a little junk around its header and end marker; readers look within
# the first and last kilobyte.
SIGNATURE_WINDOW = 1024

UNREADABLE = (
    "The file is not a readable PDF: it is damaged, or built in a way this site cannot "
    "check. Save or print it as a new PDF and upload that copy"
)

# Actions that run something, send or fetch data, or open another file. Links within
# the document (GoTo), named actions (next page, print) and web links stay.
UNSAFE_ACTIONS = frozenset(
    Name(name)
    for name in (
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ResetForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/RichMediaExecute",
    )
)
# A link may lead to the web or to an e-mail address; a relative one, or a file: one,
# would open something on the reader's own computer.
SAFE_URI_SCHEMES = ("http://", "https://", "mailto:")
# Annotations whose only point is a file or media player inside the PDF.
UNSAFE_ANNOTATIONS = frozenset(
    Name(name) for name in ("/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound")
)
# Keys that hold triggered actions (page open, field change, document open …) or data
# carried inside the file; none of them is part of what a reader sees.
DROPPED_KEYS = ("/AA", "/JS", "/EF", "/RF", "/XFA", "/NeedsRendering")
# What a page may take from its ancestors in the page tree (PDF 1.7, 7.7.3.4); written
# onto each page when the tree is made flat.
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


@dataclass(frozen=True)
class CleanPdf:
    """An upload that passed: the rewritten file, its page count, its text, and what the
    accessibility checks found."""

    content: bytes
    pages: int
    text: str
    accessibility: Accessibility


def clean_pdf_upload(upload) -> CleanPdf:
    """``clean_pdf`` for a file sent through a form; its size is checked before reading."""
    _check_size(upload.size)
    upload.seek(0)
    try:
        return clean_pdf(upload.read())
    finally:
        upload.seek(0)


def clean_pdf(content: bytes) -> CleanPdf:
    """Check that ``content`` is a PDF the site can take, and return it cleaned.

    Raises ``ValidationError`` with a sentence saying why a file is refused: too large,
    not a PDF, protected by a password, without pages, with more pages than
    ``SCRUTINY_UPLOAD_MAX_PAGES``, or not readable all through.
    """
    _check_size(len(content))
    if (
        PDF_SIGNATURE not in content[:SIGNATURE_WINDOW]
        or PDF_END not in content[-SIGNATURE_WINDOW:]
    ):
        raise ValidationError("The file must be a PDF", code="not_pdf")
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            if pdf.is_encrypted:
                raise _encrypted()
            pages = len(pdf.pages)
            _check_pages(pages)
            _disarm(pdf)
            _flatten_page_tree(pdf)
            tagged, language = is_tagged(pdf), stated_language(pdf)
            output = io.BytesIO()
            pdf.save(output, deterministic_id=True, fix_metadata_version=False)
    except ValidationError:
        raise
    except pikepdf.PasswordError:
        raise _encrypted() from None
    except Exception as error:
        # qpdf refuses what it cannot make sense of (a page tree nested thousands deep,
        # a broken cross-reference beyond repair), and hostile input can trip the
        # cleaning in ways no list of exceptions foresees; the officer needs a sentence.
        logger.info("An upload was refused: %s", error)
        raise ValidationError(UNREADABLE, code="unreadable") from None
    cleaned = output.getvalue()
    texts, without_text = _read_through(cleaned, pages)
    return CleanPdf(
        content=cleaned,
        pages=pages,
        text=storable_text("\n\n".join(texts)),
        accessibility=Accessibility(tagged, language, without_text),
    )


def _check_size(size: int) -> None:
    limit = settings.SCRUTINY_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"The file must be smaller than {limit // (1024 * 1024)} MB", code="too_large"
        )


def _check_pages(pages: int) -> None:
    limit = settings.SCRUTINY_UPLOAD_MAX_PAGES
    if not pages:
        raise ValidationError("The PDF has no pages", code="empty")
    if pages > limit:
        raise ValidationError(
            f"The PDF has {pages:,} pages: an appendix may have at most {limit:,}. "
            "Split it into several appendices",
            code="too_many_pages",
        )


def _encrypted() -> ValidationError:
    return ValidationError(
        "The PDF is protected by a password or encrypted: upload a copy without protection",
        code="encrypted",
    )


def _disarm(pdf: pikepdf.Pdf) -> None:
    """Take out of ``pdf`` everything that acts on its own, and repair what would break.

    pikepdf's own sanitizer clears the document's JavaScript, attachments, media and
    portfolio view from the places a viewer looks; the sweep after it goes through every
    object in the file, so an action or embedded file hung anywhere else goes too.
    """
    _repair_annotations(pdf)
    (
        Sanitizer()
        .remove_javascript()
        .remove_attachments()
        .remove_multimedia()
        .remove_collection()
        .apply(pdf)
    )
    root = pdf.Root
    if "/OpenAction" in root:
        del root["/OpenAction"]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions"):
            if key in names:
                del names[key]
    for holder in _dictionaries(pdf):
        _disarm_dictionary(holder)


def _repair_annotations(pdf: pikepdf.Pdf) -> None:
    """Each page's ``/Annots`` made an array of annotation dictionaries, as readers expect.

    A single annotation given where the array belongs is put in one; anything else that
    is not an annotation is dropped, as are annotations that only carry a file or media.
    """
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        if isinstance(annotations, Dictionary):
            annotations = Array([annotations])
        if not isinstance(annotations, Array):
            del page.obj["/Annots"]
            continue
        kept = [
            annotation
            for annotation in annotations
            if isinstance(annotation, Dictionary)
            and annotation.get("/Subtype") not in UNSAFE_ANNOTATIONS
        ]
        page.obj["/Annots"] = Array(kept)


def _dictionaries(pdf: pikepdf.Pdf) -> Iterator:
    """Every dictionary and stream in the file, indirect or nested in one, each once."""
    for top in [pdf.trailer, *pdf.objects]:
        stack = [top]
        while stack:
            item = stack.pop()
            if isinstance(item, (Dictionary, Stream)):
                yield item
                children = [value for _, value in item.items()]
            elif isinstance(item, Array):
                children = list(item)
            else:
                continue
            # Indirect objects are visited from pdf.objects, once each.
            stack.extend(
                child
                for child in children
                if isinstance(child, (Dictionary, Array)) and not child.is_indirect
            )


def _disarm_dictionary(holder) -> None:
    for key in DROPPED_KEYS:
        if key in holder:
            del holder[key]
    action = holder.get("/A")
    if _unsafe_action(action):
        del holder["/A"]
    chained = holder.get("/Next")
    if isinstance(chained, Array):
        holder["/Next"] = Array(item for item in chained if not _unsafe_action(item))
    elif _unsafe_action(chained):
        del holder["/Next"]


def _unsafe_action(action) -> bool:
    """Whether ``action`` is an action dictionary that must not stay.

    Only a dictionary with a name in ``/S`` is an action: a structure element's ``/A``
    holds its attributes, which are kept.
    """
    if not isinstance(action, (Dictionary, Stream)):
        return False
    kind = action.get("/S")
    if not isinstance(kind, Name):
        return False
    if kind in UNSAFE_ACTIONS:
        return True
    if kind == Name.URI:
        uri = action.get("/URI")
        target = str(uri).strip().lower() if isinstance(uri, pikepdf.String) else ""
        return not target.startswith(SAFE_URI_SCHEMES)
    return False


def _flatten_page_tree(pdf: pikepdf.Pdf) -> None:
    """Hang every page straight from one ``/Pages`` node, carrying what it inherited.

    Readers walk the tree recursively (pypdf gives up past 100 levels), so a deeply
    nested tree that opened here could still break the meeting pack it is merged into.
    """
    pages = [page.obj for page in pdf.pages]
    for page in pages:
        for key in INHERITED:
            if key not in page:
                value = _inherited(page, key)
                if value is not None:
                    page[key] = value
    tree = pdf.make_indirect(Dictionary(Type=Name.Pages, Kids=Array(pages), Count=len(pages)))
    for page in pages:
        page.Parent = tree
    pdf.Root.Pages = tree


def _inherited(page, key: str):
    seen = set()
    node = page.get("/Parent")
    while isinstance(node, Dictionary) and node.objgen not in seen:
        seen.add(node.objgen)
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _read_through(content: bytes, pages: int) -> tuple[list[str], tuple[int, ...]]:
    """The cleaned file's text, page by page, read with the library the meeting pack
    merges it with; and the pages (from 1) that show something but have no text.

    A file that this reader cannot open, or whose pages it cannot list, would break the
    pack, so it is refused here instead.
    """
    try:
        reader = pypdf.PdfReader(io.BytesIO(content))
        if len(reader.pages) != pages:
            raise ValidationError(UNREADABLE, code="unreadable")
        texts, without_text = [], []
        for number, page in enumerate(reader.pages, start=1):
            text = _page_text(page)
            texts.append(text)
            if has_no_text_layer(page, text):
                without_text.append(number)
    except ValidationError:
        raise
    except Exception as error:
        # pypdf raises many kinds of error on hostile input; none may become a 500.
        logger.info("A cleaned upload could not be read back: %s", error)
        raise ValidationError(UNREADABLE, code="unreadable") from None
    return texts, tuple(without_text)


def _page_text(page) -> str:
    try:
        return page.extract_text()
    except Exception as error:
        # A page whose text layer pypdf cannot follow is still a page the pack can
        # merge: its text is left out of what is stored, not the page out of the file.
        logger.info("The text of an uploaded page could not be read: %s", error)
        return ""


def storable_text(text: str) -> str:
    """Text a database column can hold: no control characters (PostgreSQL refuses NUL)
    but tab and newline, and no lone surrogates."""
    return without_control_characters(text).encode("utf-8", "replace").decode("utf-8")


# What a record keeps about its file -----------------------------------------------------


def checked_fields(cleaned: CleanPdf | None = None, *, problem: str = "") -> dict:
    """The values a record with an uploaded file keeps about it (see ``meetings.Appendix``):
    its pages, text and accessibility findings when it passed, or why it did not."""
    if cleaned is None:
        return {
            "page_count": None,
            "text": "",
            "file_is_clean": False,
            "file_problem": problem,
            **NOT_CHECKED,
        }
    return {
        "page_count": cleaned.pages,
        "text": cleaned.text,
        "file_is_clean": True,
        "file_problem": "",
        **cleaned.accessibility.fields(),
    }


def refusal(error: ValidationError) -> str:
    """A refusal as one sentence, for a record's ``file_problem`` or an import's notes."""
    return f"{error.messages[0]}."


def clean_stored_uploads(model, field_name: str = "file") -> list[str]:
    """Put every file already stored for ``model`` through ``clean_pdf``.

    For the data migration and the site restore: records written before the files were
    cleaned, or by another copy of the site. A file that passes is replaced by its
    cleaned copy (under a new name; the old one stays for the history rows that name
    it); one that does not is kept, marked not clean with the reason, so that no
    document merges it and an officer can replace it. Works on a migration's
    historical model too. Returns what was refused, one sentence each.
    """
    field = model._meta.get_field(field_name)
    # A migration's historical model may predate some of the values checked_fields gives.
    columns = {column.name for column in model._meta.concrete_fields}
    problems = []
    for record in model._base_manager.exclude(**{field_name: ""}).order_by("pk").iterator():
        name = getattr(record, field_name).name
        try:
            with default_storage.open(name, "rb") as stored:
                content = stored.read()
            cleaned = clean_pdf(content)
        except OSError:
            values = checked_fields(problem="The file is missing from the uploads folder.")
        except ValidationError as error:
            values = checked_fields(problem=refusal(error))
        else:
            values = checked_fields(cleaned)
            if cleaned.content != content:
                values[field_name] = default_storage.save(
                    field.generate_filename(record, "appendix.pdf"), ContentFile(cleaned.content)
                )
        if not values["file_is_clean"]:
            problems.append(f"{name}: {values['file_problem']}")
        model._base_manager.filter(pk=record.pk).update(
            **{key: value for key, value in values.items() if key in columns}
        )
    return problems


def check_stored_accessibility(model, field_name: str = "file") -> None:
    """Give every clean file already stored for ``model`` its accessibility findings.

    For the migration that added them: only the findings are written, never the file,
    and a file missing from the uploads folder, or one that no longer passes, is left
    unchecked as it was. Works on a migration's historical model too.
    """
    stored = model._base_manager.filter(file_is_clean=True).exclude(**{field_name: ""})
    for record in stored.order_by("pk").iterator():
        try:
            with default_storage.open(getattr(record, field_name).name, "rb") as file:
                cleaned = clean_pdf(file.read())
        except (OSError, ValidationError):
            continue
        model._base_manager.filter(pk=record.pk).update(**cleaned.accessibility.fields())


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A logo is shown small; anything larger is a photograph or a trap for the decoder.
LOGO_MAX_PIXELS = 2000 * 2000
# The most room a logo takes in the header, in CSS pixels.
LOGO_BOX = (240, 40)


def clean_png_upload(upload) -> bytes:
    """The council's logo, through the same door as a PDF: the size checked before it
    is read, the kind read from the content, and what is kept a copy the site wrote
    itself (pixels only: no text chunks, no metadata, nothing else the sender put in).

    Raises ``ValidationError`` with a sentence saying why a file is refused.
    """
    _check_size(upload.size)
    upload.seek(0)
    try:
        content = upload.read()
    finally:
        upload.seek(0)
    if not content.startswith(PNG_SIGNATURE):
        raise ValidationError("The file must be a PNG image", code="not_png")
    try:
        with Image.open(io.BytesIO(content), formats=["PNG"]) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ValidationError(
                    "The image must be at most 2000 by 2000 pixels", code="too_large"
                )
            image.load()
            output = io.BytesIO()
            pixels = image.convert("RGBA")
            # Header-sized, twice over for sharp screens: a logo is shown 40 pixels high.
            pixels.thumbnail((LOGO_BOX[0] * 2, LOGO_BOX[1] * 2))
            pixels.save(output, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "The file is not a readable PNG image: save it again as a PNG and upload that",
            code="unreadable",
        ) from None
    return output.getvalue()


def check_upload_size(size: int) -> None:
    """Refuse a file over the upload size limit, before it is read: every upload, of any
    kind, goes through this one check (a Word report as much as a PDF appendix)."""
    _check_size(size)
