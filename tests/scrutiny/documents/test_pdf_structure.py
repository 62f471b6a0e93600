"""A meeting pack with uploaded appendices merged in is still a sound tagged PDF.

The pack is assembled from its papers, each rendered apart, with the uploads' own pages
between them (scrutiny.documents.assembly.assemble). The papers' structure trees become
one, pointing only at the papers' pages; the uploaded pages must not bring keys into
their own file's structure tree along; and every page is stamped as an artifact.
"""

import io

import pypdf
import pytest
from django.urls import reverse
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from scrutiny.documents.pdf import render_pdf
from tests.helpers import attach_pdf, download, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads(demo_meeting, settings, tmp_path):
    """Item 7's two appendices: a blank untagged PDF, and a tagged one with a link."""
    settings.MEDIA_ROOT = tmp_path
    appendices = demo_meeting.agenda_items.get(number=7).report.appendices
    blank = appendices.get(number=1)
    attach_pdf(blank, tiny_pdf(pages=2))
    # Made by WeasyPrint like the pack, so it has a structure tree of its own and a link
    # annotation keyed into it: the keys that must not come along. Passed through pypdf,
    # which labels it %PDF-1.3, as it does tiny_pdf's: the uploads' versions are lower
    # than the pack's own.
    plan = render_pdf(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Plan</title></head><body>'
        '<p>Refresh page one, <a href="https://example.org/">a link</a></p>'
        '<p style="break-before: page">Refresh page two</p>'
        '<p style="break-before: page">Refresh page three</p></body></html>'
    )
    relabelled = io.BytesIO()
    pypdf.PdfWriter(clone_from=io.BytesIO(plan)).write(relabelled)
    tagged = appendices.get(number=2)
    attach_pdf(tagged, relabelled.getvalue())
    # Each upload's slot (the id of its first empty page), appendix number and pages.
    return {
        "blank": (f"appendix-slot-{blank.pk}", 1, 2),
        "tagged": (f"appendix-slot-{tagged.pk}", 2, 3),
    }


@pytest.fixture
def pack(client, demo_meeting, uploads):
    response = download(client, reverse("meetings:pack_pdf", args=[demo_meeting.pk]))
    assert response.status_code == 200
    return pypdf.PdfReader(io.BytesIO(response.content))


def ref(value) -> int | None:
    """The object number a value refers to, or None for a direct or missing one."""
    if isinstance(value, IndirectObject):
        return value.idnum
    return getattr(getattr(value, "indirect_reference", None), "idnum", None)


def listed(value) -> list:
    if value is None:
        return []
    value = value.get_object()
    return list(value) if isinstance(value, ArrayObject) else [value]


def elements(node) -> list[DictionaryObject]:
    """Every structure element reachable from node through /K."""
    found = []
    for kid in listed(node.get("/K")):
        item = kid.get_object()
        if isinstance(item, DictionaryObject) and item.get("/Type") not in {"/MCR", "/OBJR"}:
            found += [item, *elements(item)]
    return found


def number_tree(node) -> dict[int, object]:
    node = node.get_object()
    nums = listed(node.get("/Nums"))
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for kid in listed(node.get("/Kids")):
        entries |= number_tree(kid)
    return entries


def bookmarks(pdf, outline=None) -> dict[str, int]:
    """Every bookmark, however deeply nested, and the page it leads to."""
    found = {}
    for item in pdf.outline if outline is None else outline:
        if isinstance(item, list):
            found |= bookmarks(pdf, item)
        else:
            found[item.title] = pdf.get_destination_page_number(item)
    return found


def uploaded_pages(pdf, uploads) -> dict[str, list]:
    """Each upload's pages, found by the bookmark the assembly gives it."""
    found = {}
    for name, (_, number, count) in uploads.items():
        first = next(
            page for title, page in bookmarks(pdf).items() if f"Appendix {number}:" in title
        )
        found[name] = pdf.pages[first : first + count]
    return found


def structure_problems(pdf, uploads) -> list[str]:
    """What is wrong with the merged pack's structure tree, named one by one."""
    problems = []
    pages = {ref(page): index for index, page in enumerate(pdf.pages)}
    by_upload = uploaded_pages(pdf, uploads)
    uploaded = {ref(page) for found in by_upload.values() for page in found}
    tree = pdf.trailer["/Root"]["/StructTreeRoot"]

    # Every element, marked-content and object reference is on a page of the document,
    # and none on an uploaded page: what tagged the empty pages went with them.
    for element in elements(tree):
        on = [element.get("/Pg")]
        on += [
            kid.get_object().get("/Pg")
            for kid in listed(element.get("/K"))
            if isinstance(kid.get_object(), DictionaryObject)
            and kid.get_object().get("/Type") in {"/MCR", "/OBJR"}
        ]
        for page in filter(None, on):
            if ref(page) not in pages:
                problems.append(f"{element['/S']} {ref(element)} is on a page taken out")
            elif ref(page) in uploaded:
                problems.append(f"{element['/S']} {ref(element)} is on an uploaded page")

    # The parent tree has an entry for each generated page and annotation, and no other;
    # each names elements on the page they are for. (WeasyPrint keeps the running header
    # and footer out of /K, so these are checked by their /Pg, not by being in the tree.)
    keys = {}
    for page in pdf.pages:
        annotations = [annotation.get_object() for annotation in listed(page.get("/Annots"))]
        if page.get("/Tabs") != "/S":
            problems.append(f"page {pages[ref(page)] + 1} has no /Tabs /S")
        if ref(page) in uploaded:
            # Keys into the upload's own parent tree would name the pack's entries.
            if "/StructParents" in page or any("/StructParent" in a for a in annotations):
                problems.append(f"uploaded page {pages[ref(page)] + 1} keeps its tree's keys")
            continue
        if "/StructParents" not in page:
            problems.append(f"page {pages[ref(page)] + 1} has lost its /StructParents")
            continue
        keys[int(page["/StructParents"])] = ref(page)
        keys |= {int(annotation["/StructParent"]): ref(page) for annotation in annotations}
    entries = number_tree(tree["/ParentTree"])
    for key in sorted(set(entries) - set(keys)):
        problems.append(f"parent tree key {key} is for no page or annotation")
    for key in sorted(set(keys) - set(entries)):
        problems.append(f"key {key} of page {pages[keys[key]] + 1} is not in the parent tree")
    for key in set(entries) & set(keys):
        for entry in listed(entries[key]):
            if ref(entry.get_object().get("/Pg")) != keys[key]:
                problems.append(f"parent tree key {key} names {ref(entry)}, on another page")

    # No page object is left in the file outside the page tree.
    numbers = {number for generation in pdf.xref.values() for number in generation}
    for number in sorted(numbers | set(pdf.xref_objStm)):
        obj = pdf.get_object(number)
        if (
            isinstance(obj, DictionaryObject)
            and obj.get("/Type") == "/Page"
            and number not in pages
        ):
            problems.append(f"page object {number} is written out but not in the pages")

    # Every named destination lands on a page of the document, and every link within it
    # (the contents', the agenda's) on one of its pages; the contents link to each upload.
    for name, destination in pdf.named_destinations.items():
        if ref(destination.page) not in pages:
            problems.append(f"destination {name} is on a page taken out")
    linked = set()
    for page in pdf.pages:
        for annotation in listed(page.get("/Annots")):
            dest = annotation.get_object().get("/Dest")
            if isinstance(dest, ArrayObject):
                if ref(dest[0]) not in pages:
                    problems.append("a link leads to a page taken out")
                linked.add(ref(dest[0]))
    for name, found in by_upload.items():
        if ref(found[0]) not in linked:
            problems.append(f"no link leads to the {name} upload")
    return problems


def test_the_merged_pack_is_still_a_sound_tagged_pdf(pack, uploads):
    assert structure_problems(pack, uploads) == []
    tagged = uploaded_pages(pack, uploads)["tagged"]
    assert "Refresh page one" in tagged[0].extract_text()
    assert "Refresh page three" in tagged[2].extract_text()
    # The file is still PDF 1.7, which its tagging needs, and the catalog still says
    # what PDF/UA asks of it.
    assert pack.pdf_header == "%PDF-1.7"
    root = pack.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid:part" in root["/Metadata"].get_data()
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pack.metadata.title.startswith("Meeting pack: Communities, Housing")
