"""Whether an uploaded PDF can be read by everyone: the three checks made on every upload.

A council publishes its appendices and slides under the Public Sector Bodies (Websites
and Mobile Applications) (No. 2) Accessibility Regulations 2018 (PSBAR 2018), which ask
for WCAG 2.2 AA. Three failures a machine can tell for certain, each checked here:

- **Not tagged**: the catalog has no ``/MarkInfo`` with ``/Marked true`` and a
  ``/StructTreeRoot``. A screen reader then hears one stream of words, with no
  headings, lists or tables (WCAG 1.3.1 Info and relationships).
- **A page with no text layer**: it shows something, but has no text a reader can take
  out of it, as a scan is only a picture of its text. A screen reader finds nothing to
  read there, and the text cannot be enlarged, reflowed or searched (WCAG 1.1.1
  Non-text content, 1.4.5 Images of text). A page that shows nothing (a blank page) is
  not counted.
- **No language**: the catalog has no ``/Lang``, or an empty one, so a screen reader
  reads it in whatever voice it happens to be set to (WCAG 3.1.1 Language of page).

Passing all three does not make a file accessible (reading order, alternative text and
contrast need a person to judge); failing any one makes it inaccessible, which is what
the officer is told before publishing and the public are told beside the file.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Name

# Operators that put something on the page (PDF 1.7, 8.2 table 51): painting a path,
# a shading, an image or form (Do), an inline image (pypdf names it so), or text.
PAINTING_OPERATORS = frozenset(
    {
        b"S",
        b"s",
        b"f",
        b"F",
        b"f*",
        b"B",
        b"B*",
        b"b",
        b"b*",
        b"sh",
        b"Do",
        b"INLINE IMAGE",
        b"Tj",
        b"TJ",
        b"'",
        b'"',
    }
)
EN_DASH = "\u2013"
# RFC 5646 4.4.1: a language tag of up to 35 characters is enough for any real use.
LANGUAGE_MAX_LENGTH = 35

ASK_FOR_TAGS = (
    "Ask the author for a tagged PDF: in Word, File > Save as > PDF, with "
    "“Document structure tags for accessibility” ticked under Options."
)
ASK_FOR_TEXT = "Ask the author for a PDF made from the original document rather than a scan."
ASK_FOR_LANGUAGE = (
    "Ask the author to set the document's language (in Word, Review > Language) "
    "and save it as a PDF again."
)


@dataclass(frozen=True)
class Accessibility:
    """What the checks found in one file."""

    tagged: bool
    language: str
    # Numbered from 1, as a reader counts them.
    pages_without_text: tuple[int, ...]

    def fields(self) -> dict:
        """The values a record keeps (``meetings.models.reports.CheckedFile``)."""
        return {
            "file_is_tagged": self.tagged,
            "file_language": self.language,
            "file_pages_without_text": list(self.pages_without_text),
        }


# A record with no file, or with a file the upload check refused, has not been checked.
NOT_CHECKED = {"file_is_tagged": None, "file_language": "", "file_pages_without_text": []}


# The WCAG 2.2 success criteria the checks can find failed, by number, with their names
# as the guidelines give them: the accessibility statement names each one a file fails.
CRITERIA = {
    "1.1.1": "Non-text content",
    "1.3.1": "Info and relationships",
    "1.4.5": "Images of text",
    "3.1.1": "Language of page",
}
NO_TEXT_LAYER_CRITERIA = ("1.1.1", "1.4.5")
NOT_TAGGED_CRITERIA = ("1.3.1",)
NO_LANGUAGE_CRITERIA = ("3.1.1",)


@dataclass(frozen=True)
class Problem:
    """One failure: as a sentence for anyone, in a few words for a list, what the
    officer asks the author for, and the WCAG 2.2 success criteria it fails (numbers,
    keys of ``CRITERIA``)."""

    text: str
    short: str
    ask: str
    criteria: tuple[str, ...] = ()


def is_tagged(pdf: pikepdf.Pdf) -> bool:
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    marked = isinstance(mark_info, Dictionary) and mark_info.get("/Marked") is True
    return marked and isinstance(root.get("/StructTreeRoot"), Dictionary)


def stated_language(pdf: pikepdf.Pdf) -> str:
    """The catalog's ``/Lang``, or "" when it states none."""
    language = pdf.Root.get("/Lang")
    if not isinstance(language, (pikepdf.String, Name)):
        return ""
    return str(language).strip()[:LANGUAGE_MAX_LENGTH]


def has_no_text_layer(page, text: str) -> bool:
    """Whether a pypdf ``page`` whose extracted text is ``text`` shows something without
    any text a reader can take out of it."""
    if text.strip():
        return False
    try:
        contents = page.get_contents()
        if contents is None:
            return False
        return any(operator in PAINTING_OPERATORS for _, operator in contents.operations)
    except Exception:
        # A page whose drawing cannot be followed gives a screen reader nothing either.
        return True


def problems(
    *, tagged: bool | None, language: str, pages_without_text: Sequence[int], pages: int | None
) -> list[Problem]:
    """What is wrong with a checked file, in the order an author would put it right."""
    found = []
    if pages_without_text:
        found.append(
            Problem(
                _without_text(pages_without_text, pages),
                f"no text layer on {_pages(pages_without_text)}",
                ASK_FOR_TEXT,
                NO_TEXT_LAYER_CRITERIA,
            )
        )
    if tagged is False:
        found.append(
            Problem(
                "It is not tagged, so a screen reader cannot tell its headings, lists and "
                "tables from the rest of the text.",
                "not tagged",
                ASK_FOR_TAGS,
                NOT_TAGGED_CRITERIA,
            )
        )
    if tagged is not None and not language:
        found.append(
            Problem(
                "It does not state its language, so a screen reader may read it in the "
                "wrong voice.",
                "no language stated",
                ASK_FOR_LANGUAGE,
                NO_LANGUAGE_CRITERIA,
            )
        )
    return found


def _without_text(numbers: Sequence[int], pages: int | None) -> str:
    if pages and len(numbers) == pages:
        where = "It has no text layer" if pages == 1 else "None of its pages has a text layer"
    else:
        verb = "has" if len(numbers) == 1 else "have"
        where = f"{_pages(numbers).capitalize()} {verb} no text layer"
    return (
        f"{where}: what is shown is a picture, as a scan is, so a screen reader finds "
        "nothing to read and the words cannot be enlarged or searched."
    )


def _pages(numbers: Sequence[int]) -> str:
    return f"page {numbers[0]}" if len(numbers) == 1 else f"pages {page_list(numbers)}"


def page_list(numbers: Sequence[int]) -> str:
    """Page numbers as a reader writes them: "2, 5\u20137 and 9" (an en dash in a run)."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(first) if first == last else f"{first}{EN_DASH}{last}" for first, last in runs]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
