"""The council the site serves: one record, edited by its officers.

One installation serves one council. Its name, address and contact details are data an
officer edits on the set-up page, not a setting: letters, PDFs, feeds and every page's
header read this record. ``SCRUTINY_COUNCIL_NAME`` only names it the first time it is
needed, on an installation that has none yet; after that the record is the source.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk, which the PNG format puts first."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class Council(models.Model):
    # Always True and unique: the table can hold one row only.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True, help_text="As letters show it, one line a line.")
    email = models.EmailField(
        "contact email", blank=True, help_text="For letters and the accessibility statement."
    )
    phone = models.CharField("contact phone", max_length=50, blank=True)
    # A small PNG, checked and re-encoded on its way in (scrutiny/documents/uploads.py);
    # kept in the row so it travels with the database, and left out of the history,
    # which would otherwise keep a copy a change.
    logo = models.BinaryField(blank=True, default=b"", editable=False)
    # The logo's size in pixels, for the page to reserve its place before it loads.
    logo_width = models.PositiveSmallIntegerField(default=0, editable=False)
    logo_height = models.PositiveSmallIntegerField(default=0, editable=False)
    footer_text = models.TextField(
        blank=True, help_text="Shown at the foot of every page, under the council's name."
    )
    history = HistoricalRecords(excluded_fields=["logo", "logo_width", "logo_height"])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="council_singleton"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:council_update")

    @property
    def has_logo(self) -> bool:
        return bool(self.logo)

    def set_logo(self, png: bytes) -> None:
        """Keep a cleaned PNG (scrutiny/documents/uploads.py), or none for b""."""
        self.logo = png
        self.logo_width, self.logo_height = png_size(png) if png else (0, 0)

    @classmethod
    def current(cls) -> "Council":
        """The council; created from ``SCRUTINY_COUNCIL_NAME`` only if there is none yet."""
        council = cls.objects.first()
        if council is None:
            council, _ = cls.objects.get_or_create(
                singleton=True, defaults={"name": settings.COUNCIL_NAME}
            )
        return council
