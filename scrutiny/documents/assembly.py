"""One tagged PDF put together from pieces: parts the app rendered, and uploaded PDFs.

A long document is rendered a part at a time and its parts joined (``join_tagged``); the
meeting pack is assembled from its papers, each rendered once and kept, with the
appendices' and slides' uploaded files between them (``assemble``). Either way the parts'
pages follow one another and their structure trees become one: each later part's
elements join the first part's document element, in order, and its parent-tree keys (on
its pages, its annotations and in the tree) move past the ones before. The first part's
catalog stays: its language, title and metadata. An uploaded file's pages come in as
content only: its own tags are not merged, and its keys into its own structure tree go.
"""

import io
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from scrutiny.documents.stamping import Stamper
from scrutiny.kernel.text import without_control_characters


@dataclass(frozen=True)
class Piece:
    """A part of an assembled document, in order: a PDF the app rendered (tagged), or an
    uploaded one (content only)."""

    path: Path
    tagged: bool
    # Stamped at the top of each of its pages.
    header: str
    # Links to ``link_prefix + anchor`` lead to its first page.
    anchor: str = ""


@dataclass(frozen=True)
class PieceOutline:
    """The bookmarks a rendered piece made of its own headings, in their place."""

    piece: int


@dataclass(frozen=True)
class Bookmark:
    """A bookmark leading to a piece's first page, with the ones nested in it."""

    title: str
    piece: int
    children: tuple = field(default=())


class _Joiner:
    """The first tagged part, open, and the others appended to it one by one."""

    def __init__(self, first: pikepdf.Pdf):
        self.pdf = first
        tree = first.Root.StructTreeRoot
        tree.K = pikepdf.Array(_listed(tree.K))
        self.tree = tree
        self.document = next((top for top in tree.K if top.get("/S") == "/Document"), None)
        if self.document is not None:
            self.document.K = pikepdf.Array(_listed(self.document.get("/K")))
        self.entries = _number_tree(tree.ParentTree)

    def append_tagged(self, part: pikepdf.Pdf) -> None:
        joined, document, tree = self.pdf, self.document, self.tree
        offset = max(self.entries, default=-1) + 1
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
        for top in _listed(part_tree.K):
            if document is not None and top.get("/S") == "/Document":
                adopted[joined.copy_foreign(top).objgen] = document
                kids = _listed(top.get("/K"))
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
            for key, value in _number_tree(part_tree.ParentTree).items()
        }
        _adopt(added.values(), adopted)
        self.entries |= added

    def append_untagged(self, upload: pikepdf.Pdf) -> None:
        first = len(self.pdf.pages)
        self.pdf.pages.extend(upload.pages)
        for page in self.pdf.pages[first:]:
            _untagged(page.obj)

    def finish(self) -> None:
        nums = pikepdf.Array()
        for key in sorted(self.entries):
            nums.append(key)
            nums.append(self.entries[key])
        self.tree.ParentTree = self.pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        self.tree.ParentTreeNextKey = max(self.entries, default=-1) + 1

    def save(self) -> bytes:
        output = io.BytesIO()
        # Only what the catalog reaches is written: the parts' own roots, replaced, go.
        # The file's ID is made from its content, not at random: the same pieces give the
        # same bytes, as a rendered document does (scrutiny/documents/document.py).
        self.pdf.save(output, deterministic_id=True)
        return output.getvalue()


def join_tagged(parts: list[bytes]) -> bytes:
    """One tagged PDF of several, rendered one after another from one long document.

    A document too long to render in one step under the time and memory limits is
    rendered a part at a time (each part numbering its pages on from the last); this
    puts the parts' pages one after another and makes one structure tree of theirs. The
    first part's bookmarks stay.
    """
    with pikepdf.open(io.BytesIO(parts[0])) as first:
        joiner = _Joiner(first)
        for data in parts[1:]:
            with pikepdf.open(io.BytesIO(data)) as part:
                joiner.append_tagged(part)
        joiner.finish()
        return joiner.save()


def assemble(pieces: list[Piece], outline: list, link_prefix: str) -> bytes:
    """The pieces as one tagged PDF: every page headed and numbered, the links between
    pieces leading where they should, and the bookmarks ``outline`` describes.

    The first piece must be a rendered one: its catalog is the document's. A rendered
    piece links to another by a web address, ``link_prefix`` and the target's id (an
    id in another piece, or a piece's ``anchor``): WeasyPrint drops a link to an id its
    own document lacks. Those links become links within the document here.
    """
    opened = [pikepdf.open(piece.path) for piece in pieces]
    try:
        joiner = _Joiner(opened[0])
        starts, targets, own_outlines = [0], {}, {}
        for index, (piece, pdf) in enumerate(zip(pieces, opened, strict=True)):
            start = starts[-1]
            if piece.tagged:
                targets |= {name: (start + page, place) for name, (page, place) in _dests(pdf)}
                own_outlines[index] = [_outline_entry(item, pdf, start) for item in _roots(pdf)]
            if index:
                (joiner.append_tagged if piece.tagged else joiner.append_untagged)(pdf)
            if piece.anchor:
                targets[piece.anchor] = (start, None)
            starts.append(len(joiner.pdf.pages))
        joiner.finish()
        joined = joiner.pdf
        _link_within(joined, targets, link_prefix)
        _write_outline(joined, outline, starts, own_outlines)
        stamper = Stamper(joined)
        total = len(joined.pages)
        for index, piece in enumerate(pieces):
            for number in range(starts[index], starts[index + 1]):
                footer = f"Page {number + 1} of {total}"
                # Records saved before forms took control characters out may hold them.
                header = without_control_characters(piece.header)
                stamper.stamp(joined.pages[number], header, footer)
        return joiner.save()
    finally:
        for pdf in opened:
            pdf.close()


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _page_numbers(pdf: pikepdf.Pdf) -> dict:
    return {page.obj.objgen: index for index, page in enumerate(pdf.pages)}


def _dests(pdf: pikepdf.Pdf):
    """Each named destination of a rendered piece: its page there and its place on it."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    numbers = _page_numbers(pdf)
    for name, dest in pikepdf.NameTree(names.Dests).items():
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.D
        page = numbers.get(dest[0].objgen)
        if page is not None:
            yield name, (page, [float(value) for value in list(dest)[2:4]])


def _roots(pdf: pikepdf.Pdf) -> list:
    outlines = pdf.Root.get("/Outlines")
    return _siblings(outlines.get("/First")) if outlines is not None else []


def _siblings(item) -> list:
    found = []
    while item is not None:
        found.append(item)
        item = item.get("/Next")
    return found


def _outline_entry(item, pdf: pikepdf.Pdf, start: int):
    """A rendered piece's bookmark as (title, page in the document, place, children)."""
    dest = item.get("/Dest")
    if dest is None and "/A" in item:
        dest = item.A.get("/D")
    page, place = 0, None
    if isinstance(dest, pikepdf.Array) and len(dest):
        page = _page_numbers(pdf).get(dest[0].objgen, 0)
        place = [float(value) for value in list(dest)[2:4]] if len(dest) >= 4 else None
    children = [_outline_entry(child, pdf, start) for child in _siblings(item.get("/First"))]
    return str(item.Title), start + page, place, children


def _destination(joined: pikepdf.Pdf, page: int, place) -> pikepdf.Array:
    left, top = place if place else (0, float(joined.pages[page].mediabox[3]))
    return pikepdf.Array([joined.pages[page].obj, pikepdf.Name.XYZ, left, top, 0])


def _link_within(joined: pikepdf.Pdf, targets: dict, prefix: str) -> None:
    for page in joined.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if not uri.startswith(prefix) or uri.removeprefix(prefix) not in targets:
                continue
            del annotation["/A"]
            annotation.Dest = _destination(joined, *targets[uri.removeprefix(prefix)])


def _write_outline(joined: pikepdf.Pdf, outline: list, starts: list[int], own: dict) -> None:
    if "/Outlines" in joined.Root:
        del joined.Root["/Outlines"]
    items = _outline_items(joined, outline, starts, own)
    if not items:
        return
    root = joined.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    _link_siblings(joined, root, items)
    joined.Root.Outlines = root


def _outline_items(joined, entries, starts, own) -> list:
    """(title, destination, children) for each bookmark, pieces' own ones spliced in."""
    items = []
    for entry in entries:
        if isinstance(entry, PieceOutline):
            items += [_own_item(joined, item) for item in own.get(entry.piece, [])]
        else:
            children = _outline_items(joined, entry.children, starts, own)
            title = without_control_characters(entry.title)
            items.append((title, _destination(joined, starts[entry.piece], None), children))
    return items


def _own_item(joined, entry) -> tuple:
    title, page, place, children = entry
    return title, _destination(joined, page, place), [_own_item(joined, c) for c in children]


def _link_siblings(joined: pikepdf.Pdf, parent, items: list) -> int:
    """Write ``items`` as the children of ``parent``; how many bookmarks that shows."""
    made = []
    shown = 0
    for title, dest, children in items:
        item = joined.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title), Dest=dest))
        item.Parent = parent
        if made:
            item.Prev = made[-1]
            made[-1].Next = item
        below = _link_siblings(joined, item, children) if children else 0
        if below:
            item.Count = below  # open: a councillor sees the pack's structure at once
        shown += 1 + below
        made.append(item)
    parent.First, parent.Last = made[0], made[-1]
    parent.Count = shown
    return shown


def _untagged(page: pikepdf.Dictionary) -> None:
    """An uploaded page, without its keys into its own file's structure tree.

    Its /StructParents and its annotations' /StructParent are keys into the upload's own
    /ParentTree; here they would name the document's entries instead. /Tabs /S is what
    PDF/UA asks of a page with annotations, and what every rendered page has.
    """
    if "/StructParents" in page:
        del page["/StructParents"]
    for annotation in page.get("/Annots", []):
        if "/StructParent" in annotation:
            del annotation["/StructParent"]
    page.Tabs = pikepdf.Name.S


def _listed(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _number_tree(node) -> dict[int, object]:
    nums = _listed(node.get("/Nums"))
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for kid in _listed(node.get("/Kids")):
        entries |= _number_tree(kid)
    return entries


def _copied(joined: pikepdf.Pdf, value):
    """A value of another file, brought into ``joined`` (indirect objects by reference)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copied(joined, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(joined, item) for key, item in value.items()})
    return value


def _adopt(values, adopted: dict) -> None:
    """Point at the joined document the elements that pointed at a part's own root or
    document element: climbing from what the part's parent tree names (the running
    header's and footer's elements are reached only that way, being out of /K)."""
    seen = set()
    for value in values:
        for element in _listed(value):
            while isinstance(element, pikepdf.Dictionary) and element.objgen not in seen:
                seen.add(element.objgen)
                parent = element.get("/P")
                if parent is None:
                    break
                if parent.objgen in adopted:
                    element.P = adopted[parent.objgen]
                    break
                element = parent
