"""Every relative link in the user-facing Markdown resolves: the file exists, and a ``#anchor`` names a heading.

Covers README.md, CHANGELOG.md and docs/*.md. Links inside fenced code blocks and inline code are not
links; web addresses (http, https, mailto) are not checked (the tests run offline).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = sorted([REPO / "README.md", REPO / "CHANGELOG.md", *(REPO / "docs").glob("*.md")])

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")
# [text](target) and ![alt](target); the target ends at whitespace (an optional "title" follows) or ")"
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup dropped, lower case, punctuation removed, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of every heading in ``path``; repeated headings get -1, -2 … as on GitHub."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for _, line in _prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(path: Path) -> list[str]:
    """One message per relative link in ``path`` whose file or heading does not exist."""
    problems = []
    for number, line in _prose_lines(path.read_text(encoding="utf-8")):
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            target = match.group(1)
            if EXTERNAL.match(target):
                continue
            file_part, _, anchor = target.partition("#")
            resolved = (path.parent / unquote(file_part)).resolve() if file_part else path
            where = f"{path.relative_to(REPO)}:{number}: {target}"
            if not resolved.exists():
                problems.append(f"{where}: no file {resolved}")
            elif anchor and resolved.suffix == ".md" and unquote(anchor).lower() not in anchors(resolved):
                problems.append(f"{where}: no heading for #{anchor} in {resolved.name}")
    return problems


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(path: Path) -> None:
    assert broken_links(path) == []


def test_the_documents_are_there() -> None:
    names = {str(p.relative_to(REPO)) for p in DOCS}
    assert {"README.md", "CHANGELOG.md", "docs/ARCHITECTURE.md", "docs/EVAL.md", "docs/API.md"} <= names


def test_a_broken_link_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(f"{__name__}.REPO", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "OTHER.md").write_text("# Other\n\n## Load figures\n", encoding="utf-8")
    doc = tmp_path / "README.md"
    doc.write_text(
        "# Title\n\n"
        "[ok](docs/OTHER.md) [ok anchor](docs/OTHER.md#load-figures) [self](#title) [web](https://example.org)\n"
        "`[code](missing-in-code.md)`\n"
        "```\n[fenced](missing-in-fence.md)\n```\n"
        "[gone](docs/GONE.md) ![picture](docs/none.png) [bad anchor](docs/OTHER.md#nothing)\n",
        encoding="utf-8",
    )
    problems = broken_links(doc)
    assert len(problems) == 3
    assert "docs/GONE.md" in problems[0] and "docs/none.png" in problems[1] and "#nothing" in problems[2]


def test_slug_keeps_korean_and_drops_punctuation() -> None:
    assert slug("`--check`가 검사하는 것") == "--check가-검사하는-것"
    assert slug("Held-out figures") == "held-out-figures"
    assert slug("Install and first run") == "install-and-first-run"
