"""Uploaded PDFs merged into a rendered document, with its structure tree kept sound.

A document that holds uploads (the meeting pack's appendices) is rendered with empty
pages kept for them, so that its contents and "Page X of Y" count them; those pages are
then swapped for the uploads' own. What WeasyPrint tagged on the empty pages goes with
them, so the tagged PDF points at no page that is not in it.
"""

import io
from pathlib import Path

import pikepdf
import pypdf
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

from scrutiny.documents.pdf import BASE_URL, PDF_VARIANT, weasyprint_document


def render_with_inserts(
    html: str, inserts: dict[str, tuple[Path, str]], base_url: str = BASE_URL
) -> bytes:
    """Render a document, then put uploaded PDFs in place of the pages kept for them.

    The HTML keeps as many empty pages for each upload as it has (``page_slots``), headed
    by an element whose id is the key of ``inserts``, which maps it to the upload's path
    and its bookmark's title; so the contents' page numbers and
    the "Page X of Y" footers already count the uploaded pages. Those empty pages are
    then swapped for the upload's own, each upload gets a bookmark, and the generated
    pages keep their structure tree, language and metadata; what tagged the empty pages
    goes with them, and the contents' links to them lead to the uploads instead.
    """
    document = weasyprint_document(html, base_url).render()
    first_pages = {
        anchor: index
        for index, page in enumerate(document.pages)
        for anchor in page.anchors
        if anchor in inserts
    }
    rendered = pypdf.PdfReader(io.BytesIO(document.write_pdf(pdf_variant=PDF_VARIANT)))
    writer = pypdf.PdfWriter(clone_from=rendered)
    # pypdf writes %PDF-1.3 whatever it cloned, raised only to the uploads' own version;
    # the tagging features WeasyPrint used need its 1.7.
    writer.pdf_header = rendered.pdf_header
    # The empty pages taken out, by object number, each with the page put in its place.
    swapped: dict[int, IndirectObject] = {}
    # From the back, so that earlier page numbers stay put while pages are swapped.
    for anchor, start in sorted(first_pages.items(), key=lambda pair: pair[1], reverse=True):
        upload = pypdf.PdfReader(inserts[anchor][0])
        for index, page in enumerate(upload.pages, start=start):
            empty = writer.pages[index].indirect_reference
            writer.remove_page(index)
            swapped[empty.idnum] = _untagged(writer.insert_page(page, index)).indirect_reference
    _prune_structure(writer, set(swapped))
    _retarget_destinations(writer, swapped)
    for anchor, start in sorted(first_pages.items(), key=lambda pair: pair[1]):
        writer.add_outline_item(title=inserts[anchor][1], page_number=start)
    merged = io.BytesIO()
    writer.write(merged)
    # The writer still holds, and would write out, the empty pages and what described
    # them, though nothing refers to them now. A copy takes only what the document
    # refers to, so no page outside the page tree (nor its content) is left in the file.
    copy = pypdf.PdfWriter(clone_from=merged)
    copy.pdf_header = writer.pdf_header
    output = io.BytesIO()
    copy.write(output)
    return output.getvalue()


def _array(dictionary, key: str) -> list:
    value = dictionary.get(key)
    return value.get_object() if value is not None else []


def _untagged(page: pypdf.PageObject) -> pypdf.PageObject:
    """An uploaded page, without its keys into its own file's structure tree.

    Its /StructParents and its annotations' /StructParent are keys into the upload's own
    /ParentTree; here they would name the document's entries instead (pypdf drops the
    page's, not the annotations'). The upload's tags are not merged into the document's
    tree: its pages come in as content only. /Tabs /S is what PDF/UA asks of a page with
    annotations, and what every generated page has.
    """
    page.pop("/StructParents", None)
    for annotation in _array(page, "/Annots"):
        annotation.get_object().pop("/StructParent", None)
    page[NameObject("/Tabs")] = NameObject("/S")
    return page


def _prune_structure(writer: pypdf.PdfWriter, gone: set[int]) -> None:
    """Take out of the structure tree whatever described only the pages ``gone``.

    WeasyPrint tags the empty pages too (the sections they continue, the slots, the
    running header and footer); left in, those elements would point at pages that are
    no longer in the document.
    """
    tree = writer.root_object.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree.get_object():
        return
    tree = tree.get_object()
    keys = set()
    for idnum in gone:
        page = writer.get_object(idnum)
        keys.add(page.get("/StructParents"))
        keys.update(a.get_object().get("/StructParent") for a in _array(page, "/Annots"))
    _prune(tree, gone)
    # Rewritten flat, without the entries of the pages taken out: those are the only
    # references to their header and footer elements, which WeasyPrint keeps out of /K.
    entries = {k: v for k, v in _number_tree(tree["/ParentTree"]).items() if k not in keys}
    nums = ArrayObject(item for k in sorted(entries) for item in (NumberObject(k), entries[k]))
    tree[NameObject("/ParentTree")] = DictionaryObject({NameObject("/Nums"): nums})


def _prune(element: DictionaryObject, gone: set[int]) -> bool:
    """Drop the kids that were only on the pages ``gone``; whether anything is left.

    A marked-content id is on its element's /Pg, a marked-content or object reference on
    its own /Pg or else that one. An element with no content at all (an empty <div>)
    stays if its page does.
    """
    page = element.get("/Pg")
    kids = element.get("/K")
    kids = [] if kids is None else kids.get_object()
    if not isinstance(kids, ArrayObject):
        kids = [kids]
    kept = []
    for kid in kids:
        item = kid.get_object()
        if not isinstance(item, DictionaryObject):  # a marked-content id
            alive = not _on(page, gone)
        elif item.get("/Type") in {"/MCR", "/OBJR"}:
            alive = not _on(item.get("/Pg", page), gone)
        else:
            alive = _prune(item, gone)
        if alive:
            kept.append(kid)
    if len(kept) < len(kids):
        element[NameObject("/K")] = ArrayObject(kept)
    if kept and _on(page, gone):  # It goes on to other pages: kept, without this one.
        del element["/Pg"]
    return bool(kept) or (not kids and not _on(page, gone))


def _on(page, gone: set[int]) -> bool:
    return isinstance(page, IndirectObject) and page.idnum in gone


def _number_tree(node) -> dict[int, object]:
    node = node.get_object()
    nums = _array(node, "/Nums")
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for kid in _array(node, "/Kids"):
        entries |= _number_tree(kid)
    return entries


def _retarget_destinations(writer: pypdf.PdfWriter, swapped: dict[int, IndirectObject]) -> None:
    """Point the named destinations on the empty pages at the pages put in their place.

    The contents links to each upload by the id of its first empty page.
    """
    names = writer.root_object.get("/Names")
    if names is None or "/Dests" not in names.get_object():
        return
    gone = set(swapped)
    for dest in _name_tree_values(names.get_object()["/Dests"]):
        dest = dest.get_object()
        if isinstance(dest, DictionaryObject):
            dest = dest["/D"]
        if dest and _on(dest[0], gone):
            dest[0] = swapped[dest[0].idnum]


def _name_tree_values(node) -> list:
    node = node.get_object()
    names = _array(node, "/Names")
    values = [names[i] for i in range(1, len(names), 2)]
    for kid in _array(node, "/Kids"):
        values += _name_tree_values(kid)
    return values


def page_slots(path: Path) -> int:
    """How many pages an uploaded PDF will take in a document."""
    return len(pypdf.PdfReader(path).pages)


def join_tagged(parts: list[bytes]) -> bytes:
    """One tagged PDF of several, rendered one after another from one long document.

    A document too long to render in one step under the time and memory limits is
    rendered a part at a time (each part numbering its pages on from the last); this
    puts the parts' pages one after another and makes one structure tree of theirs: each
    later part's elements join the first part's document element, and its parent-tree
    keys (on its pages, its annotations and in the tree) move past the first's. The first
    part's catalog stays: its language, title, metadata and bookmarks.
    """
    with pikepdf.open(io.BytesIO(parts[0])) as joined:
        tree = joined.Root.StructTreeRoot
        tree.K = pikepdf.Array(_pike_list(tree.K))
        document = next((top for top in tree.K if top.get("/S") == "/Document"), None)
        if document is not None:
            document.K = pikepdf.Array(_pike_list(document.get("/K")))
        entries = _pike_number_tree(tree.ParentTree)
        for data in parts[1:]:
            with pikepdf.open(io.BytesIO(data)) as part:
                offset = max(entries, default=-1) + 1
                first = len(joined.pages)
                # Pages first, so that the elements copied next point at these copies.
                joined.pages.extend(part.pages)
                for page in joined.pages[first:]:
                    page = page.obj
                    if "/StructParents" in page:
                        page.StructParents = int(page.StructParents) + offset
                    for annotation in page.get("/Annots", []):
                        if "/StructParent" in annotation:
                            annotation.StructParent = int(annotation.StructParent) + offset
                part_tree = part.Root.StructTreeRoot
                adopted = {}  # the part's own root and document element -> the joined ones
                for top in _pike_list(part_tree.K):
                    if document is not None and top.get("/S") == "/Document":
                        adopted[joined.copy_foreign(top).objgen] = document
                        kids = _pike_list(top.get("/K"))
                    else:
                        kids = [top]
                    for kid in kids:
                        copied = joined.copy_foreign(kid)
                        parent = document if kid is not top else tree
                        copied.P = parent
                        parent.K.append(copied)
                adopted[joined.copy_foreign(part_tree).objgen] = tree
                added = {
                    key + offset: _copied(joined, value)
                    for key, value in _pike_number_tree(part_tree.ParentTree).items()
                }
                _adopt(added.values(), adopted)
                entries |= added
        nums = pikepdf.Array()
        for key in sorted(entries):
            nums.append(key)
            nums.append(entries[key])
        tree.ParentTree = joined.make_indirect(pikepdf.Dictionary(Nums=nums))
        tree.ParentTreeNextKey = max(entries, default=-1) + 1
        output = io.BytesIO()
        # Only what the catalog reaches is written: the parts' own roots, replaced, go.
        joined.save(output)
    return output.getvalue()


def _copied(joined: pikepdf.Pdf, value):
    """A value of another file, brought into ``joined`` (indirect objects by reference)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copied(joined, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(joined, item) for key, item in value.items()})
    return value


def _pike_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _pike_number_tree(node) -> dict[int, object]:
    nums = _pike_list(node.get("/Nums"))
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for kid in _pike_list(node.get("/Kids")):
        entries |= _pike_number_tree(kid)
    return entries


def _adopt(values, adopted: dict) -> None:
    """Point at the joined document the elements that pointed at a part's own root or
    document element: climbing from what the part's parent tree names (the running
    header's and footer's elements are reached only that way, being out of /K)."""
    seen = set()
    for value in values:
        for element in _pike_list(value):
            while isinstance(element, pikepdf.Dictionary) and element.objgen not in seen:
                seen.add(element.objgen)
                parent = element.get("/P")
                if parent is None:
                    break
                if parent.objgen in adopted:
                    element.P = adopted[parent.objgen]
                    break
                element = parent
