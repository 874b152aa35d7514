"""The block model: a document as ordered paragraphs and tables, each cell with its source.

Every reader (text, DOCX, XLSX, PDF, HTML) produces a :class:`Document`; extraction only ever
sees this model, never the original file format.
"""

from yusuan.blocks.model import (
    Block,
    Cell,
    Document,
    Paragraph,
    Problem,
    Source,
    Table,
    merge_documents,
)

__all__ = [
    "Block",
    "Cell",
    "Document",
    "Paragraph",
    "Problem",
    "Source",
    "Table",
    "merge_documents",
]
