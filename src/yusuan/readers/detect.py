"""Format detection by content, and the safety checks every container format passes first.

Names are never trusted: a ``.pdf`` that is really a Word file is read as Word. ZIP containers
(DOCX, XLSX, ODF, OFD) are told apart by the names of their members; OLE files (``.doc``,
``.xls``, ``.wps``, password-protected OOXML) by their stream names.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from yusuan.errors import UnreadableDocument

# Budget disclosures are a few MB at most; these limits stop ZIP bombs before anything inflates.
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one uncompressed member
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all members together
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB (text XML rarely beats 100)
MAX_MEMBERS = 20_000
_PROLOG_LIMIT = 64 * 1024


_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<title")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(head: bytes) -> str:
    """Name the format from the first bytes; ``zip`` and ``ole`` need :func:`refine` to go on."""
    if b"%PDF-" in head[:1024]:  # the spec lets junk precede the header
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    probe = head[:1024]
    for bom in (b"\xef\xbb\xbf",):
        if probe.startswith(bom):
            probe = probe[len(bom) :]
    probe = probe.lstrip().lower()
    if probe.startswith(b"<") and any(m in probe for m in _HTML_MARKERS):
        return "html"
    return "text"


def detect_path(path: Path) -> str:
    """The format of a file by its content, never its name: the first bytes (:func:`sniff`),
    then a ZIP container's members (docx, xlsx, odt, ods, ofd, or a plain ``zip``) and an OLE
    file's streams (doc, xls, encrypted-ooxml, ppt, ole). Raises :class:`UnreadableDocument`
    for an empty file or a damaged ZIP."""
    with detected(path) as (fmt, _):
        return fmt


@contextmanager
def detected(path: Path, data: bytes | None = None) -> Iterator[tuple[str, zipfile.ZipFile | None]]:
    """:func:`detect_path`, and a ZIP container open for reading (closed after), so it is
    opened once; ``data`` is the whole file when it has been read already."""
    probe = data if data is not None else _head(path, 64 * 1024)
    if not probe.strip():
        raise UnreadableDocument(f"文件为空：{path}", f"empty file: {path}")
    fmt = sniff(probe[:2048])
    if fmt == "zip":
        zf = open_zip(path)
        try:
            yield refine_zip(zf), zf
        finally:
            zf.close()
        return
    if fmt == "ole":
        fmt = refine_ole(data if data is not None else path.read_bytes())
    yield fmt, None


def _head(path: Path, size: int) -> bytes:
    """The first bytes, or none when the file cannot be opened (reading it says why)."""
    try:
        with path.open("rb") as f:
            return f.read(size)
    except OSError:
        return b""


def refine_ole(data: bytes) -> str:
    """Which Office document an OLE compound file holds, from its directory's stream names."""
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        return "encrypted-ooxml"
    if _utf16("WordDocument") in data:
        return "doc"  # WPS 文字 files use the same stream
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    if _utf16("PowerPoint Document") in data:
        return "ppt"
    return "ole"


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open a ZIP and refuse it before inflating anything if its declared sizes are abusive.

    ``zipfile`` never returns more than a member's declared size, so checking the directory
    bounds the memory every later read can use.
    """
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise UnreadableDocument(
            f"ZIP 文件已损坏或格式不受支持（{e}）：{path}",
            f"corrupt or unsupported ZIP container ({e}): {path}",
        ) from None
    total = 0
    if len(infos) > MAX_MEMBERS:
        zf.close()
        raise _bomb(path, f"{len(infos)} members")
    for info in infos:
        total += info.file_size
        big = info.file_size > 1024 * 1024
        if (
            info.file_size > MAX_MEMBER_BYTES
            or total > MAX_TOTAL_BYTES
            or (big and info.file_size > MAX_RATIO * max(info.compress_size, 1))
        ):
            zf.close()
            raise _bomb(path, f"{info.filename}: {info.file_size} bytes uncompressed")
    return zf


def _bomb(path: Path, detail: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"压缩包解压后过大，疑似压缩炸弹（{detail}）：{path}",
        f"archive inflates too much, refusing a possible ZIP bomb ({detail}): {path}",
    )


def refine_zip(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if "word/document.xml" in names or any(n.startswith("word/document") for n in names):
        return "docx"
    if "xl/workbook.xml" in names or any(n.startswith("xl/workbook") for n in names):
        return "xlsx"
    if "mimetype" in names:
        try:
            mime = zf.read("mimetype")[:100]
        except Exception:
            mime = b""
        if b"opendocument.text" in mime:
            return "odt"
        if b"opendocument.spreadsheet" in mime:
            return "ods"
    if "OFD.xml" in names:
        return "ofd"
    # OOXML written by other tools may use another main part name: ask [Content_Types].xml.
    if "[Content_Types].xml" in names:
        try:
            ct = zf.read("[Content_Types].xml")[:200_000]
        except Exception:
            ct = b""
        if b"wordprocessingml.document.main" in ct:
            return "docx"
        if b"spreadsheetml.sheet.main" in ct:
            return "xlsx"
    return "zip"


# What reading one damaged ZIP member can raise (OSError: a member's header offset points
# outside the file).
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)
# ... or parsing it (readers._xml.parse_xml refuses malformed XML).
PART_DAMAGE = (UnreadableDocument, *ZIP_DAMAGE)

_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_xml_members(zf: zipfile.ZipFile, path: Path) -> set[str]:
    """Refuse OOXML parts that declare a DTD: Office never writes one, XML bombs need one.

    Returns the parts whose compressed data cannot be read at all: the format reader decides
    whether the document can do without them."""
    broken: set[str] = set()
    for info in zf.infolist():
        if not info.filename.endswith((".xml", ".rels")) or info.file_size == 0:
            continue
        try:
            with zf.open(info) as f:
                head = f.read(_PROLOG_LIMIT)
        except ZIP_DAMAGE:
            broken.add(info.filename)
            continue
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 parts are legal OOXML
            head = head.decode("utf-16", errors="replace").encode("utf-8")
        prolog_end = _prolog_end(head)
        if prolog_end is None and len(head) == _PROLOG_LIMIT:
            prolog_end = len(head)  # an absurdly long prolog: inspect what we have
        if _DOCTYPE.search(head[: prolog_end if prolog_end is not None else len(head)]):
            raise UnreadableDocument(
                f"文档内含 XML 实体声明（DTD），拒绝读取以防 XML 炸弹（{info.filename}）：{path}",
                f"document part declares a DTD/entities, refusing a possible XML bomb "
                f"({info.filename}): {path}",
            )
    return broken


def _prolog_end(head: bytes) -> int | None:
    """Offset of the root element's ``<``: everything before it is the prolog."""
    for m in re.finditer(rb"<([^?!])", head):
        return m.start()
    return None
