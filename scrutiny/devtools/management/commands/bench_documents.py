"""Time the PDF documents in a throwaway database, and print the figures.

In one run, each pack time measured in the task worker from the task's start to the
stored file, as the median of three:

- the demo meeting's pack, rendered cold (an empty documents store);
- a synthetic pack of about 100 pages, cold, with the peak memory of its largest step;
- the same HTML printed by Debian's chromium (``--headless --print-to-pdf``, start-up
  included), and the ratio of the pack's time to chromium's (target: at most 2.5);
- the time to a new pack after one paragraph of one of its reports changes (target:
  under 1.5 s): only that report is rendered again;
- the pack with a 1,000-page appendix beside the same pack with a 1-page one (target:
  within 20%): uploads are put in whole, not laid out;
- the median time to serve a pack that is already stored;
- the printed tracker of twenty years' 5,000 recommendations, rendered in parts by the
  task worker: its total render time, and each step's time and peak memory.

Peak memory is the rendering child's peak resident set. A forked child shares the app
process's pages, so the figure includes them; the app process's own size at the time is
printed beside it. It reports figures and never fails on them.
"""

import datetime
import io
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pikepdf
import pypdf
import weasyprint
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from meetings import services
from meetings.demo import demo_load
from meetings.documents import pack_document
from meetings.models import Appendix, Report, ReportParagraph
from scrutiny.devtools.benchmarking import percentile, production_like, throwaway_database
from scrutiny.devtools.scale_data import build_long_meeting
from scrutiny.devtools.twenty_years import seed_twenty_years
from scrutiny.documents import assembled, limits
from scrutiny.documents import document as documents
from scrutiny.documents.models import DocumentRender
from scrutiny.documents.rendering import KINDS, drain_render_queue
from scrutiny.documents.uploads import checked_fields, clean_pdf
from scrutiny.kernel.roles import stand_in_reader
from scrutiny.kernel.updates import edit_token

MB = 1024 * 1024
RUNS = 3
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def _text_pages(count: int) -> bytes:
    """A PDF of ``count`` A4 pages, each with a line of text: a long appendix."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    for number in range(1, count + 1):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        text = f"BT /F1 12 Tf 72 700 Td (Crime statistics, table {number}) Tj ET"
        page.obj.Contents = pdf.make_stream(text.encode())
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def _render_outcomes():
    """Collect the ``Outcome`` of every render the documents store starts."""
    outcomes = []

    def recording(*args, **kwargs):
        outcome = limits.run_limited(*args, **kwargs)
        outcomes.append(outcome)
        return outcome

    with (
        mock.patch.object(documents, "run_limited", recording),
        mock.patch.object(assembled, "run_limited", recording),
    ):
        yield outcomes


class Command(BaseCommand):
    help = (
        "Print the cold render time and peak memory of the demo pack and of a 100-page "
        "pack, chromium's time for the same HTML, and the median time to serve a stored "
        "pack. Prints figures only: it never fails on a missed target."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Timed cached requests.")
        parser.add_argument("--chromium", default="chromium", help="The chromium to compare.")

    def handle(self, *args, requests, chromium, **options):
        with throwaway_database(self.stdout) as scratch:
            store = scratch / "media"
            with override_settings(MEDIA_ROOT=store), production_like:
                self._bench(scratch, requests, chromium)

    def _bench(self, scratch: Path, requests: int, chromium: str):
        demo = demo_load()
        long = build_long_meeting(demo.committee, reports=10, sections=4, paragraphs=12)
        self.stdout.write(
            f"WeasyPrint {weasyprint.__version__}, {os.cpu_count()} CPUs; each time is the "
            f"median of {RUNS}, in the worker from the task's start to the stored file."
        )
        self._cold(demo, "demo pack", target_seconds=2)
        long_pages, long_seconds = self._cold(
            long, "synthetic pack", target_seconds=10, target_mb=300
        )
        self._chromium(long, chromium, scratch, long_pages, long_seconds)
        self._one_paragraph(long)
        self._big_appendix(long)
        for meeting, label in ((demo, "demo pack"), (long, "synthetic pack")):
            self._cached(meeting, label, requests)
        self._tracker_at_scale()

    def _one_paragraph(self, meeting):
        """The pack stored, one paragraph of its fifth report changes: the time to the
        new pack, with only that report (and, if a number moved, the front) rendered."""
        url = reverse("meetings:pack_pdf", args=[meeting.pk])
        paragraph = ReportParagraph.objects.filter(
            section__report__agenda_item__meeting=meeting, section__report__agenda_item__number=5
        ).first()
        samples, renders = [], []
        for run in range(RUNS):
            self._render_now(url)  # the pack as it stands, stored
            services.report_paragraph_update(
                record=paragraph,
                user=None,
                edit_token=edit_token(paragraph),
                text=f"{paragraph.text} Amended at the meeting ({run + 1}).",
            )
            paragraph.refresh_from_db()
            seconds, outcomes = self._render_now(url)
            samples.append(seconds)
            renders.append(len(outcomes))
        median = statistics.median(samples)
        self.stdout.write(
            f"synthetic pack after one paragraph changed: {median:.2f} s to the new pack "
            f"({max(renders)} steps at most: the report, then the assembly); "
            + self._verdict(median < 1.5, "under 1.5 s")
        )

    def _big_appendix(self, meeting):
        """The same pack with a 1-page appendix, then with a 1,000-page one."""
        report = Report.objects.filter(agenda_item__meeting=meeting).order_by("pk").first()
        appendix = Appendix.objects.create(report=report, number=1, title="Crime statistics")
        url = reverse("meetings:pack_pdf", args=[meeting.pk])
        medians = {}
        for pages in (1, 1000):
            cleaned = clean_pdf(_text_pages(pages))
            for name, value in checked_fields(cleaned).items():
                setattr(appendix, name, value)
            appendix.file.save(f"statistics-{pages}.pdf", ContentFile(cleaned.content))
            samples = []
            for _ in range(RUNS):
                self._forget_documents()
                samples.append(self._render_now(url)[0])
            medians[pages] = statistics.median(samples)
        ratio = medians[1000] / medians[1]
        self.stdout.write(
            f"synthetic pack with a 1,000-page appendix: {medians[1000]:.2f} s cold, against "
            f"{medians[1]:.2f} s with a 1-page one ({(ratio - 1) * 100:+.0f}%); "
            + self._verdict(ratio <= 1.2, "within 20%")
        )
        appendix.delete()

    @staticmethod
    def _forget_documents():
        """An empty documents store, no render on record and nothing remembered (the
        pack front's length, say): the next request is cold."""
        DocumentRender.objects.all().delete()
        cache.clear()
        shutil.rmtree(documents.stored_path("x").parent, ignore_errors=True)

    @staticmethod
    def _render_now(url) -> tuple[float, list]:
        """Ask for the pack, and time the worker's task that renders and stores it."""
        if Client().get(url).status_code == 200:
            return 0.0, []
        with _render_outcomes() as outcomes:
            started = time.perf_counter()
            drain_render_queue.call()
            seconds = time.perf_counter() - started
        if Client().get(url).status_code != 200:
            raise RuntimeError(f"{url} was not rendered by the worker")
        return seconds, outcomes

    def _tracker_at_scale(self):
        """Twenty years of records, and the printed tracker of every recommendation."""
        self.stdout.write("Seeding twenty years of records for the printed tracker …")
        seed_twenty_years(label="Bench tracker")
        day = datetime.date.today()
        document = KINDS["tracker"].build(
            {"filters": {}, "day": day.isoformat()}, stand_in_reader(None)
        )
        started = time.perf_counter()
        steps = document.render()
        seconds = time.perf_counter() - started
        pages = len(pypdf.PdfReader(documents.stored_path(document.key)).pages)
        limit_mb = settings.SCRUTINY_RENDER_MEMORY_BYTES / MB
        limit_seconds = settings.SCRUTINY_RENDER_SECONDS
        self.stdout.write(
            f"printed tracker, {document.context['total']:,} recommendations: {pages} pages "
            f"in {len(document.parts)} parts, rendered by the worker in {seconds:.1f} s "
            f"({len(steps)} steps, limits {limit_seconds:.0f} s and {limit_mb:.0f} MB a step):"
        )
        for index, step in enumerate(steps, start=1):
            kind = (
                "count the pages of a part"
                if index <= len(document.parts)
                else "render a part"
                if index <= 2 * len(document.parts)
                else "join the parts"
            )
            self.stdout.write(
                f"  step {index:>2} ({kind}): {step.seconds:.1f} s, "
                f"peak memory {step.peak_memory_bytes / MB:.0f} MB"
            )
        slowest = max(step.seconds for step in steps)
        self.stdout.write(
            f"  slowest step {slowest:.1f} s; largest peak "
            f"{max(step.peak_memory_bytes for step in steps) / MB:.0f} MB"
        )

    def _cold(self, meeting, label, target_seconds, target_mb=None):
        """The reader's request queues the pack; the worker's render of it is timed,
        from an empty documents store each time."""
        url = reverse("meetings:pack_pdf", args=[meeting.pk])
        app_size = _resident_bytes()
        samples, peaks, in_steps = [], [], []
        for _ in range(RUNS):
            self._forget_documents()
            seconds, outcomes = self._render_now(url)
            samples.append(seconds)
            peaks.append(max(outcome.peak_memory_bytes for outcome in outcomes))
            in_steps.append(sum(outcome.seconds for outcome in outcomes))
        response = Client().get(url)
        pages = len(pypdf.PdfReader(io.BytesIO(response.content)).pages)
        seconds = statistics.median(samples)
        peak_mb = max(peaks) / MB
        verdicts = [self._verdict(seconds < target_seconds, f"under {target_seconds} s")]
        if target_mb:
            verdicts.append(self._verdict(peak_mb < target_mb, f"under {target_mb} MB"))
        self.stdout.write(
            f"{label}: {pages} pages, cold render by the worker {seconds:.2f} s "
            f"({len(outcomes)} steps, {statistics.median(in_steps):.2f} s of work in them, "
            "side by side where they can be); peak memory "
            f"of its largest step {peak_mb:.0f} MB (the app process was {app_size / MB:.0f} MB "
            "before it forked); " + "; ".join(verdicts)
        )
        return pages, seconds

    def _chromium(self, meeting, chromium, scratch: Path, pages: int, weasyprint_seconds):
        executable = shutil.which(chromium)
        if not executable:
            self.stdout.write(f"chromium: not found ({chromium}); no comparison printed.")
            return
        # The same HTML, its stylesheet read from the static folder rather than the site.
        static = Path(settings.BASE_DIR, "static").as_uri() + "/"
        html = pack_document(meeting, AnonymousUser()).html
        page = scratch / "pack.html"
        page.write_text(html.replace(f'"{settings.STATIC_URL}', f'"{static}'))
        blank = scratch / "blank.html"
        blank.write_text('<!DOCTYPE html><html lang="en-GB"><title>Blank</title></html>')
        startup = statistics.median(
            self._print_with_chromium(executable, blank, scratch) for _ in range(RUNS)
        )
        seconds = statistics.median(
            self._print_with_chromium(executable, page, scratch) for _ in range(RUNS)
        )
        printed = len(pypdf.PdfReader(scratch / "out.pdf").pages)
        ratio = weasyprint_seconds / seconds
        self.stdout.write(
            f"chromium --headless --print-to-pdf, same HTML: {printed} pages in {seconds:.2f} s "
            f"({startup:.2f} s of it starting the browser, as for a blank page); the pack's "
            f"cold render / chromium's: {ratio:.2f} "
            f"({weasyprint_seconds / max(seconds - startup, 0.01):.2f} without chromium's "
            f"start-up); {self._verdict(ratio <= 2.5, 'at most 2.5')}. The pack has "
            f"{pages} pages with running headers and contents page numbers, which chromium "
            "leaves out."
        )

    def _print_with_chromium(self, executable, page: Path, scratch: Path) -> float:
        with tempfile.TemporaryDirectory(dir=scratch) as profile:
            command = [
                executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={scratch / 'out.pdf'}",
                page.as_uri(),
            ]
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603
            return time.perf_counter() - started

    def _cached(self, meeting, label, requests):
        url = reverse("meetings:pack_pdf", args=[meeting.pk])
        self._render_now(url)  # stored already, unless a later figure changed the meeting
        client = Client()
        client.get(url)  # this one warms the process
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        median = statistics.median(samples)
        self.stdout.write(
            f"{label}, stored: median {median:.1f} ms, p95 {percentile(samples, 95):.1f} ms "
            f"to serve {len(response.content) / 1024:.0f} KB over {requests} requests; "
            + self._verdict(median < 20, "median under 20 ms")
        )

    @staticmethod
    def _verdict(met: bool, target: str) -> str:
        return f"target {target} {'met' if met else 'MISSED'}"
