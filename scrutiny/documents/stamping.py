"""The running header and "Page N of M" footer, stamped onto every page of an assembled
document (the meeting pack) as it is put together.

A document assembled from parts cannot have WeasyPrint number its pages: each part is
rendered on its own, and an uploaded appendix is not rendered at all. So every page, the
uploaded ones included, is headed and numbered here, the same way. What is stamped is
marked as a pagination artifact (PDF/UA: it is not content, and it takes no place in
the structure tree), in a font embedded once in the document: the print stylesheet's
own font (Arial, or what fontconfig gives for it), cut down to the characters of
Windows-1252, which every header the app writes can be spelt in.
"""

import io
import logging
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont

ENCODING = "cp1252"
FIRST_CODE, LAST_CODE = 32, 255
FONT_RESOURCE = "/ScrutinyStamp"
FONT_SIZE = 9
MM = 72 / 25.4
# Where the stamps sit, from the page's edges: inside the print stylesheet's 22 mm and
# 18 mm margins, where WeasyPrint puts the standalone documents' header and footer.
SIDE = 18 * MM
HEADER_BASELINE = 13 * MM
HEADER_LEADING = 11  # points between the lines of a header of two
HEADER_RULE = 15 * MM
FOOTER_BASELINE = 11 * MM
# The print stylesheet's colours: the header's grey, its rule's teal, the text's black.
HEADER_COLOUR = "0.314 0.353 0.373"
RULE_COLOUR = "0 0.353 0.439"
TEXT_COLOUR = "0.043 0.047 0.047"
# A fallback when fontconfig is not there to ask (it is on every machine that renders).
FALLBACK_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@lru_cache(maxsize=1)
def _font_path() -> Path:
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}", "Arial"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        found = ""
    return Path(found) if found.endswith((".ttf", ".TTF")) else Path(FALLBACK_FONT)


def _codes() -> dict[int, str]:
    """Each Windows-1252 code from space to ÿ and its character (five codes have none)."""
    characters = {}
    for code in range(FIRST_CODE, LAST_CODE + 1):
        try:
            characters[code] = bytes([code]).decode(ENCODING)
        except UnicodeDecodeError:
            continue
    return characters


@dataclass(frozen=True)
class StampFont:
    """The embedded font: the subset's program, its widths by code and its metrics."""

    name: str
    program: bytes
    widths: tuple[int, ...]  # in thousandths of the size, for FIRST_CODE … LAST_CODE
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def width(self, text: bytes, size: float = FONT_SIZE) -> float:
        return sum(self.widths[code - FIRST_CODE] for code in text) * size / 1000


@lru_cache(maxsize=1)
def stamp_font() -> StampFont:
    # Not stamped with the time it was cut: the same pieces must give the same bytes.
    font = TTFont(_font_path(), recalcTimestamp=False)
    # The subsetter reports each table it touches at INFO: not news for the app's logs.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = [1, 2, 6]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    codes = _codes()
    subsetter.populate(unicodes={ord(character) for character in codes.values()})
    subsetter.subset(font)
    program = io.BytesIO()
    font.save(program)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = tuple(
        round(metrics[cmap[ord(codes[code])]][0] * scale)
        if code in codes and ord(codes[code]) in cmap
        else 0
        for code in range(FIRST_CODE, LAST_CODE + 1)
    )
    head = font["head"]
    postscript = font["name"].getDebugName(6) or "Sans"
    return StampFont(
        # A subset's name starts with six capitals and a plus (PDF 1.7, 9.6.4).
        name=f"SCRUTN+{postscript}",
        program=program.getvalue(),
        widths=widths,
        bbox=tuple(round(value * scale) for value in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(font["hhea"].ascent * scale),
        descent=round(font["hhea"].descent * scale),
        cap_height=round(getattr(font["OS/2"], "sCapHeight", 0) * scale) or 700,
    )


def embed_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The stamp's font as an object of ``pdf``: a simple TrueType font, embedded."""
    font = stamp_font()
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/" + font.name),
        Flags=32,  # non-symbolic: the codes are Windows-1252's
        FontBBox=pikepdf.Array(font.bbox),
        ItalicAngle=0,
        Ascent=font.ascent,
        Descent=font.descent,
        CapHeight=font.cap_height,
        StemV=80,
        FontFile2=pikepdf.Stream(pdf, font.program),
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/" + font.name),
            FirstChar=FIRST_CODE,
            LastChar=LAST_CODE,
            Widths=pikepdf.Array(font.widths),
            Encoding=pikepdf.Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def _encoded(text: str) -> bytes:
    return text.encode(ENCODING, errors="replace")


@lru_cache(maxsize=256)
def _fitted(text: str, room: float) -> bytes:
    """The text, cut short with an ellipsis if it is wider than ``room``."""
    font = stamp_font()
    encoded = _encoded(text)
    if font.width(encoded) <= room:
        return encoded
    ellipsis = _encoded("…")
    while encoded and font.width(encoded + ellipsis) > room:
        encoded = encoded[:-1]
    return encoded.rstrip() + ellipsis


def _literal(text: bytes) -> bytes:
    return b"(" + text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _upright(page: pikepdf.Page) -> tuple[float, float, str]:
    """The page as a reader sees it: its width and height, and the matrix that maps
    those coordinates onto the page's own (for a page shown turned by /Rotate)."""
    x0, y0, x1, y1 = (float(value) for value in page.obj.get("/CropBox", page.mediabox))
    width, height = x1 - x0, y1 - y0
    turn = int(page.obj.get("/Rotate", 0)) % 360
    if turn == 90:
        return height, width, f"0 1 -1 0 {x1:.2f} {y0:.2f}"
    if turn == 180:
        return width, height, f"-1 0 0 -1 {x1:.2f} {y1:.2f}"
    if turn == 270:
        return height, width, f"0 -1 1 0 {x0:.2f} {y1:.2f}"
    return width, height, f"1 0 0 1 {x0:.2f} {y0:.2f}"


class Stamper:
    """Heads and numbers the pages of one document, with the font embedded in it once."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.font = embed_font(pdf)
        self.opening = pdf.make_stream(b"q\n")

    def stamp(self, page: pikepdf.Page, header: str, footer: str) -> None:
        """Head and number one page, over whatever it shows.

        The page's own content is wrapped in q … Q first, so that a graphics state it
        leaves changed (an uploaded file's may) cannot move or recolour the stamp.
        """
        page.contents_add(self.opening, prepend=True)
        page.contents_add(self.pdf.make_stream(b"Q\n" + _stamp_content(page, header, footer)))
        resources = page.obj.get("/Resources")
        if resources is None:
            resources = page.obj.Resources = pikepdf.Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = resources.Font = pikepdf.Dictionary()
        fonts[FONT_RESOURCE] = self.font


def _stamp_content(page: pikepdf.Page, header: str, footer: str) -> bytes:
    width, height, matrix = _upright(page)
    font_size = FONT_SIZE
    room = width - 2 * SIDE
    # A header of two lines (an upload's: the pack's, then what the upload is) ends on
    # the same baseline as a header of one.
    lines = header.split("\n")
    top = height - HEADER_BASELINE + HEADER_LEADING * (len(lines) - 1)
    shown = [f"{SIDE:.2f} {top:.2f} Td ".encode()]
    for index, line in enumerate(lines):
        if index:
            shown.append(f"0 {-HEADER_LEADING} Td ".encode())
        shown.append(_literal(_fitted(line, room)) + b" Tj ")
    header_text = b"".join(shown)
    footer_text = _encoded(footer)
    footer_x = (width - stamp_font().width(footer_text)) / 2
    return b"".join(
        [
            f"q {matrix} cm\n".encode(),
            b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n",
            f"{HEADER_COLOUR} rg BT {FONT_RESOURCE} {font_size} Tf ".encode(),
            header_text,
            b"ET\n",
            f"{RULE_COLOUR} RG 1 w {SIDE:.2f} {height - HEADER_RULE:.2f} m "
            f"{width - SIDE:.2f} {height - HEADER_RULE:.2f} l S\n".encode(),
            b"EMC\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
            f"{TEXT_COLOUR} rg BT {FONT_RESOURCE} {font_size} Tf "
            f"{footer_x:.2f} {FOOTER_BASELINE:.2f} Td ".encode(),
            _literal(footer_text),
            b" Tj ET\nEMC\nQ\n",
        ]
    )
