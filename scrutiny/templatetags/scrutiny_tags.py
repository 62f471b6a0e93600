from collections.abc import Mapping

from django import template
from django.utils.html import format_html

from scrutiny.kernel.markup import render_markup

register = template.Library()


@register.filter
def markup(text):
    """Render officer-written text (bullets and emphasis) as sanitised HTML."""
    return render_markup(text)


RAG_TAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--orange",
    "green": "govuk-tag--green",
}


@register.simple_tag
def rag_tag(status, label):
    """RAG status as a GOV.UK tag; the words carry the meaning, the colour only repeats it.

    A tag rather than an include: lists of actions use it many times a page.
    """
    css = RAG_TAG_CLASSES.get(status, "govuk-tag--grey")
    return format_html('<strong class="govuk-tag {}">{}</strong>', css, label)


@register.filter
def page_reference(pages) -> str:
    """Where a paper lies in the meeting pack, as print says it: (10, 10) gives "page 10",
    (6, 8) "pages 6-8" (with an en dash).

    ``pages`` is a (first, last) pair (an item's ``pack_pages``) or a
    mapping with "first" and "last" (an entry of an item's ``pack_papers``); no pages give
    no words, so a document outside the pack prints nothing for them.
    """
    if not pages:
        return ""
    first, last = (pages["first"], pages["last"]) if isinstance(pages, Mapping) else pages
    return f"page {first}" if first == last else f"pages {first}\u2013{last}"
