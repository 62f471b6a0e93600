"""Assertions shared by several test modules."""

import io

import pypdf
import pytest
from django.db import IntegrityError, transaction


def refused_by_database(model, **fields):
    """Assert that the database itself refuses the row: create() bypasses every clean()."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def tiny_pdf(pages: int = 1) -> bytes:
    """A real, readable PDF of blank pages, for upload tests."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def read_pdf(response) -> pypdf.PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles += outline_titles(entry)
        else:
            titles.append(entry.title)
    return titles


def squash(text: str) -> str:
    """Words, not spacing: PDFs and the seed break and pad lines their own way."""
    return " ".join(text.split())
