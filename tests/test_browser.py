"""The demo meeting in a real browser: Debian's chromium driven by Playwright."""

import pytest

from tests.factories import AgendaItemFactory
from tests.test_accessibility import sign_in

pytestmark = pytest.mark.browser


def test_meeting_page_in_a_browser_shows_the_agenda_and_presenters(live_server, page, demo_meeting):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Tuesday 25 September 2018").click()
    page.wait_for_load_state()
    assert page.title().startswith("Communities, Housing and Environment Committee")
    headings = page.get_by_role("heading", level=3).all_inner_texts()
    assert headings[7:] == [
        "8. Work of the Multi-Agency Gangs group (MAG)",
        "9. Substance Misuse & the links with homelessness and substance misuse",
        "10. Maidstone Domestic Abuse Forum & the White Ribbon Campaign",
    ]
    for name in ["Mark Hedges", "Hema Birdi", "Kim Flain", "Matt Roberts"]:
        assert page.get_by_role("cell", name=name).count() == 1


def test_council_branded_stylesheet_loads(live_server, page, demo_meeting):
    page.goto(live_server.url + demo_meeting.get_absolute_url())
    header = page.locator("header.govuk-header")
    background = header.evaluate("el => getComputedStyle(el).backgroundColor")
    font = page.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    assert background == "rgb(0, 90, 112)"
    assert "GDS Transport" not in font
    # The module script enhances the page when it runs.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")


def test_councillor_signs_in_through_the_form_and_sees_the_exempt_marker(
    live_server, page, demo_meeting, councillor
):
    AgendaItemFactory(
        meeting=demo_meeting, number=11, title="Named offenders", is_exempt=True, exempt_paragraph=1
    )
    page.goto(live_server.url + demo_meeting.get_absolute_url())
    assert page.get_by_text("Named offenders").count() == 0
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("User name").fill("councillor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + demo_meeting.get_absolute_url())
    assert page.get_by_role("heading", name="11. Named offenders").count() == 1
    assert page.get_by_text("Not for publication — Schedule 12A paragraph 1").count() == 1
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You have signed out.").count() == 1


def test_no_page_breaks_the_content_security_policy(
    live_server, page, client, demo_meeting, officer
):
    """Every script and style comes from the app's own files, admin pages included: the
    browser reports no violation of the policy (nothing inline is refused)."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    paths = [
        "/",
        demo_meeting.get_absolute_url(),
        "/accounts/sign-in/",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    sign_in(page, client, officer, live_server)
    for path in [
        f"/meetings/{demo_meeting.pk}/items/new/",
        "/admin/",
        f"/admin/meetings/meeting/{demo_meeting.pk}/change/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert page.locator("body").get_attribute("class")  # the last page did load
    assert refused == []
