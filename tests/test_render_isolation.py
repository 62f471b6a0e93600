"""Nobody can take the site down by asking for documents: under Gunicorn with production
settings, readers hammering the largest documents (a pack whose appendix is at the page
limit, the printed tracker of 5,000 recommendations) are told they are being prepared,
and the home page keeps answering at once."""

import statistics
import threading
import time
import urllib.error
import urllib.request

import pytest

from scrutiny.devtools.benchmarking import percentile
from tests.served import served_site

# Written into the served database: the demo meeting, 5,000 recommendations, and item
# 7's first appendix replaced by one of the upload page limit's 2,000 pages.
SEED = """
import io
import pikepdf
from django.core.files.base import ContentFile
from meetings.demo import demo_load
from meetings.models import Recommendation
from scrutiny.documents.uploads import checked_fields, clean_pdf

meeting = demo_load()
Recommendation.objects.bulk_create(
    Recommendation(meeting=meeting, position=100 + n, text=f"Recommendation number {n}.")
    for n in range(5000)
)
pdf = pikepdf.new()
pdf.add_blank_page(page_size=(595, 842))
for _ in range(1999):
    pdf.pages.append(pdf.pages[0])
upload = io.BytesIO()
pdf.save(upload)
cleaned = clean_pdf(upload.getvalue())  # through the upload door, as an officer's would
appendix = meeting.agenda_items.get(number=7).report.appendices.get(number=1)
for name, value in checked_fields(cleaned).items():
    setattr(appendix, name, value)
appendix.file.save("two-thousand-pages.pdf", ContentFile(cleaned.content))
assert appendix.page_count == 2000 and appendix.file_is_clean
print(meeting.pk)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("isolation")
    with served_site(folder, setup=[["shell", "-c", SEED]]) as (url, _, printed):
        yield url, int(printed[0].strip().splitlines()[-1])


def get(url: str) -> tuple[int, dict, bytes, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    return status, headers, body, time.monotonic() - started


def test_readers_hammering_the_largest_documents_never_hold_up_the_home_page(served):
    url, meeting = served
    documents = [
        f"{url}/meetings/{meeting}/pack.pdf",
        f"{url}/recommendations/tracker.pdf",
        f"{url}/recommendations/tracker.pdf?status=proposed",
    ]
    answers: list[tuple[int, str, bytes]] = []
    stop = threading.Event()

    def hammer(document: str):
        while not stop.is_set():
            status, headers, body, _ = get(document)
            answers.append((status, headers.get("Retry-After", ""), body[:5]))

    for _ in range(4):  # each worker has read its templates once, as a live server has
        get(f"{url}/")
    readers = [threading.Thread(target=hammer, args=(documents[n % 3],)) for n in range(6)]
    for reader in readers:
        reader.start()
    home = []
    try:
        time.sleep(0.5)  # the documents are being asked for before the home page is
        for _ in range(40):
            status, _, _, seconds = get(f"{url}/")
            home.append((status, seconds))
            time.sleep(0.1)
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
    assert {status for status, _ in home} == {200}
    times = [seconds for _, seconds in home]
    assert percentile(times, 95) < 1, f"median {statistics.median(times):.3f} s"
    assert max(times) < 3
    # Each document answered "being prepared" (503 with Retry-After) or the file itself.
    assert len(answers) > 30
    for status, retry_after, start in answers:
        assert (status == 503 and retry_after) or (status == 200 and start == b"%PDF-")
