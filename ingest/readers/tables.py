"""Turn table cells into text lines: one line per row, cells joined by a tab."""

from __future__ import annotations

_LAYOUT_CELL_LINES = 8


def _is_layout_table(cells: list[tuple[int, int, list[str]]]) -> bool:
    """A table used as page layout (boxes, a heading column beside the body) rather than data.

    Signs: a single column, a cell holding a nested multi-column table (its rows carry tabs),
    or a cell with many paragraphs.
    """
    if len({col for _, col, _ in cells}) == 1:
        return True
    return any(
        len(lines) > _LAYOUT_CELL_LINES or any("\t" in line for line in lines) for _, _, lines in cells
    )


def table_rows(cells: list[tuple[int, int, list[str]]]) -> list[str]:
    """Lines for a table given as ``(row, col, lines)`` cells.

    In a data table each row becomes one line of tab-separated cells; a cell's own lines join
    with spaces; trailing empty cells and empty rows are dropped. A layout table (see
    ``_is_layout_table``) keeps each cell's lines as they are, row by row, cell by cell, so
    headings and bullets inside it stay at the start of their line and nested tables keep
    their own rows.
    """
    ordered = sorted(cells, key=lambda cell: (cell[0], cell[1]))
    if not ordered:
        return []
    if _is_layout_table(ordered):
        return [line for _, _, lines in ordered for line in lines if line.strip()]
    rows: dict[int, list[str]] = {}
    for row, _, lines in ordered:
        rows.setdefault(row, []).append(" ".join(" ".join(line.split()) for line in lines).strip())
    out: list[str] = []
    for texts in rows.values():
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            out.append("\t".join(texts))
    return out
