"""The small text markup officers write reports in, turned into safe HTML.

Paragraph text is plain: a line starting "- " is a bullet, ``**words**`` are strong and
``*words*`` are emphasised. Everything is escaped first and the result is sanitised
again with nh3, so no HTML an officer types (or pastes) reaches a reader.
"""

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BULLET = re.compile(r"^\s*[-*\u2022\u00b7]\s+")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")

ALLOWED_TAGS = {"p", "ul", "li", "strong", "em"}
ALLOWED_ATTRIBUTES = {"p": {"class"}, "ul": {"class"}}


def _inline(text: str) -> str:
    text = escape(text.strip())
    text = STRONG.sub(r"<strong>\1</strong>", text)
    return EMPHASIS.sub(r"<em>\1</em>", text)


def render_markup(text: str) -> SafeString:
    """Render paragraph text as GOV.UK-styled paragraphs and bulleted lists."""
    blocks: list[str] = []
    bullets: list[str] = []

    def close_list():
        if bullets:
            items = "".join(f"<li>{item}</li>" for item in bullets)
            blocks.append(f'<ul class="govuk-list govuk-list--bullet">{items}</ul>')
            bullets.clear()

    for line in (text or "").splitlines():
        if not line.strip():
            close_list()
        elif BULLET.match(line):
            bullets.append(_inline(BULLET.sub("", line, count=1)))
        else:
            close_list()
            blocks.append(f'<p class="govuk-body">{_inline(line)}</p>')
    close_list()
    html = nh3.clean("".join(blocks), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    return mark_safe(html)  # noqa: S308 - escaped above, then sanitised by nh3
