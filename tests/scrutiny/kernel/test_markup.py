"""Officer-written text becomes safe HTML: lists and emphasis survive, markup does not."""

from scrutiny.kernel.markup import render_markup


def test_bullets_become_a_list_after_their_paragraph():
    html = render_markup("Priorities;\n- One\n- Two")
    assert html == (
        '<p class="govuk-body">Priorities;</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>One</li><li>Two</li></ul>'
    )


def test_emphasis_and_strong():
    assert render_markup("a *b* and **c**") == (
        '<p class="govuk-body">a <em>b</em> and <strong>c</strong></p>'
    )


def test_html_typed_by_an_officer_is_shown_as_text_never_run():
    html = render_markup('<script>alert(1)</script><img src=x onerror="alert(2)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_a_lone_asterisk_is_left_alone():
    assert render_markup("5 * 3 = 15") == '<p class="govuk-body">5 * 3 = 15</p>'
