"""What one document may make a reader build, in one place (docs/formats.md lists them).

A disclosure has a few thousand paragraphs and table cells; these bounds keep reading and
extraction to a few seconds and a few hundred MB whatever the file says. Table cells are
charged to one :class:`Budget` per document as each row or cell is created, so a file that
would expand past the bound (spans, merges, a sheet as wide as Excel allows) is refused before
it is built, with the same "文件过大" message naming the limit.
"""

from __future__ import annotations

from yusuan.errors import UnreadableDocument

MAX_BYTES = 200 * 1024 * 1024  # the file itself
MAX_BLOCKS = 30_000  # paragraphs and tables of one document
MAX_TABLE_CELLS = 150_000  # table cells of one document; also <c> elements of one workbook
# A text line becomes at least one paragraph or one table cell: more lines than both bounds
# together cannot fit, and refusing them before parsing keeps memory low.
MAX_TEXT_LINES = MAX_BLOCKS + MAX_TABLE_CELLS
MAX_HTML_SPAN = 1000  # rowspan/colspan, before clipping to the table's extent
MAX_DOCX_SPAN = 64  # gridSpan and gridBefore: Word allows 63 columns
MAX_PDF_PAGES = 5000


def too_large(
    what_zh: str, what_en: str, limit: int, path: str, unit: str = "个"
) -> UnreadableDocument:
    return UnreadableDocument(
        f"文件过大：{what_zh}超过 {limit} {unit}（预算公开通常只有几千{unit}）：{path}",
        f"file too large: more than {limit} {what_en} (disclosures have a few thousand): {path}",
    )


def too_many_cells(path: str) -> UnreadableDocument:
    return too_large("表格单元格", "table cells", MAX_TABLE_CELLS, path)


class Budget:
    """The table cells one document may still make. ``charge`` each row or cell before making
    it: past :data:`MAX_TABLE_CELLS` the document is refused."""

    __slots__ = ("left", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.left = MAX_TABLE_CELLS

    def charge(self, cells: int) -> None:
        self.left -= cells
        if self.left < 0:
            raise too_many_cells(self.path)
