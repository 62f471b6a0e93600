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
