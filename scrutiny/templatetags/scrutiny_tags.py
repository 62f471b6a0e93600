from django import template

from scrutiny.markup import render_markup

register = template.Library()


@register.filter
def markup(text):
    """Render officer-written text (bullets and emphasis) as sanitised HTML."""
    return render_markup(text)
