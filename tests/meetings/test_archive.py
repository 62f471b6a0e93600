"""A meeting moved to another database by export_meeting and import_meeting: the same
pages and the same PDFs there, its history kept, nothing else in that database changed."""

import datetime
import json
import tracemalloc
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django_tasks import default_task_backend
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meetings.archive import meeting_export, meeting_import
from meetings.archive.contents import PARTS, ArchiveError
from meetings.archive.signing import SIGNATURE_NAME, archive_signature
from meetings.demo import demo_load
from meetings.letter_records import render_letter_record
from meetings.lifecycle import recommendation_agree, recommendation_response_record
from meetings.models import (
    AgendaItem,
    LineOfEnquiry,
    Meeting,
    Recommendation,
    RecommendationLetter,
    RecommendationResponse,
    RecommendationStep,
    ReportParagraph,
    Supplement,
)
from meetings.services import child_delete, letters_issue
from partnership.models import Agency
from scrutiny.documents.uploads import clean_pdf
from scrutiny.kernel.page_cache import current_version
from scrutiny.kernel.roles import OFFICERS_GROUP
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    meeting_with_a_full_record,
    meeting_with_supplements,
)
from tests.helpers import (
    RECORD_MODELS,
    assert_a_sentence,
    attach_pdf,
    change_times,
    meeting_record_rows,
    read_meeting,
    rewrite_archive,
    tiny_pdf,
    under_declare,
)


def _officer(django_user_model):
    user = django_user_model.objects.create_user(username="officer", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    return user


def _a_meeting_with_a_past(officer) -> Meeting:
    """The demo meeting, with what months of work leave on a meeting: an uploaded
    appendix, an exempt item, edits by an officer, a binned item and a removed
    paragraph, agreed recommendations, their letters and a partner's response."""
    meeting = demo_load()
    report = meeting.agenda_items.get(number=7).report
    attach_pdf(report.appendices.get(number=2), tiny_pdf(2))
    AgendaItemFactory(
        meeting=meeting, number=11, title="Named people at risk", is_exempt=True, exempt_paragraph=1
    )
    binned = AgendaItemFactory(meeting=meeting, number=12, title="Withdrawn item")
    child_delete(record=binned, user=officer)
    meeting._history_user = officer
    meeting.venue = "Town Hall, High Street, Maidstone"
    meeting.save()
    child_delete(record=report.sections.first().paragraphs.first(), user=officer)
    police = Agency.objects.get(name="Kent Police")
    first, second = meeting.recommendations.order_by("position")
    first.addressee_agencies.add(police)
    for recommendation in (first, second):
        recommendation_agree(recommendation=recommendation, user=officer)
    letters_issue(meeting=meeting, user=officer, issued_on=datetime.date(2018, 10, 1))
    # Each letter kept as a record, as the task worker does once they are issued; then
    # an edit after issue, which the records must not show.
    for letter in meeting.letters.all():
        render_letter_record.call(letter.pk)
    first.refresh_from_db()
    first.text = "Edited after its letter went out."
    first._history_user = officer
    first.save()
    recommendation_response_record(
        recommendation=first,
        user=officer,
        agency=police,
        outcome=RecommendationResponse.Outcome.ACCEPTED,
        text="Kent Police accept the recommendation and will report in March.",
        received_on=datetime.date(2018, 11, 20),
    )
    return meeting


def _delete_outright(meeting: Meeting) -> None:
    """What the app never does (it bins): the test makes room for the same meeting."""
    RecommendationLetter.objects.filter(meeting=meeting).delete()
    RecommendationStep.objects.filter(recommendation__meeting=meeting).delete()
    Recommendation.all_objects.filter(meeting=meeting).delete()
    Meeting.all_objects.filter(pk=meeting.pk).delete()


@pytest.fixture
def archive(officer, tmp_path, settings):
    """The archive of a meeting with a past, which is then deleted outright, so that the
    database it came from can take it again."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    meeting = _a_meeting_with_a_past(officer)
    archive = tmp_path / "meeting.zip"
    meeting_export(meeting=meeting, destination=archive)
    _delete_outright(meeting)
    return archive


@pytest.mark.django_db(transaction=True)
def test_a_meeting_moved_to_an_empty_database_reads_and_prints_the_same(
    django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "uploads-here"
    officer = _officer(django_user_model)
    meeting = _a_meeting_with_a_past(officer)
    before = read_meeting(meeting, officer)
    assert sum(address.endswith(".pdf") for address in before) >= 7
    times = change_times(*(part.model for part in PARTS))
    archive = tmp_path / "meeting.zip"
    call_command("export_meeting", str(meeting.pk), "--output", str(archive))

    # The other database: empty, with its own uploads folder and its own officer.
    call_command("flush", "--no-input")
    settings.MEDIA_ROOT = tmp_path / "uploads-there"
    officer = _officer(django_user_model)
    call_command("import_meeting", str(archive))

    moved = Meeting.all_objects.get()
    assert moved.pk == meeting.pk
    after = read_meeting(moved, officer)
    assert list(after) == list(before)
    for address, content in before.items():
        assert after[address] == content, f"{address} differs after the move"
    # To the microsecond: changes made within one millisecond keep their order.
    assert change_times(*(part.model for part in PARTS)) == times


@pytest.mark.django_db
def test_an_import_beside_other_records_renumbers_and_reuses_the_shared_ones(
    officer, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    meeting = _a_meeting_with_a_past(officer)
    old = {
        "pk": meeting.pk,
        "items": list(meeting.agenda_items.values_list("number", "title")),
        "paragraphs": ReportParagraph.objects.filter(
            section__report__agenda_item__meeting=meeting
        ).count(),
        "history": Meeting.history.filter(id=meeting.pk).count(),
        "letters": {r.position: r.letters.count() for r in meeting.recommendations.all()},
        "responses": list(RecommendationResponse.objects.values_list("agency__name", "text")),
    }
    archive = tmp_path / "meeting.zip"
    meeting_export(meeting=meeting, destination=archive)

    with pytest.raises(ArchiveError, match=r"already has a meeting of .* on 25 September 2018"):
        meeting_import(source=archive)

    _delete_outright(meeting)
    agencies = Agency.objects.count()
    summary = meeting_import(source=archive)

    moved = summary.meeting
    assert moved.pk != old["pk"] and summary.renumbered > 0
    assert summary.created == [] and Agency.objects.count() == agencies
    assert list(moved.agenda_items.values_list("number", "title")) == old["items"]
    assert AgendaItem.all_objects.filter(meeting=moved, deleted_at__isnull=False).count() == 1
    assert (
        ReportParagraph.objects.filter(section__report__agenda_item__meeting=moved).count()
        == old["paragraphs"]
    )
    assert Meeting.history.filter(id=moved.pk).count() == old["history"]
    assert Meeting.history.filter(id=moved.pk).latest().history_user == officer
    assert (
        list(RecommendationResponse.objects.values_list("agency__name", "text"))
        == (old["responses"])
    )
    for line in LineOfEnquiry.objects.filter(meeting=moved, source_paragraph__isnull=False):
        assert line.source_paragraph.section.report.agenda_item.meeting == moved
    for recommendation in Recommendation.objects.filter(meeting=moved):
        letters = recommendation.letters.values_list("meeting", flat=True)
        assert len(letters) == old["letters"][recommendation.position]
        assert set(letters) == {moved.pk}
    (appendix,) = moved.agenda_items.get(number=7).report.appendices.exclude(file="")
    # Cleaned on its way in, as it was when first uploaded: cleaning changes a clean file
    # no further.
    assert appendix.file_is_clean and appendix.file.read() == clean_pdf(tiny_pdf(2)).content

    # Numbers handed out later never meet a number the import gave a record or its history.
    later = MeetingFactory(committee=moved.committee)
    assert (
        later.pk > moved.pk
        and not Meeting.history.filter(id=later.pk).exclude(history_type="+").exists()
    )


@pytest.mark.django_db
def test_a_damaged_or_foreign_archive_is_refused_with_the_reason_and_leaves_nothing(
    archive, tmp_path
):
    uploads_before = sorted((tmp_path / "uploads").rglob("*"))

    not_a_zip = tmp_path / "notes.zip"
    not_a_zip.write_text("minutes")

    def other_table(document):
        document["tables"]["auth.user"] = [{"id": 1, "username": "intruder"}]

    def unknown_field(document):
        document["tables"]["meetings.meeting"][0]["secret"] = "x"

    def newer(document):
        document["version"] = 99

    def bad_date(document):
        document["tables"]["meetings.recommendationresponse"][0]["received_on"] = "someday"

    def no_number(document):
        del document["tables"]["meetings.agendaitem"][0]["id"]

    def damaged_file(document):
        for name in document["files"]:
            document["files"][name] = "0" * 64

    cases = {
        not_a_zip: "cannot be opened",
        other_table: "holds records of “auth.user”",
        unknown_field: r"fields this version of Scrutiny does not know \(secret\)",
        newer: "written by a newer version",
        bad_date: "“someday” as its received on",
        no_number: "The archive is damaged: a value is missing or of the wrong kind",
        damaged_file: r"appendix file in the archive \(appendices/.*\) is damaged",
    }
    for case, reason in cases.items():
        source = case
        if callable(case):
            source = tmp_path / f"{case.__name__}.zip"
            rewrite_archive(archive, source, case)
        with pytest.raises(ArchiveError, match=reason):
            meeting_import(source=source)
        assert not Meeting.all_objects.exists()
        assert sorted((tmp_path / "uploads").rglob("*")) == uploads_before

    with pytest.raises(CommandError, match="There is no meeting 999999"):
        call_command("export_meeting", "999999", "--output", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_meeting", str(tmp_path / "missing.zip"))


def _exempt_item_opened(document):
    for item in document["tables"]["meetings.agendaitem"]:
        if item["title"] == "Named people at risk":
            item["is_exempt"], item["exempt_paragraph"] = False, None


@pytest.mark.django_db
def test_an_archive_altered_after_export_is_refused_unless_signed_with_the_key(
    archive, tmp_path, settings
):
    opened = tmp_path / "opened.zip"
    rewrite_archive(archive, opened, _exempt_item_opened, sign=False)
    with pytest.raises(ArchiveError, match="signature does not match: it has been altered"):
        meeting_import(source=opened)
    assert not Meeting.all_objects.exists()

    unsigned = tmp_path / "unsigned.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(unsigned, "w") as copy:
        for info in source.infolist():
            if info.filename != SIGNATURE_NAME:
                copy.writestr(info, source.read(info))
    with pytest.raises(ArchiveError, match="The archive is not signed"):
        meeting_import(source=unsigned)

    # Another site's archive, exported under another key, is refused the same way...
    settings.SCRUTINY_ARCHIVE_KEY = "a key this site and its partner site share"
    with pytest.raises(ArchiveError, match="exported by a site with another archive key"):
        meeting_import(source=archive)
    assert not Meeting.all_objects.exists()
    # ...and taken once both sites set the same key: only its holder can vouch for edits.
    rewrite_archive(archive, opened, _exempt_item_opened)
    meeting_import(source=opened)
    assert not AgendaItem.objects.get(title="Named people at risk").is_exempt


def _bloated_records(archive, destination, size: int) -> None:
    """The archive with its records padded to ``size`` bytes and signed, as a site with
    the key could write them; the zip then says they are 1 KB."""
    with zipfile.ZipFile(archive) as source:
        records = source.read("meeting.json")
        files = [(info, source.read(info)) for info in source.infolist()]
    records = records + b" " * (size - len(records))
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as copy:
        for info, content in files:
            if info.filename == "meeting.json":
                content = records
            elif info.filename == SIGNATURE_NAME:
                content = archive_signature(records).encode()
            copy.writestr(info.filename, content)
    under_declare(destination, "meeting.json", 1024)


@pytest.mark.django_db
def test_a_zip_member_past_its_limit_is_refused_before_and_while_it_is_read(
    archive, tmp_path, settings
):
    uploads_before = sorted((tmp_path / "uploads").rglob("*"))
    lying = tmp_path / "lying.zip"
    _bloated_records(archive, lying, 64 * 1024 * 1024)
    assert lying.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ArchiveError, match=r"meeting\.json cannot be read: the archive is"):
            meeting_import(source=lying)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"reading a lying zip took {peak:,} bytes"

    settings.SCRUTINY_ARCHIVE_RECORDS_MAX_BYTES = 1024
    with pytest.raises(ArchiveError, match=r"meeting\.json is larger than the 1,024 bytes"):
        meeting_import(source=archive)
    settings.SCRUTINY_ARCHIVE_RECORDS_MAX_BYTES = 64 * 1024 * 1024
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ArchiveError, match=r"files/appendices/.*\.pdf is larger than"):
        meeting_import(source=archive)
    assert not Meeting.all_objects.exists()
    assert sorted((tmp_path / "uploads").rglob("*")) == uploads_before


def _zip_of(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


@pytest.mark.django_db
def test_every_refused_import_ends_in_a_sentence_and_leaves_nothing(archive, tmp_path):
    uploads_before = sorted((tmp_path / "uploads").rglob("*"))
    not_a_zip = tmp_path / "notes.zip"
    not_a_zip.write_text("minutes")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    not_json = b"{not json"

    def signed(name, change):
        rewrite_archive(archive, tmp_path / name, change)
        return tmp_path / name

    def number_zero(document):
        document["tables"]["meetings.agendaitem"][-1]["number"] = 0

    def damaged_file(document):
        document["files"] = dict.fromkeys(document["files"], "0" * 64)

    bomb = tmp_path / "bomb.zip"
    _bloated_records(archive, bomb, 8 * 1024 * 1024)
    cases = {
        "not a zip": (not_a_zip, "cannot be opened"),
        "truncated": (truncated, "cannot be opened: it is not a zip file, or it has been cut"),
        "no records": (_zip_of(tmp_path / "empty.zip", {"notes.txt": b"x"}), "no meeting.json"),
        "bad JSON": (
            _zip_of(
                tmp_path / "bad-json.zip",
                {"meeting.json": not_json, SIGNATURE_NAME: archive_signature(not_json).encode()},
            ),
            "its meeting.json is not valid JSON",
        ),
        "wrong version": (
            signed("newer.zip", lambda document: document.update(version=99)),
            "written by a newer version",
        ),
        "bad signature": (
            _zip_of(tmp_path / "forged.zip", {"meeting.json": b"{}", SIGNATURE_NAME: b"0" * 64}),
            "signature does not match",
        ),
        "oversized member": (bomb, "meeting.json cannot be read"),
        "digest mismatch": (signed("damaged.zip", damaged_file), r"\(appendices/.*\) is damaged"),
        "record refused": (signed("zero.zip", number_zero), "break its rules"),
    }
    for case, (source, reason) in cases.items():
        with pytest.raises(CommandError, match=reason) as refused:
            call_command("import_meeting", str(source))
        assert_a_sentence(str(refused.value))
        assert not Meeting.all_objects.exists(), case
        assert sorted((tmp_path / "uploads").rglob("*")) == uploads_before, case


@pytest.mark.django_db
def test_an_import_retires_cached_pages_and_queues_the_meetings_documents(
    archive, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        summary = meeting_import(source=archive)
    assert current_version() == before + 1
    assert summary.meeting.is_public
    assert [result.args[0] for result in default_task_backend.results] == [summary.meeting.pk]
    default_task_backend.clear()


@pytest.mark.django_db
def test_work_by_a_user_this_database_lacks_is_kept_without_the_name(archive, officer):
    officer.delete()

    summary = meeting_import(source=archive)

    assert summary.missing_users == ["officer"]
    moved = summary.meeting
    latest = Meeting.history.filter(id=moved.pk).latest()
    assert latest.venue == "Town Hall, High Street, Maidstone" and latest.history_user is None
    step = moved.recommendations.get(position=1).steps.filter(kind="response").get()
    assert step.taken_by is None and step.taken_by_name


# What a hand-edited archive could hold in place of any one value.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=40),
    st.sampled_from(["2018-02-30", "25/09/2018", "\x00", "<script>x</script>", "1e400"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)


ARCHIVE_EXAMPLES = hypothesis_settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _Undo(Exception):
    """Raised to roll an example's import back, so each starts from the same database."""


@pytest.mark.django_db
def test_any_value_in_any_field_of_an_archive_is_imported_or_refused_with_a_reason(
    archive, tmp_path
):
    with zipfile.ZipFile(archive) as source:
        document = json.loads(source.read("meeting.json"))
    fields = [
        (section, table, index, name)
        for section in ("references", "tables")
        for table, rows in document[section].items()
        for index, row in enumerate(rows)
        for name in row
    ]

    @ARCHIVE_EXAMPLES
    @given(where=st.sampled_from(fields), value=ODD_VALUES)
    def import_with(where, value):
        section, table, index, name = where

        def change(document):
            document[section][table][index][name] = value

        altered = tmp_path / "altered.zip"
        rewrite_archive(archive, altered, change)
        try:
            with transaction.atomic():
                try:
                    meeting_import(source=altered)
                except ArchiveError as error:
                    assert str(error), "refused without a reason"
                    assert not Meeting.all_objects.exists()
                raise _Undo
        except _Undo:
            pass

    import_with()


@pytest.mark.django_db
def test_an_archive_from_before_the_text_rule_is_imported_without_control_characters(
    officer, tmp_path, settings
):
    """Text in an archive goes in as a form would take it: a vertical tab or form feed
    becomes a newline and the other C0 characters are gone, without an error."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    meeting = demo_load()
    # PostgreSQL refuses a NUL in any text column, so no record there can hold one.
    every_c0 = "".join(map(chr, range(1 if connection.vendor == "postgresql" else 0, 0x20)))
    AgendaItem.objects.filter(meeting=meeting, number=1).update(
        title=f"Apologies{every_c0}for absence", description="First\x0bsecond\x0cthird"
    )
    archive = tmp_path / "meeting.zip"
    meeting_export(meeting=meeting, destination=archive)
    _delete_outright(meeting)
    meeting_import(source=archive)
    item = AgendaItem.objects.get(meeting__date=meeting.date, number=1)
    assert item.title == "Apologies\t\n\n\n\rfor absence"
    assert item.description == "First\nsecond\nthird"


# The meeting record's own tables, whose history an archive carries.
RECORD_PARTS = [model for model in RECORD_MODELS if model in {part.model for part in PARTS}]


@pytest.mark.django_db(transaction=True)
def test_a_meetings_record_survives_an_export_and_import_identical(tmp_path, settings):
    """Attendance, declarations, a postponement, minutes, motions, amendments, votes and
    recorded votes, the approval at a later meeting, and the recommendation numbered by
    minute, moved to an empty database: field for field, numbers and history included."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    record = meeting_with_a_full_record()
    meeting = record["meeting"]
    approving = MeetingFactory(
        committee=meeting.committee, date=datetime.date(2019, 6, 12), status=Meeting.Status.HELD
    )
    meeting.status = Meeting.Status.MINUTES_AGREED
    meeting.minutes_approved_at = approving
    meeting.minutes_signed_by = record["members"][0]
    meeting.minutes_corrections = "Minute 326: the vote was 5-2, not 5-3."
    meeting.save()
    before = meeting_record_rows(meeting)
    assert all(before[model._meta.label] for model in RECORD_MODELS)
    # Sorted: the approving meeting's history is imported first.
    times = sorted(change_times(*RECORD_PARTS))
    archives = {which: tmp_path / f"{which}.zip" for which in ("minuted", "approving")}
    meeting_export(meeting=meeting, destination=archives["minuted"])
    meeting_export(meeting=approving, destination=archives["approving"])

    call_command("flush", "--no-input")
    # The approving meeting first: the minuted one's archive names it by committee and date.
    meeting_import(source=archives["approving"])
    summary = meeting_import(source=archives["minuted"])
    assert summary.dropped_links == []
    assert summary.renumbered == 0
    moved = Meeting.all_objects.get(pk=meeting.pk)
    assert meeting_record_rows(moved) == before
    assert sorted(change_times(*RECORD_PARTS)) == times
    assert moved.minutes_approved_at.date == approving.date

    # A later meeting's minutes item names the meeting whose minutes it approves.
    later = MeetingFactory(committee=moved.committee, date=datetime.date(2019, 9, 3))
    AgendaItemFactory(meeting=later, number=3, kind=AgendaItem.Kind.MINUTES, minutes_of=moved)
    meeting_export(meeting=later, destination=archives["approving"])
    Meeting.all_objects.filter(pk=later.pk).delete()
    summary = meeting_import(source=archives["approving"])
    assert summary.dropped_links == []
    assert AgendaItem.objects.get(meeting__date=later.date).minutes_of == moved


@pytest.mark.django_db
def test_a_meetings_supplements_travel_with_it_and_keep_what_waits(tmp_path, settings):
    """Published and open supplements, and what each holds, come back as they left."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    supplemented = meeting_with_supplements(CommitteeFactory())
    meeting = supplemented["meeting"]

    def held_by():
        return sorted(
            (item.number, item.supplement.number, item.supplement.is_published)
            for item in AgendaItem.objects.filter(meeting__date=meeting.date).exclude(
                supplement=None
            )
        ), sorted(
            (supplement.number, supplement.published_at, supplement.urgent_reason)
            for supplement in Supplement.objects.filter(meeting__date=meeting.date)
        )

    before = held_by()
    report = meeting.agenda_items.get(number=2).report
    assert report.supplement == supplemented["published"]
    archive = tmp_path / "meeting.zip"
    meeting_export(meeting=meeting, destination=archive)
    _delete_outright(meeting)
    assert not Supplement.objects.exists()
    meeting_import(source=archive)
    assert held_by() == before
    moved = Meeting.objects.get(date=meeting.date)
    assert moved.agenda_items.get(number=2).report.supplement.number == 1
