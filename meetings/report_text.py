"""A whole report, pasted as text or uploaded as a Word file, read into sections and
numbered paragraphs the way ReportSection and ReportParagraph hold them.

Both ways go through the same steps: the source is read into a list of ``Line``s (a
section heading, a numbered paragraph, a bullet, a table row, or plain text that carries
on the paragraph before), and ``assemble`` builds the report from those. So a document
and the same text pasted become the same sections and paragraphs.

What a line is, in pasted text (and in a Word paragraph without automatic numbering):
"1 Summary" or "1. Summary" starts a section; "1.1", "1.1." or "1.1)" starts a numbered
paragraph; a line starting "-", "•", an en dash, "*", "·" or "o" is a bullet, kept in its
paragraph as a "- " line (scrutiny/kernel/markup.py); a line with tabs between words is
a table row, its cells joined by a spaced en dash. Numbers typed in the text only say where a
section or paragraph starts: the report numbers them by their order, as every other way
of adding them does.

In a Word file, a Heading 1 paragraph is a section; automatic multilevel numbering (on
the paragraph or its style) at level 0 is a section and at level 1 a paragraph, and a
bulleted list level is a bullet; each table row is a paragraph. A Word file is a zip of
XML parts: its members are checked before any is read, and it is read in a child process
with time and memory limits (scrutiny/documents/limits.py), so a hostile file costs a
refusal, never the app.
"""

import io
import logging
import re
import stat
import zipfile
from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError

from scrutiny.kernel.text import without_control_characters

logger = logging.getLogger(__name__)

# What a report may hold, from the model's limits and a generous real report's size.
MAX_TEXT_CHARACTERS = 400_000
MAX_SECTIONS = 99
MAX_PARAGRAPHS = 999
SECTION_TITLE_LENGTH = 200

# What a Word file may be, checked on its zip directory before anything is unpacked.
DOCX_MAX_MEMBERS = 500
DOCX_MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
# Text XML compresses about ten to one; a member packed a hundred to one is a bomb.
DOCX_MAX_RATIO = 100
DOCX_SECONDS = 20
DOCX_MEMORY_BYTES = 512 * 1024 * 1024
DOCX_REQUIRED = ("[Content_Types].xml", "word/document.xml")

NOT_DOCX = (
    "The file must be a Word document (.docx). Save it from Word as a .docx file, or copy "
    "its text into the box instead"
)
UNREADABLE_DOCX = (
    "The Word document could not be read: it is damaged, protected by a password, or "
    "built in a way this site cannot check. Save it from Word as a new .docx file, or "
    "copy its text into the box instead"
)

# Spaces a word processor puts in copied text: no-break, narrow and figure spaces, and
# the zero-width ones, which would stop a number being seen at the start of a line.
_SPACES = {
    ord("\u00a0"): " ",
    ord("\u2007"): " ",
    ord("\u202f"): " ",
    ord("\u200b"): None,
    ord("\ufeff"): None,
}
SECTION = re.compile(r"^(\d{1,2})[.)]?\s+(\S.*)$")
PARAGRAPH = re.compile(r"^(\d{1,2})\.(\d{1,3})[.)]?(?:\s+(.*))?$")
# "-", "*" and "o" only with a space after them: "*emphasis*" and "-5" are words.
BULLET = re.compile(r"^(?:[-*o]\s+|[\u2022\u2013\u2014\u00b7\u25aa\u25cf\uf0b7]\s*)(.*)$")
CELL_SEPARATOR = " \u2013 "

Kind = Literal["section", "paragraph", "bullet", "text", "row"]


@dataclass(frozen=True)
class Line:
    """One line of the source, as what it starts or continues.

    ``new_block`` marks text that was its own paragraph in the source (after a blank line
    in pasted text, or a Word paragraph of its own): it goes on a line of its own.
    """

    kind: Kind
    text: str
    new_block: bool = False
    # A typed number: the section's ("2 Risk" → 2), or the section a paragraph's number
    # names ("2.3" → 2). None for Word's automatic numbering, which has no doubt in it.
    number: int | None = None
    # The line as typed, for a number that turns out to be the start of a sentence.
    source: str = ""


@dataclass
class ParsedSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ParsedReport:
    """The sections in order, each with its paragraphs' text; ``left_out`` is the text
    before the first section heading (a title, the author's name), shown, not saved."""

    sections: list[ParsedSection]
    left_out: list[str]

    @property
    def paragraph_count(self) -> int:
        return sum(len(section.paragraphs) for section in self.sections)


def clean_line(text: str) -> str:
    """A line as a word processor's copy gives it, made plain: odd spaces made spaces,
    control characters gone, the ends trimmed."""
    return without_control_characters(text).translate(_SPACES).strip()


def classify(text: str, *, new_block: bool = False) -> Line | None:
    """What one line of text is (see the module's docstring); None for a blank one."""
    text = clean_line(text)
    if not text:
        return None
    if match := PARAGRAPH.match(text):
        return Line(
            "paragraph", clean_line(match.group(3) or ""), number=int(match.group(1)), source=text
        )
    if match := SECTION.match(text):
        return Line("section", clean_line(match.group(2)), number=int(match.group(1)), source=text)
    if match := BULLET.match(text):
        return Line("bullet", clean_line(match.group(1)))
    if "\t" in text:
        cells = [clean_line(cell) for cell in text.split("\t")]
        return Line("row", CELL_SEPARATOR.join(cell for cell in cells if cell))
    return Line("text", " ".join(text.split()), new_block=new_block)


def lines_from_text(text: str) -> list[Line]:
    """The lines of pasted text."""
    lines = []
    after_blank = False
    for raw in without_control_characters(text or "").splitlines():
        line = classify(raw, new_block=after_blank)
        after_blank = line is None
        if line is not None:
            lines.append(line)
    return lines


def assemble(lines: list[Line]) -> ParsedReport:
    """Build the report from its lines; raises ValidationError when no section starts or
    the report is beyond what a report can hold."""
    sections: list[ParsedSection] = []
    left_out: list[str] = []
    # The paragraph being built, as its lines; None before a section's first paragraph.
    current: list[str] | None = None

    def close():
        if current is not None and sections:
            sections[-1].paragraphs.append("\n".join(current))

    for line in lines:
        line = _as_meant(line, len(sections))
        if line.kind == "section":
            close()
            current = None
            if len(line.text) > SECTION_TITLE_LENGTH:
                raise ValidationError(
                    f'The heading "{line.text[:60]}…" is longer than '
                    f"{SECTION_TITLE_LENGTH} characters: is it a paragraph?"
                )
            sections.append(ParsedSection(title=line.text))
        elif not sections:
            left_out.append(line.text)
        elif line.kind in ("paragraph", "row") or current is None:
            close()
            text = f"- {line.text}" if line.kind == "bullet" else line.text
            current = [text] if text else []
        elif line.kind == "bullet":
            current.append(f"- {line.text}")
        elif line.new_block or not current:
            current.append(line.text)
        else:
            # Text that carries on the line before: a paragraph (or bullet) wrapped.
            current[-1] = f"{current[-1]} {line.text}"
    close()
    for section in sections:
        # A numbered paragraph with no words ("1.2" alone) holds nothing to show.
        section.paragraphs = [text for text in section.paragraphs if text.strip()]
    if not sections:
        raise ValidationError(
            "No section headings were found. Start each section on a line of its own with "
            'its number, for example "1 Summary", and each paragraph with its number, for '
            'example "1.1".'
        )
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(f"A report can have at most {MAX_SECTIONS} sections.")
    if any(len(section.paragraphs) > MAX_PARAGRAPHS for section in sections):
        raise ValidationError(f"A section can have at most {MAX_PARAGRAPHS} paragraphs.")
    return ParsedReport(sections=sections, left_out=left_out)


def _as_meant(line: Line, sections_so_far: int) -> Line:
    """A typed number starts a section only if it is the next one (the first is 1), and a
    paragraph only if it names the section it is in: otherwise it is a sentence that
    happens to start with a number ("12 members attended", "3.5 million calls")."""
    if line.number is None:
        return line
    expected = sections_so_far + 1 if line.kind == "section" else sections_so_far
    if line.number == expected:
        return line
    words = " ".join(line.source.split())
    if line.kind == "section" and not sections_so_far:
        return Line("text", words, new_block=True)
    return Line("text", words, new_block=line.new_block)


def parse_text(text: str) -> ParsedReport:
    """A report pasted as text."""
    if not (text or "").strip():
        raise ValidationError("Paste the report's text into the box")
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ValidationError(
            f"The text is longer than {MAX_TEXT_CHARACTERS:,} characters: paste the report "
            "in parts, or upload it as a Word document"
        )
    return assemble(lines_from_text(text))


# Word documents -------------------------------------------------------------------------


def check_docx_zip(content: bytes) -> None:
    """Refuse a file that is not a plain .docx zip, reading only its directory: too many
    members, too much once unpacked, packed too tightly, or named to escape a folder."""
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError(NOT_DOCX, code="not_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(NOT_DOCX, code="not_docx") from None
    if len(members) > DOCX_MAX_MEMBERS:
        raise ValidationError(UNREADABLE_DOCX, code="too_many_members")
    total = 0
    names = set()
    for member in members:
        name = member.filename
        mode = member.external_attr >> 16
        if (
            name.startswith(("/", "\\"))
            or "\\" in name
            or ".." in name.split("/")
            or ":" in name
            or "\x00" in name
            or stat.S_ISLNK(mode)
            or member.flag_bits & 0x1  # encrypted
        ):
            raise ValidationError(UNREADABLE_DOCX, code="bad_member")
        total += member.file_size
        if total > DOCX_MAX_UNCOMPRESSED_BYTES:
            raise ValidationError(UNREADABLE_DOCX, code="too_large_unpacked")
        if member.file_size > DOCX_MAX_RATIO * max(member.compress_size, 1024):
            raise ValidationError(UNREADABLE_DOCX, code="packed_too_tightly")
        names.add(name)
    if not all(required in names for required in DOCX_REQUIRED):
        raise ValidationError(NOT_DOCX, code="not_docx")


def _docx_lines(content: bytes) -> list[Line]:
    """The lines of a Word document, in the order its body holds paragraphs and tables.

    Runs in the child process (see ``parse_docx``): python-docx reads XML with lxml,
    without resolving entities.
    """
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(content))
    numbering = _numbering_formats(document, qn)
    styles = {style.style_id: style for style in document.styles}
    lines: list[Line] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            line = _paragraph_line(block, styles, numbering, qn)
            if line is not None:
                lines.append(line)
        elif block.tag == qn("w:tbl"):
            lines.extend(_table_lines(block, qn))
    return lines


def _numbering_formats(document, qn) -> dict[tuple[str, int], str]:
    """(numId, level) → the level's number format ("decimal", "bullet" …)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {}
    for definition in root.findall(qn("w:abstractNum")):
        levels = {}
        for level in definition.findall(qn("w:lvl")):
            number_format = level.find(qn("w:numFmt"))
            levels[int(level.get(qn("w:ilvl"), "0"))] = (
                number_format.get(qn("w:val")) if number_format is not None else "decimal"
            )
        abstract[definition.get(qn("w:abstractNumId"))] = levels
    formats = {}
    for number in root.findall(qn("w:num")):
        link = number.find(qn("w:abstractNumId"))
        if link is None:
            continue
        for level, number_format in abstract.get(link.get(qn("w:val")), {}).items():
            formats[(number.get(qn("w:numId")), level)] = number_format
    return formats


def _numbering_of(properties, styles, style_id, qn) -> tuple[str, int] | None:
    """A paragraph's (numId, level): its own, or its style's (through the styles it is
    based on). numId 0 switches numbering off."""
    seen = set()
    while True:
        number = properties.find(qn("w:numPr")) if properties is not None else None
        if number is not None:
            number_id = number.find(qn("w:numId"))
            level = number.find(qn("w:ilvl"))
            if number_id is not None:
                value = number_id.get(qn("w:val"))
                return (
                    None
                    if value == "0"
                    else (value, int(level.get(qn("w:val"))) if level is not None else 0)
                )
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        seen.add(style_id)
        properties = style.element.find(qn("w:pPr"))
        based_on = style.element.find(qn("w:basedOn"))
        style_id = based_on.get(qn("w:val")) if based_on is not None else None


def _paragraph_line(paragraph, styles, numbering, qn) -> Line | None:
    from docx.text.paragraph import Paragraph

    # Each Word paragraph is one line: a soft line break in it is a space here.
    text = clean_line(" ".join(Paragraph(paragraph, None).text.split()))
    if not text:
        return None
    properties = paragraph.find(qn("w:pPr"))
    style_element = properties.find(qn("w:pStyle")) if properties is not None else None
    style_id = style_element.get(qn("w:val")) if style_element is not None else "Normal"
    style = styles.get(style_id)
    style_name = (style.name or "") if style is not None else ""
    if style_name.lower() == "heading 1":
        # A typed number before the heading's words is the section's, not its title's.
        line = classify(text)
        return Line("section", line.text if line.kind == "section" else text)
    numbered = _numbering_of(properties, styles, style_id, qn)
    if numbered is not None:
        number_format = numbering.get(numbered, "decimal")
        if number_format == "bullet" or "bullet" in style_name.lower():
            return Line("bullet", text)
        if numbered[1] == 0:
            return Line("section", text)
        if numbered[1] == 1:
            return Line("paragraph", text)
        return Line("bullet", text)
    if "bullet" in style_name.lower():
        return Line("bullet", text)
    return classify(text, new_block=True)


def _table_lines(table, qn) -> list[Line]:
    from docx.text.paragraph import Paragraph

    lines = []
    for row in table.iter(qn("w:tr")):
        cells = []
        for cell in row.findall(qn("w:tc")):
            words = " ".join(Paragraph(paragraph, None).text for paragraph in cell.iter(qn("w:p")))
            cells.append(clean_line(" ".join(words.split())))
        joined = CELL_SEPARATOR.join(cell for cell in cells if cell)
        if joined:
            lines.append(Line("row", joined))
    return lines


def parse_docx_content(content: bytes) -> ParsedReport:
    """A Word document's bytes, already size-checked, read into a report.

    The zip is checked first, then read in a limited child process; every failure is
    a ValidationError with a sentence for the officer.
    """
    from scrutiny.documents.limits import ChildFailed, LimitExceeded, run_limited

    check_docx_zip(content)
    try:
        lines = run_limited(
            _docx_lines, content, seconds=DOCX_SECONDS, memory_bytes=DOCX_MEMORY_BYTES
        ).value
    except (ChildFailed, LimitExceeded) as error:
        # Hostile input fails in ways no list of exceptions foresees; the officer needs a
        # sentence, and whoever looks into it the reason.
        logger.info("A Word document was refused: %s", error)
        raise ValidationError(UNREADABLE_DOCX, code="unreadable") from None
    return assemble(lines)


def parse_docx(upload) -> ParsedReport:
    """A Word document sent through a form: its size checked as every upload's is, before
    it is read (scrutiny/documents/uploads.py)."""
    from scrutiny.documents.uploads import check_upload_size

    check_upload_size(upload.size)
    upload.seek(0)
    return parse_docx_content(upload.read())


def as_text(report: ParsedReport) -> str:
    """The report written back as text this module reads as the same report: what the
    preview's confirm form carries, so that the confirm step saves what the officer saw."""
    out = []
    for number, section in enumerate(report.sections, 1):
        out.append(f"{number} {section.title}")
        for paragraph_number, text in enumerate(section.paragraphs, 1):
            reference = f"{number}.{paragraph_number}"
            first, *rest = text.split("\n")
            if first.startswith("- "):
                out.append(reference)
                rest = [first, *rest]
            else:
                out.append(f"{reference} {first}")
            for extra in rest:
                # A line of its own in the paragraph comes after a blank line; a bullet
                # needs none.
                out.extend([extra] if extra.startswith("- ") else ["", extra])
    return "\n".join(out)
