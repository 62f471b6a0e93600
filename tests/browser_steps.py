"""Steps the browser tests share: signing in through the form and submitting a form that
must be accepted."""


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def submit(page, label):
    """Press the form's button; the page that follows must show no error summary."""
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 0, page.content()
