"""Traditional characters (機關運行經費, 萬元) read as simplified before extraction.

Every word list in :mod:`yusuan.vocab` is simplified; a disclosure typed in traditional
characters (or with a few of them mixed in by an input method) is converted with OpenCC's
``t2s`` table. Most documents have none: a cheap scan for common traditional-only characters
decides first, so OpenCC is loaded only when needed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from yusuan.blocks import Cell, Document, Paragraph, Table

# Characters that occur in budget disclosures only in traditional writing.
_MARKERS = re.compile("[機關運經費萬預決財務與會計區縣門單採購營資產總項際實現發業規劃醫療證處額]")
_ENOUGH = 3  # marker characters before the document counts as traditional


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def _has_traditional(doc: Document) -> bool:
    seen = 0
    for block in doc.blocks:
        text = block.text if isinstance(block, Paragraph) else block.text()
        if _MARKERS.search(text) is not None:  # in C: most blocks have none
            seen += len(_MARKERS.findall(text))
            if seen >= _ENOUGH:
                return True
    return False


def simplified(doc: Document) -> Document:
    """The document itself when it has no traditional characters, else a converted copy
    (sources unchanged: a figure still points at the printed text)."""
    if not _has_traditional(doc):
        return doc
    convert = _converter().convert
    blocks: list[Paragraph | Table] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append(
                Paragraph(convert(block.text), block.source, block.heading_level, block.bold)
            )
        else:
            rows = [[Cell(convert(c.text), c.source) for c in row] for row in block.rows]
            blocks.append(Table(rows, block.source))
    return Document(
        doc.path,
        doc.format,
        doc.sha256,
        blocks,
        list(doc.problems),
        list(doc.parts),
        list(doc.blank_pages),
    )
