"""A stored file is written whole or not at all: a writer killed part way leaves nothing
a reader could be sent."""

import subprocess
import sys
import time

import pytest
from django.urls import reverse

from scrutiny.documents.document import stored_path
from scrutiny.documents.files import write_whole
from scrutiny.documents.models import DocumentRender
from tests.helpers import download

# Writes a large document where the store keeps it, and stops (as if the disk were slow)
# before the file is complete on disk; the test kills it there.
STALLED_WRITER = """
import os, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from scrutiny.documents import files

def stall(descriptor):
    print("writing", flush=True)
    time.sleep(60)

files.os.fsync = stall
files.write_whole(Path({target!r}), b"%PDF-1.7 " + b"x" * (8 * 1024 * 1024))
"""


def test_a_whole_file_replaces_the_old_one_in_one_step(tmp_path):
    target = tmp_path / "documents" / "key.pdf"
    write_whole(target, b"first")
    write_whole(target, b"second")
    assert target.read_bytes() == b"second"
    assert [path.name for path in target.parent.iterdir()] == ["key.pdf"]


@pytest.mark.django_db
def test_a_writer_killed_mid_write_leaves_no_file_a_reader_is_sent(
    client, demo_meeting, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("meetings:agenda_pdf", args=[demo_meeting.pk])
    assert download(client, url).status_code == 200
    render = DocumentRender.objects.get()
    target = stored_path(render.key)
    target.unlink()  # as if the render's file was being written for the first time
    script = STALLED_WRITER.format(root=str(settings.BASE_DIR), target=str(target))
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        partial = [path for path in target.parent.iterdir() if path.name.startswith(".")]
        assert partial and partial[0].stat().st_size > 8 * 1024 * 1024
        writer.kill()
        writer.wait()
    finally:
        writer.kill()
    time.sleep(0.1)
    assert not target.exists()
    # The reader is told the document is being prepared, never sent the fragment.
    response = client.get(url)
    assert response.status_code == 503
    assert b"x" * 100 not in response.content
    assert download(client, url).content.startswith(b"%PDF-")
