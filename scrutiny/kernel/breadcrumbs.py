from django.urls import reverse


def crumbs(*trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Breadcrumbs from Home; each step is (label, url) and the current page has no url."""
    return [("Home", reverse("meetings:home")), *trail]
