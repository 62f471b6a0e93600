"""Arbitrary input through every officer's form: never a server error, every refusal with
a message, and nothing typed ever reaches a page as markup.

Hypothesis writes the values: any unicode, control characters, very long text (up to a
megabyte), HTML and script payloads, and numbers and dates of any size where the form
wants a choice or a date. The examples are derived from a fixed seed, so a failure
repeats run after run.
"""

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutiny.kernel.fields import GovDateField
from tests.test_permissions import OFFICER, officer_pages, records  # noqa: F401

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
HUGE = 1024 * 1024

texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(
        [
            PAYLOAD,
            f"**{PAYLOAD}**",
            f"- {PAYLOAD}\n- two",
            "\x00\x01\x1b[31m\u202e\ufeff",
            "",
            " ",
            "A" * HUGE,
        ]
    ),
)
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    # Digits other than 0 to 9 too: "²" and "①" pass isdigit() but not int().
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "2147483648", "9" * 40, "²", "①", "٣"]),
)


def value_for(draw, name: str, field) -> dict:
    """What a visitor could send for one field: right or wrong, odd or ordinary."""
    if isinstance(field, GovDateField):
        return {f"{name}_{part}": draw(st.one_of(numbers, texts)) for part in range(3)}
    if isinstance(field, forms.BooleanField):
        return {name: "on"} if draw(st.booleans()) else {}
    if isinstance(field, forms.FileField):
        return {}
    if isinstance(field, forms.ChoiceField):
        valid = [str(value) for value, _ in field.choices if value != ""][:20]
        choice = st.sampled_from(valid) if valid else numbers
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            return {name: draw(st.lists(st.one_of(choice, numbers), max_size=3))}
        return {name: draw(st.one_of(choice, numbers, texts))}
    return {name: draw(texts)}


def form_pages(records):  # noqa: F811 (the walk's fixture, imported above)
    """Every officer's page that answers a GET with a form to send."""
    return [
        url
        for url, statuses in officer_pages(records)
        if statuses == OFFICER and not url.endswith(".pdf")
    ]


def sender(client, url, form):
    """A Hypothesis test that posts arbitrary values through one form."""

    @settings(
        max_examples=6,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def send_anything(data):
        values = {}
        for name, field in form.fields.items():
            if name == "edit_token":
                # The version the page was opened on, so the form is judged on its values.
                values[name] = form["edit_token"].value() or ""
                continue
            values |= value_for(data.draw, form.add_prefix(name), field)
        try:
            response = client.post(url, values)
        except Exception as error:
            raise AssertionError(f"{url} failed on {values!r:.300}") from error
        assert response.status_code in {200, 302, 400}, (url, response.status_code)
        body = response.content.decode()
        if response.status_code == 200:
            assert "govuk-error-summary" in body, f"{url} refused without saying why"
        elif response.status_code == 400:
            # More than Django reads of a request (2.5 MB): refused before any form.
            assert "What was sent could not be read" in body
        else:
            body = client.get(response.url).content.decode()
        assert PAYLOAD not in body, f"{url} showed what was typed as markup"

    return send_anything


def test_every_form_refuses_bad_input_with_a_message_and_never_shows_it_as_markup(
    client,
    officer,
    records,  # noqa: F811
):
    client.force_login(officer)
    checked = 0
    for url in form_pages(records):
        page = client.get(url)
        form = page.context.get("form") if page.context else None
        if form is None:
            continue
        checked += 1

        sender(client, url, form)()
    assert checked >= 30, "the walk found fewer forms than the app has"


def test_search_and_filters_take_anything(client):
    """The public's own input: the search box and the tracker's filters."""

    @settings(max_examples=25, deadline=None, derandomize=True, database=None)
    @given(
        query=texts,
        status=texts,
        year=numbers,
        page=numbers,
        record=numbers,
        overdue=st.one_of(texts, st.just("on")),
    )
    def ask(query, status, year, page, record, overdue):
        for path, params in [
            ("/search/", {"q": query}),
            (
                "/recommendations/",
                {
                    "status": status,
                    "year": year,
                    "page": page,
                    "committee": record,
                    "meeting": record,
                    "addressee": record,
                    "priority": record,
                    "overdue": overdue,
                },
            ),
        ]:
            response = client.get(path, params)
            assert response.status_code == 200
            assert PAYLOAD not in response.content.decode()

    ask()
