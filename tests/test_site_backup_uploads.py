"""A site restore puts every restored appendix through the check and cleaning every upload
takes: a backup may come from a copy of the site that stored its files before that."""

import json

from tests.test_site_backup import empty_database, run, site  # noqa: F401

# The old site: the demo meeting, each bad PDF stored as uploaded on one of item 7's
# appendices and marked clean, as a backup made elsewhere might claim; then its backup.
OLD_SITE = """
import sys
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.management import call_command
from meetings.models import Appendix, Meeting
from tests.bad_pdfs import BROKEN, DANGEROUS
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
report = Meeting.objects.get().agenda_items.get(number=7).report
for number, (kind, build) in enumerate({**DANGEROUS, **BROKEN}.items(), start=3):
    appendix = Appendix(report=report, number=number, title=kind, file_is_clean=True)
    appendix.file.save("sample.pdf", ContentFile(build()))
call_command("backup_site", "--output", sys.argv[1])
"""

# The new site: the backup restored; what became of each appendix, and the public pack.
NEW_SITE = """
import io
import json
import sys
import django
django.setup()
import pypdf
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from meetings.documents import pack_document
from meetings.models import Appendix, Meeting
from tests.bad_pdfs import dangers
call_command("restore_site", sys.argv[1])
found = {}
for appendix in Appendix.objects.exclude(file=""):
    with appendix.file.open("rb") as stored:
        content = stored.read()
    found[appendix.title] = {
        "clean": appendix.file_is_clean,
        "problem": appendix.file_problem,
        "dangers": dangers(content) if appendix.file_is_clean else None,
    }
pack = pack_document(Meeting.objects.get(), AnonymousUser()).pdf()
text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pack)).pages)
print(json.dumps({"appendices": found, "pack dangers": dangers(pack), "pack text": text}))
"""


def test_a_restore_cleans_every_appendix_and_keeps_what_it_cannot_clean_out_of_the_pack(
    tmp_path,
    empty_database,  # noqa: F811
):
    backup = tmp_path / "site.zip"
    old = site(SQLITE_PATH=str(tmp_path / "old.sqlite3"), MEDIA_ROOT=str(tmp_path / "old"))
    run("-c", OLD_SITE, backup, env=old)
    new = site(DATABASE_URL=empty_database, MEDIA_ROOT=str(tmp_path / "new"))
    restored = run("-c", NEW_SITE, backup, env=new)
    *said, result = restored.stdout.strip().splitlines()
    result = json.loads(result)

    appendices = result["appendices"]
    for kind in ("javascript", "launch", "embedded file", "form submit", "malformed annotations"):
        assert appendices[kind] == {"clean": True, "problem": "", "dangers": []}, kind
    assert appendices["encrypted"]["problem"].startswith("The PDF is protected by a password")
    assert appendices["deep page tree"]["problem"].startswith("The file is not a readable PDF")
    assert not appendices["encrypted"]["clean"] and not appendices["deep page tree"]["clean"]
    # The restore says which files it could not clean.
    assert sum("Not clean, left out of every pack" in line for line in said) == 2
    assert result["pack dangers"] == []
    assert result["pack text"].count("Appendix text") == 4 + 2  # one page each, two repaired
    for number in (7, 8):  # the encrypted file and the deep page tree, by number
        assert f"Appendix {number} could not be included in this pack" in result["pack text"]
