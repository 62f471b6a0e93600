"""The one check and cleaning every upload goes through, the migration that put the files
stored before it through the same, and the storage that writes a file whole or not at all."""

import importlib
import io
import signal
import subprocess
import sys

import pikepdf
import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from scrutiny.devtools.benchmarking import production_environment
from scrutiny.documents.files import PARTIAL_PREFIX
from scrutiny.documents.pdf import render_pdf
from scrutiny.documents.uploads import clean_pdf
from tests import bad_pdfs
from tests.bad_pdfs import PAGE_TEXT, dangers

TAGGED = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Action plan</title></head><body>'
    '<h1>Action plan</h1><p>Read <a href="https://example.org/plan">the plan</a>.</p>'
    "</body></html>"
)


def test_a_tagged_pdf_keeps_its_structure_tree_language_metadata_text_and_web_links():
    cleaned = clean_pdf(render_pdf(TAGGED))
    with pikepdf.open(io.BytesIO(cleaned.content)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and "/ParentTree" in root.StructTreeRoot
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "en-GB"
        assert pdf.open_metadata().get("dc:title") == "Action plan"
        links = [
            str(annotation.A.URI)
            for annotation in pdf.pages[0].obj.get("/Annots", [])
            if "/A" in annotation
        ]
        assert links == ["https://example.org/plan"]
    assert "Read the plan." in cleaned.text and cleaned.pages == 1


@pytest.mark.parametrize("kind", bad_pdfs.DANGEROUS)
def test_cleaning_takes_out_what_acts_on_its_own_and_keeps_the_page(kind):
    original = bad_pdfs.DANGEROUS[kind]()
    assert dangers(original)
    cleaned = clean_pdf(original)
    assert dangers(cleaned.content) == []
    assert cleaned.pages == 1 and cleaned.text == PAGE_TEXT
    # A clean file comes out as it went in: cleaning again changes nothing.
    assert clean_pdf(cleaned.content).content == cleaned.content


def test_a_nested_page_tree_comes_out_flat():
    # Both qpdf and pypdf (which merges the pack) give up at 100 levels; the pack, which
    # nests its merged pages no deeper than this, is then never the one to hit it.
    cleaned = clean_pdf(bad_pdfs.deep_page_tree(90))
    with pikepdf.open(io.BytesIO(cleaned.content)) as pdf:
        assert pdf.pages[0].obj.Parent.objgen == pdf.Root.Pages.objgen
    assert cleaned.text == PAGE_TEXT


@pytest.mark.parametrize(
    "content, message",
    [
        (bad_pdfs.encrypted(), "The PDF is protected by a password or encrypted"),
        (bad_pdfs.deep_page_tree(3000), "The file is not a readable PDF"),
        (b"%PDF-1.7\n not really a PDF at all \n%%EOF", "The file is not a readable PDF"),
        (b"MZ\x90\x00 an executable", "The file must be a PDF"),
    ],
    ids=["encrypted", "3,000-deep page tree", "damaged", "not a PDF"],
)
def test_what_cannot_be_cleaned_is_refused_with_a_sentence(content, message):
    with pytest.raises(ValidationError) as refused:
        clean_pdf(content)
    assert refused.value.messages[0].startswith(message)


def test_the_page_limit_is_a_setting(settings):
    settings.SCRUTINY_UPLOAD_MAX_PAGES = 3
    assert clean_pdf(bad_pdfs.many_pages(3)).pages == 3
    with pytest.raises(ValidationError, match="has 4 pages: an appendix may have at most 3"):
        clean_pdf(bad_pdfs.many_pages(4))


# The data migration ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_cleans_every_appendix_stored_before_it(demo_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = demo_meeting.agenda_items.get(number=7).report
    scripted, locked = report.appendices.order_by("number")
    # As they were stored before the check: as uploaded, with nothing known about them.
    scripted.file.save("plan.pdf", ContentFile(bad_pdfs.with_javascript()))
    locked.file.save("terms.pdf", ContentFile(bad_pdfs.encrypted()))
    missing = report.appendices.create(number=3, title="Lost", file="appendices/gone.pdf")
    original, kept = scripted.file.name, locked.file.name

    migration = importlib.import_module("meetings.migrations.0010_appendix_file_checks")
    migration.clean_stored_appendices(apps, None)

    scripted.refresh_from_db()
    assert scripted.file_is_clean and scripted.page_count == 1 and scripted.text == PAGE_TEXT
    assert scripted.file.name != original
    with scripted.file.open("rb") as stored:
        assert dangers(stored.read()) == []
    # The file as uploaded stays, for the history that names it.
    assert default_storage.exists(original)
    locked.refresh_from_db()
    assert not locked.file_is_clean and locked.page_count is None
    assert locked.file_problem.startswith("The PDF is protected by a password")
    assert locked.file.name == kept
    missing.refresh_from_db()
    assert missing.file_problem == "The file is missing from the uploads folder."


# Writing whole or not at all -------------------------------------------------------------

# Writes a large file through the storage, and is killed half way through.
KILLED_MID_WRITE = """
import os, signal, sys
import django
django.setup()
from django.core.files.base import File
from django.core.files.storage import default_storage


class Content(File):
    def chunks(self, chunk_size=None):
        for number in range(100):
            if number == 50:
                sys.stdout.write("half\\n"); sys.stdout.flush()
                os.kill(os.getpid(), signal.SIGKILL)
            yield b"x" * 65536


default_storage.save("appendices/killed.pdf", Content(None, name="killed.pdf"))
"""


def test_a_file_whose_writer_is_killed_half_way_never_appears(tmp_path):
    env = production_environment(DJANGO_DEBUG="true", MEDIA_ROOT=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL and "half" in result.stdout, result.stderr
    folder = tmp_path / "appendices"
    # Only the partial file, under a name nothing asks for; never the file's own name.
    assert not (folder / "killed.pdf").exists()
    (partial,) = folder.iterdir()
    assert partial.name.startswith(PARTIAL_PREFIX) and partial.stat().st_size > 0


def test_a_write_that_fails_half_way_leaves_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    class Failing(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"%PDF-1.7 the first half"
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        default_storage.save("appendices/half.pdf", Failing(b""))
    assert list((tmp_path / "appendices").iterdir()) == []


def test_a_second_file_of_the_same_name_gets_a_name_of_its_own(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = default_storage.save("appendices/plan.pdf", ContentFile(b"first"))
    second = default_storage.save("appendices/plan.pdf", ContentFile(b"second"))
    assert first == "appendices/plan.pdf" and second != first
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"
    assert oct((tmp_path / first).stat().st_mode & 0o777) != oct(0o600)
