"""A report pasted as text or uploaded as a Word document becomes the same sections and
numbered paragraphs (meetings/report_text.py); a hostile or oversized file is refused."""

import copy
import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from meetings.report_text import (
    DOCX_MAX_MEMBERS,
    as_text,
    check_docx_zip,
    parse_docx,
    parse_docx_content,
    parse_text,
)

PASTED = (
    "Report of the Head of Housing and Community Services\n"
    "1\tIntroduction\n"
    "1.1\tThe Safer Maidstone Partnership\u00a0brings together five agencies.\n"
    "1.2\tThis report sets out the year\u2019s \u201cpriorities\u201d:\n"
    "\u2022\tGangs and CSE\n"
    "\u2022\tDomestic abuse\n"
    "2\tPerformance\n"
    "2.1\tCrime fell by 4%.\n"
    "Agency\tLead\tTarget\n"
    "Kent Police\tInspector\tMarch 2019\n"
    "3\tRecommendations\n"
    "3.1\tThat the committee notes the report.\n"
)
EXPECTED = [
    (
        "Introduction",
        [
            "The Safer Maidstone Partnership brings together five agencies.",
            "This report sets out the year\u2019s \u201cpriorities\u201d:\n"
            "- Gangs and CSE\n- Domestic abuse",
        ],
    ),
    (
        "Performance",
        [
            "Crime fell by 4%.",
            "Agency \u2013 Lead \u2013 Target",
            "Kent Police \u2013 Inspector \u2013 March 2019",
        ],
    ),
    ("Recommendations", ["That the committee notes the report."]),
]


def shape(parsed):
    return [(section.title, section.paragraphs) for section in parsed.sections]


def test_pasted_text_becomes_sections_paragraphs_bullets_and_rows():
    parsed = parse_text(PASTED)
    assert shape(parsed) == EXPECTED
    assert parsed.left_out == ["Report of the Head of Housing and Community Services"]
    assert parsed.paragraph_count == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Summary\n1.1. One.\n1.2) Two.", [("Summary", ["One.", "Two."])]),
        # A line that carries on the paragraph before joins it.
        (
            "1 Summary\n1.1 The partnership\nmeets monthly.",
            [("Summary", ["The partnership meets monthly."])],
        ),
        # After a blank line, the text is a line of its own in the same paragraph.
        ("1 Summary\n1.1 First.\n\nSecond.", [("Summary", ["First.\nSecond."])]),
        # Numbers that start sentences are not headings or paragraphs.
        (
            "25 September 2018\n1 Summary\n1.1 The year:\n12 members attended.\n3.5 million calls.",
            [("Summary", ["The year: 12 members attended. 3.5 million calls."])],
        ),
        (
            "1 Summary\n- one\n* two\no three\n\u2013 four",
            [("Summary", ["- one\n- two\n- three\n- four"])],
        ),
        # Emphasis and negative numbers are words, not bullets.
        (
            "1 Summary\n1.1 Text\n*Note* this\n-5 degrees",
            [("Summary", ["Text *Note* this -5 degrees"])],
        ),
        ("1 Summary\n2 Risk\n2.1 Low.", [("Summary", []), ("Risk", ["Low."])]),
        ("1 Summary\r\n1.1\u200b\tOne\x0bline.", [("Summary", ["One line."])]),
    ],
)
def test_pasted_text_rules(text, expected):
    assert shape(parse_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste the report"),
        ("   \n\n", "Paste the report"),
        ("Just words, no numbers.", "No section headings"),
        ("2 Summary\n2.1 Text.", "No section headings"),
        ("1 " + "x" * 201, "longer than 200"),
    ],
)
def test_pasted_text_refused_with_a_sentence(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_text(text)
    assert message in " ".join(refused.value.messages)


def test_the_confirm_forms_text_reads_back_as_the_same_report():
    parsed = parse_text(PASTED + "\n3.2 Also this.\n\nOn a line of its own.\n- a bullet")
    again = parse_text(as_text(parsed))
    assert shape(again) == shape(parsed)


# Word documents ---------------------------------------------------------------------------

NUMBERING = f"""
<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="10">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0">
      <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/>
    </w:lvl>
    <w:lvl w:ilvl="1">
      <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
    </w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11">
    <w:lvl w:ilvl="0">
      <w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/>
    </w:lvl>
  </w:abstractNum>
  <w:num w:numId="7"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="8"><w:abstractNumId w:val="11"/></w:num>
</w:numbering>
"""


def _numbered(paragraph, num_id: int, level: int):
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def _with_numbering(document):
    """Put our own numbering definitions in the document (the default template's
    numbering part is replaced by one that holds a multilevel list and a bullet list)."""
    part = document.part.numbering_part
    root = part.element
    for child in list(root):
        root.remove(child)
    for child in parse_xml(NUMBERING):
        root.append(copy.deepcopy(child))


def report_docx() -> bytes:
    """The pasted report above as Word would hold it: a title, Word-numbered sections
    (level 0) and paragraphs (level 1), one heading-style section, a bullet list and a table."""
    document = docx.Document()
    _with_numbering(document)
    document.add_paragraph("Report of the Head of Housing and Community Services", style="Title")
    _numbered(document.add_paragraph("Introduction"), 7, 0)
    _numbered(
        document.add_paragraph(
            "The Safer Maidstone Partnership\u00a0brings together five agencies."
        ),
        7,
        1,
    )
    _numbered(
        document.add_paragraph("This report sets out the year\u2019s \u201cpriorities\u201d:"), 7, 1
    )
    _numbered(document.add_paragraph("Gangs and CSE"), 8, 0)
    document.add_paragraph("Domestic abuse", style="List Bullet")
    document.add_heading("Performance", level=1)
    _numbered(document.add_paragraph("Crime fell by 4%."), 7, 1)
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        table.rows,
        [("Agency", "Lead", "Target"), ("Kent Police", "Inspector", "March 2019")],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    # Typed numbers are read the same way in a Word document.
    document.add_paragraph("3 Recommendations")
    document.add_paragraph("3.1\tThat the committee notes the report.")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def test_a_word_document_becomes_the_same_report_as_the_text_pasted():
    from_word = parse_docx_content(report_docx())
    assert shape(from_word) == shape(parse_text(PASTED)) == EXPECTED


def test_a_typed_number_before_a_heading_is_not_part_of_its_title():
    document = docx.Document()
    document.add_heading("1 Summary", level=1)
    document.add_paragraph("1.1 Text.")
    output = io.BytesIO()
    document.save(output)
    assert shape(parse_docx_content(output.getvalue())) == [("Summary", ["Text."])]


def test_numbering_given_by_a_paragraph_style_is_understood():
    document = docx.Document()
    _with_numbering(document)
    style = document.styles.add_style("Report paragraph", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr>')
    )
    _numbered(document.add_paragraph("Summary"), 7, 0)
    document.add_paragraph("By style.", style="Report paragraph")
    output = io.BytesIO()
    document.save(output)
    assert shape(parse_docx_content(output.getvalue())) == [("Summary", ["By style."])]


def _zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


BASIC = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.7 not a word file", id="not-a-zip"),
        pytest.param(_zip({"hello.txt": b"hi"}), id="zip-without-word-parts"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, id="encrypted-or-old-doc"),
        pytest.param(_zip({**BASIC, "word/bomb.xml": b"\0" * (5 * 1024 * 1024)}), id="zip-bomb"),
        pytest.param(_zip({**BASIC, "../../etc/evil.xml": b"x"}), id="path-escape"),
        pytest.param(_zip({**BASIC, "/abs.xml": b"x"}), id="absolute-path"),
        pytest.param(
            _zip({**BASIC, **{f"word/m{n}.xml": b"x" for n in range(DOCX_MAX_MEMBERS)}}),
            id="too-many-members",
        ),
    ],
)
def test_a_hostile_word_file_is_refused_before_it_is_read(content):
    with pytest.raises(ValidationError) as refused:
        check_docx_zip(content)
    assert "Word document" in refused.value.messages[0]


def test_a_word_file_that_is_not_xml_inside_is_refused_by_the_limited_reader():
    with pytest.raises(ValidationError) as refused:
        parse_docx_content(_zip(BASIC))
    assert "could not be read" in refused.value.messages[0]


def test_a_word_file_with_an_entity_bomb_is_refused():
    document = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b"]><d>&c;</d>"
    )
    real = zipfile.ZipFile(io.BytesIO(report_docx()))
    members = {name: real.read(name) for name in real.namelist()}
    members["word/document.xml"] = document
    with pytest.raises(ValidationError):
        parse_docx_content(_zip(members))


@override_settings(SCRUTINY_UPLOAD_MAX_BYTES=1024)
def test_an_oversized_word_file_is_refused_as_every_upload_is():
    upload = SimpleUploadedFile("report.docx", report_docx())
    with pytest.raises(ValidationError) as refused:
        parse_docx(upload)
    assert "smaller than" in refused.value.messages[0]


def test_a_word_upload_is_read():
    upload = SimpleUploadedFile("report.docx", report_docx())
    assert shape(parse_docx(upload)) == EXPECTED
