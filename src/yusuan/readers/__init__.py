"""Format readers: detect a file's format by its content and turn it into the block model."""

from __future__ import annotations

import hashlib
from pathlib import Path

from yusuan.blocks import Document
from yusuan.errors import UnreadableDocument
from yusuan.readers.text import read_text

MAX_BYTES = 200 * 1024 * 1024

_MAGIC = [
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "ole"),
]


def detect_format(head: bytes) -> str:
    """Name the format from the first bytes (never from the file name)."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    probe = head[:512].lstrip().lower()
    if probe.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


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
        if size > MAX_BYTES:
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
    if not data.strip():
        raise UnreadableDocument(f"文件为空：{p}", f"empty file: {p}")
    fmt = detect_format(data[:1024])
    if fmt != "text":
        names = {"pdf": "PDF", "zip": "DOCX/XLSX", "ole": "DOC/XLS", "html": "HTML"}
        raise UnreadableDocument(
            f"暂不支持 {names[fmt]} 格式，请先导出为文本：{p}",
            f"{names[fmt]} is not supported yet; export the document to text first: {p}",
        )
    sha = hashlib.sha256(data).hexdigest()
    return read_text(_decode(data, str(p)), str(p), sha)
