"""Nothing of the template language reaches a reader.

A comment Django does not close, a tag misspelt or a variable in a string that is never
rendered shows up as `{#`, `{%` or `{{` in what is sent. Every page of the permission
walk, as each kind of reader, and every document PDF the walk reaches are read as their
readers get them: an HTML page's text and attribute values (its scripts and styles apart),
a PDF's text, title and bookmarks, a feed's or calendar's text, the API's strings.
"""

import io
import json
import re
from html.parser import HTMLParser

import pypdf
import pytest
from django.conf import settings
from django.urls import resolve

from tests import test_permissions as walk
from tests.helpers import download, outline_titles

pytestmark = pytest.mark.django_db

# The walk's records: the demo meeting with an exempt item and report, and a draft meeting.
records = walk.records

TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")

# Every kind of document the app makes, by the name of the URL that serves it; the letter
# and its chaser are for officers only.
PUBLIC_DOCUMENTS = {
    "agenda_pdf",
    "pack_pdf",
    "lines_of_enquiry_pdf",
    "report_pdf",
    "tracker_pdf",
    "priority_briefing_pdf",
}
DOCUMENTS = {"anonymous": PUBLIC_DOCUMENTS, "councillor": PUBLIC_DOCUMENTS}
DOCUMENTS["officer"] = PUBLIC_DOCUMENTS | {"letter_pdf", "chaser_pdf"}


class _ReaderText(HTMLParser):
    """The parts of an HTML (or XML) document a reader can get at: its text, entities
    decoded, and every attribute value (link targets, labels, titles, form values), but
    not the code in its scripts and styles, whose braces are legitimate."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag, attrs):
        self.parts += [value for _name, value in attrs if value]
        self._in_code = tag in ("script", "style")

    def handle_startendtag(self, tag, attrs):
        self.parts += [value for _name, value in attrs if value]

    def handle_endtag(self, tag):
        self._in_code = False

    def handle_data(self, data):
        if not self._in_code:
            self.parts.append(data)


def _strings(value) -> list[str]:
    """Every string in a decoded JSON value, keys included."""
    if isinstance(value, dict):
        return [text for key, each in value.items() for text in [key, *_strings(each)]]
    if isinstance(value, list):
        return [text for each in value for text in _strings(each)]
    return [value] if isinstance(value, str) else []


def reader_text(response) -> str:
    """What the response shows its reader, as text, by the kind of content it is."""
    content = b"".join(response) if response.streaming else response.content
    kind = response.get("Content-Type", "").split(";")[0]
    if kind == "application/pdf":
        pdf = pypdf.PdfReader(io.BytesIO(content))
        title = (pdf.metadata.title if pdf.metadata else None) or ""
        pages = [page.extract_text() for page in pdf.pages]
        return "\n".join([title, *outline_titles(pdf.outline), *pages])
    if kind == "application/json":
        return "\n".join(_strings(json.loads(content)))
    if kind.startswith("image/"):
        return ""  # the council's logo: pixels, re-encoded by the site on upload
    text = content.decode(response.charset or "utf-8")
    if kind == "text/html" or kind.endswith("xml"):
        parser = _ReaderText()
        parser.feed(text)
        parser.close()
        return "\n".join(parser.parts)
    return text


def template_syntax(text: str) -> list[str]:
    """Each piece of template syntax in the text, with a little of what stands around it."""
    return [
        text[max(match.start() - 40, 0) : match.end() + 40]
        for match in TEMPLATE_SYNTAX.finditer(text)
    ]


@pytest.mark.parametrize("role", walk.ROLES)
def test_no_page_or_document_shows_a_reader_template_syntax(client, records, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    found, documents = {}, set()
    for url, _statuses in walk.expected_statuses(records):
        # A document's first answer says it is being prepared; download reads the second.
        response = download(client, url)
        if response.status_code == 200 and response["Content-Type"] == "application/pdf":
            documents.add(resolve(url).url_name)
        if shown := template_syntax(reader_text(response)):
            found[url] = shown
    assert found == {}
    assert documents >= DOCUMENTS[role]


def test_no_template_comment_runs_past_its_line():
    """Django's `{# #}` comment ends on the line it starts on: one that runs on is printed
    as text wherever its template is used, including in templates the walk does not reach
    (a `{% comment %}` block is the way to write several lines)."""
    open_comments = [
        f"{path.relative_to(folder)}:{number}"
        for folder in settings.TEMPLATES[0]["DIRS"]
        for path in sorted(folder.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if any("#}" not in opened for opened in line.split("{#")[1:])
    ]
    assert open_comments == []
