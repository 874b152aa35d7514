"""Format readers: detect a file's format by its content and turn it into the block model.

Supported: plain text exports, DOCX, XLSX, PDF (born-digital), HTML; DOC/XLS/WPS/RTF/ODT/ODS
through LibreOffice when it is installed. See docs/formats.md.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from yusuan.blocks import Document
from yusuan.errors import UnreadableDocument
from yusuan.readers import limits
from yusuan.readers.detect import ZIP_DAMAGE, check_xml_members, detected
from yusuan.readers.text import read_text

__all__ = ["read_document"]


def _decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:65536]:
        raise UnreadableDocument(
            f"不是文本文件（含二进制内容）：{path}", f"binary file, not text: {path}"
        )
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(
        f"无法识别文件编码（不是 UTF-8 或 GB18030 文本）：{path}",
        f"unknown text encoding (not UTF-8 or GB18030): {path}",
    )


def read_document(path: str | Path) -> Document:
    """Read any supported file into the block model; raise :class:`UnreadableDocument` otherwise."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limits.MAX_BYTES:
            raise UnreadableDocument(
                f"文件过大（{size} 字节）：{p}", f"file too large ({size} bytes): {p}"
            )
        data = p.read_bytes()
    except IsADirectoryError:
        raise UnreadableDocument(
            f"这是目录，不是文件：{p}", f"is a directory, not a file: {p}"
        ) from None
    except FileNotFoundError:
        raise UnreadableDocument(f"文件不存在：{p}", f"no such file: {p}") from None
    except PermissionError:
        raise UnreadableDocument(f"无权读取文件：{p}", f"permission denied: {p}") from None
    with detected(p, data) as (fmt, zf):
        sha = hashlib.sha256(data).hexdigest()
        if fmt == "text":
            return _bounded(read_text(_decode(data, str(p)), str(p), sha))
        # Only problems of the input become UnreadableDocument; any other exception is a bug
        # of ours and goes up as it is (the CLI and the web app report it as an internal error).
        try:
            return _bounded(_read_binary(fmt, data, p, sha, zf))
        except (MemoryError, RecursionError) as e:
            raise UnreadableDocument(
                f"文件结构过于复杂，无法读取（{type(e).__name__}）：{p}",
                f"document too complex to read ({type(e).__name__}): {p}",
            ) from None
        except ZIP_DAMAGE as e:  # a damaged member
            raise UnreadableDocument(
                f"文件已损坏（压缩数据错误：{e}）：{p}",
                f"corrupt file (compressed data: {e}): {p}",
            ) from None


def _bounded(doc: Document) -> Document:
    """Refuse a document of more blocks than MAX_BLOCKS before extraction (its table cells
    were counted by the reader as it made them)."""
    if len(doc.blocks) > limits.MAX_BLOCKS:
        raise limits.too_large("段落和表格", "blocks", limits.MAX_BLOCKS, doc.path)
    return doc


def _read_binary(fmt: str, data: bytes, p: Path, sha: str, zf: zipfile.ZipFile | None) -> Document:
    """Read a file of a format :func:`~yusuan.readers.detect.detected` named (``zf``: the ZIP
    container it opened)."""
    if fmt == "pdf":
        from yusuan.readers.pdf import read_pdf

        return read_pdf(p, sha)
    if fmt == "html":
        from yusuan.readers.html import read_html

        return read_html(data, p, sha)
    if fmt in ("docx", "xlsx"):
        assert zf is not None
        broken = check_xml_members(zf, p)
        if fmt == "docx":
            from yusuan.readers.docx import read_docx

            return read_docx(zf, p, sha, broken)
        from yusuan.readers.xlsx import read_xlsx

        return read_xlsx(p, sha, broken)
    if fmt in ("odt", "ods", "doc", "xls", "rtf"):
        return _converted(p, fmt, sha)
    if fmt == "ofd":
        raise UnreadableDocument(
            f"暂不支持 OFD 版式文件，请另存为 PDF：{p}",
            f"OFD documents are not supported; save the file as PDF first: {p}",
        )
    if fmt == "zip":
        raise UnreadableDocument(
            f"这是一个 ZIP 压缩包，不是 Word/Excel 文档；请先解压：{p}",
            f"a ZIP archive, not a Word/Excel document; unpack it first: {p}",
        )
    if fmt == "encrypted-ooxml":
        raise UnreadableDocument(
            f"文档已加密（设置了打开密码），请先去除密码：{p}",
            f"the document is encrypted (password to open); remove the password first: {p}",
        )
    if fmt in ("ppt", "ole"):
        raise UnreadableDocument(
            f"不支持的 Office 文件类型（{fmt.upper()}）：{p}",
            f"unsupported Office file type ({fmt.upper()}): {p}",
        )
    if fmt == "image":
        raise UnreadableDocument(
            f"这是图片，没有文本层；请使用原始文档或先做文字识别（OCR）：{p}",
            f"an image with no text layer; use the original document or OCR it first: {p}",
        )
    raise UnreadableDocument(f"无法识别的文件格式：{p}", f"unrecognised file format: {p}")


def _converted(p: Path, kind: str, sha: str) -> Document:
    from yusuan.readers.legacy import convert

    name = {"doc": "DOC/WPS"}.get(kind, kind.upper())
    out, tmp = convert(p, kind, name)
    try:
        doc = read_document(out)
    finally:
        tmp.cleanup()
    original = str(p)
    for block in doc.blocks:
        block.source.file = original
        for row in getattr(block, "rows", ()):
            for cell in row:
                cell.source.file = original
    return Document(path=original, format=kind, sha256=sha, blocks=doc.blocks)
