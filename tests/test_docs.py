"""The README and the pages in docs/ lead somewhere.

A newcomer reads the README first and follows its links; a link to a moved file or a
renamed heading strands them. Every relative link, image and `#anchor` in README.md and
docs/*.md must reach a file that exists and, for an anchor, a heading of that file (by
GitHub's slug) or an explicit `<a id>`. The README itself stays short enough to read.
"""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
README_MAX_LINES = 200

# The pages issue 14 asks the README to link into.
GUIDES = (
    "docs/officers-guide.md",
    "docs/who-sees-what.md",
    "docs/documents.md",
    "docs/speed.md",
    "docs/production.md",
)

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
INLINE_CODE = re.compile(r"(`+).*?\1")
# [text](target "title") and ![alt](target); the text may hold one level of brackets.
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
EXPLICIT_ANCHOR = re.compile(r"<a\s[^>]*?\b(?:id|name)=\"([^\"]+)\"")
URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text lowercased, punctuation dropped, spaces
    turned to hyphens (letters, digits, underscores and hyphens are kept)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def _prose_lines(path: Path):
    """(line number, line) for each line outside fenced code blocks."""
    in_fence = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fence = FENCE.match(line)
        if fence:
            if in_fence is None:
                in_fence = fence.group(1)
            elif fence.group(1) == in_fence:
                in_fence = None
            continue
        if in_fence is None:
            yield number, line


def anchors(path: Path) -> set[str]:
    """Every anchor a link may name in this Markdown file."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in _prose_lines(path):
        found.update(EXPLICIT_ANCHOR.findall(line))
        heading = HEADING.match(line)
        if heading:
            slug = github_slug(heading.group(1))
            # GitHub numbers a repeated heading's anchor: usage, usage-1, usage-2.
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links(path: Path):
    """(line number, target) for each relative link or image in this Markdown file."""
    for number, line in _prose_lines(path):
        prose = INLINE_CODE.sub("", line)
        targets = INLINE_LINK.findall(prose)
        definition = REFERENCE_DEFINITION.match(prose)
        if definition:
            targets.append(definition.group(1))
        for target in targets:
            if target and not URL_SCHEME.match(target) and not target.startswith("//"):
                yield number, target


def broken_links(path: Path, root: Path) -> list[str]:
    """A sentence for each link in `path` that leads nowhere."""
    root = root.resolve()
    problems = []
    for number, target in links(path):
        where = f"{path.resolve().relative_to(root)}:{number}: {target}"
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / unquote(file_part)).resolve() if file_part else path
        if not linked.is_relative_to(root):
            problems.append(f"{where} leads outside the repository")
        elif not linked.exists():
            problems.append(f"{where}: no such file")
        elif anchor:
            if linked.suffix != ".md":
                problems.append(f"{where}: an anchor into a file that is not Markdown")
            elif unquote(anchor) not in anchors(linked):
                problems.append(f"{where}: no heading or <a id> with that anchor")
    return problems


def _documentation() -> list[Path]:
    return [README, *sorted((ROOT / "docs").rglob("*.md"))]


def test_readme_fits_on_a_screen_or_two():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines < README_MAX_LINES, (
        f"README.md has {lines} lines; move detail into docs/ and link to it"
    )


def test_readme_links_into_every_guide():
    linked = {target.partition("#")[0] for _, target in links(README)}
    assert not set(GUIDES) - linked


@pytest.mark.parametrize("page", _documentation(), ids=lambda page: str(page.relative_to(ROOT)))
def test_every_link_and_anchor_resolves(page):
    assert broken_links(page, ROOT) == []


def test_the_check_finds_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(
        "# Officer's guide: building a pack\n\n## Usage\n\n## Usage\n\n"
        '<a id="kept"></a>\n\n```\n# not a heading\n```\n',
        encoding="utf-8",
    )
    (tmp_path / "README.md").write_text(
        "See [the guide](docs/guide.md#officers-guide-building-a-pack),\n"
        "[again](docs/guide.md#usage-1), [kept](docs/guide.md#kept),\n"
        "[a site](https://example.org/missing.md) and `[code](nowhere.md)`.\n"
        "[Gone](docs/gone.md), [no heading](docs/guide.md#not-a-heading),\n"
        "[no third usage](docs/guide.md#usage-2) and [up](../outside.md).\n"
        "```\n[fenced](nowhere.md)\n```\n",
        encoding="utf-8",
    )

    assert broken_links(tmp_path / "README.md", tmp_path) == [
        "README.md:4: docs/gone.md: no such file",
        "README.md:4: docs/guide.md#not-a-heading: no heading or <a id> with that anchor",
        "README.md:5: docs/guide.md#usage-2: no heading or <a id> with that anchor",
        "README.md:5: ../outside.md leads outside the repository",
    ]


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Officer's guide: building a meeting pack", "officers-guide-building-a-meeting-pack"),
        ("`make run`", "make-run"),
        ("PDFs (`manage.py bench_documents`)", "pdfs-managepy-bench_documents"),
        ("Backup, restore and moving a meeting", "backup-restore-and-moving-a-meeting"),
        (
            "Documents: PDFs, the render queue — and letters",
            "documents-pdfs-the-render-queue--and-letters",
        ),
    ],
)
def test_slugs_follow_github(heading, slug):
    assert github_slug(heading) == slug
