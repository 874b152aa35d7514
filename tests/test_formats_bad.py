"""Every class of bad input ends in one clear UnreadableDocument, fast, whatever its name says."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.formats import build
from tests.formats.handmade import docx_package, p, pdf_without_unicode_map, zip_bytes
from yusuan.errors import UnreadableDocument
from yusuan.pipeline import input_format
from yusuan.readers import detect as detect_mod
from yusuan.readers import legacy as legacy_mod
from yusuan.readers import read_document
from yusuan.readers.detect import detect_path

BOMB_XML = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
        for i in range(9)
    )
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol8;</w:t></w:r></w:p></w:body></w:document>"
)


def _expect(path: Path, *words: str, seconds: float = 5.0) -> UnreadableDocument:
    started = time.monotonic()
    with pytest.raises(UnreadableDocument) as info:
        read_document(path)
    assert time.monotonic() - started < seconds
    message = f"{info.value.zh} / {info.value.en}"
    for w in words:
        assert w in message, message
    return info.value


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    huge = b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>"
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": huge})
    _expect(_write(tmp_path, "bomb.docx", data), "ZIP bomb")


def test_xml_bomb_in_docx_and_xlsx(tmp_path: Path) -> None:
    docx = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": BOMB_XML})
    _expect(_write(tmp_path, "lol.docx", docx), "XML bomb")
    xlsx = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": BOMB_XML})
    _expect(_write(tmp_path, "lol.xlsx", xlsx), "XML bomb")


def test_entities_in_html_are_not_expanded(tmp_path: Path) -> None:
    page = BOMB_XML.replace("w:document", "html").replace("w:body", "body")
    path = _write(tmp_path, "lol.html", page.encode())
    started = time.monotonic()
    doc = read_document(path)
    assert time.monotonic() - started < 5
    assert sum(len(b.text) for b in doc.paragraphs()) < 10_000


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("cut.docx", lambda: docx_package(p("正文"))[:300], ("corrupt",)),
        ("junk.xlsx", lambda: b"PK\x03\x04" + bytes(range(256)) * 8, ("corrupt",)),
        (
            "badxml.docx",
            lambda: docx_package("<w:p><w:r><w:t>未闭合</w:r></w:p>"),
            ("corrupt",),
        ),
        ("plain.zip", lambda: zip_bytes({"a.txt": "hello"}), ("ZIP archive",)),
        ("report.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", ("PDF",)),
        ("cid.pdf", pdf_without_unicode_map, ("cid", "Unicode")),
        ("photo.jpg", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ("no text layer",)),
        (
            "secret.docx",  # a password-protected Office file is an OLE container
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
            ("encrypted",),
        ),
        ("book.ofd", lambda: zip_bytes({"OFD.xml": "<ofd/>"}), ("OFD",)),
    ],
)
def test_bad_files(tmp_path: Path, name: str, make: Callable[[], bytes], words: tuple[str]) -> None:
    _expect(_write(tmp_path, name, make()), *words)


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 280), "white").save(path, "PDF")
    _expect(path, "no text layer", "scan")


def test_encrypted_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    _expect(_write(tmp_path, "locked.pdf", buf.getvalue()), "encrypted", "password")


def test_truncated_real_pdf_is_an_error_or_a_partial_read(tmp_path: Path) -> None:
    why = build.weasyprint_available()
    if why is not None:
        pytest.skip(why)
    import weasyprint

    page = f'<p style="font-family: {build.FONT}">一、部门职责</p>' * 50
    data = weasyprint.HTML(string=page).write_pdf()
    path = _write(tmp_path, "half.pdf", data[: len(data) // 2])
    started = time.monotonic()
    try:
        read_document(path)  # PDFium may rebuild what it can; it must not crash or hang
    except UnreadableDocument as e:
        assert "PDF" in e.en
    assert time.monotonic() - started < 5


def test_detection_ignores_the_name(tmp_path: Path) -> None:
    data = docx_package(p("一、部门职责"))
    path = _write(tmp_path, "really-a-word-file.pdf", data)
    assert detect_path(path) == "docx"
    doc = read_document(path)
    assert doc.format == "docx" and doc.paragraphs()[0].text == "一、部门职责"
    html = "<!DOCTYPE html><html><body><p>正文</p></body></html>".encode()
    assert read_document(_write(tmp_path, "page.txt", html)).format == "html"


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("word.pdf", docx_package(p("正文")), "docx"),
        ("page.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("notes.docx", "一、部门职责".encode(), "text"),
        ("plain.xlsx", zip_bytes({"a.txt": "hello"}), "zip"),
        ("book.pdf", zip_bytes({"OFD.xml": "<ofd/>"}), "ofd"),
        ("old.docx", OLE + "WordDocument".encode("utf-16-le"), "doc"),
        ("secret.docx", OLE + "EncryptionInfo".encode("utf-16-le"), "encrypted-ooxml"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image"),
    ],
)
def test_sniffing_an_input_and_reading_it_detect_alike(
    tmp_path: Path, name: str, data: bytes, fmt: str
) -> None:
    path = _write(tmp_path, name, data)
    assert detect_path(path) == input_format(path) == fmt


def test_an_empty_file_is_named_so_by_every_detection(tmp_path: Path) -> None:
    path = _write(tmp_path, "blank.pdf", b" \n\t ")
    for detect in (detect_path, input_format, read_document):
        with pytest.raises(UnreadableDocument, match="文件为空"):
            detect(path)


def test_reading_a_zip_container_opens_its_directory_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    real_open = detect_mod.open_zip

    def counted(path: Path) -> Any:
        opened.append(path)
        return real_open(path)

    monkeypatch.setattr(detect_mod, "open_zip", counted)
    doc = read_document(_write(tmp_path, "word.docx", docx_package(p("正文"))))
    assert doc.format == "docx" and len(opened) == 1


def test_legacy_without_libreoffice_says_how_to_enable_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(legacy_mod, "soffice", lambda: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le")
    _expect(_write(tmp_path, "old.wps", ole), "LibreOffice", "install")


@pytest.mark.skipif(build.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_legacy_doc_and_xls_through_libreoffice(tmp_path: Path) -> None:
    from openpyxl import Workbook

    docx = _write(tmp_path, "memo.docx", docx_package(p("一、部门职责") + p("负责全市公安工作。")))
    wb = Workbook()
    wb.active.append(["名称", "金额"])
    wb.active.append(["合计", 12.5])
    wb.save(tmp_path / "sheet.xlsx")
    doc_file, xls_file = build.convert([docx], "doc", tmp_path)[0], tmp_path / "sheet.xls"
    build.convert([tmp_path / "sheet.xlsx"], "xls", tmp_path)
    # Names lie; content decides: a .doc saved as .wps, an .xls with no extension.
    wps = doc_file.rename(tmp_path / "memo.wps")
    xls = xls_file.rename(tmp_path / "sheet")
    doc = read_document(wps)
    assert doc.format == "doc" and doc.path == str(wps)
    assert [b.text for b in doc.paragraphs()] == ["一、部门职责", "负责全市公安工作。"]
    assert doc.paragraphs()[0].source.file == str(wps)
    book = read_document(xls)
    assert book.format == "xls"
    assert book.tables()[0].texts() == [["名称", "金额"], ["合计", "12.5"]]


def test_zip_that_lies_about_its_sizes(tmp_path: Path) -> None:
    """Declared sizes bound what zipfile returns; the lie then fails the CRC check."""
    import struct

    data = bytearray(zip_bytes({"word/document.xml": b"a" * 5_000_000}))
    struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, 1000)
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 1000)
    _expect(_write(tmp_path, "liar.docx", bytes(data)), "corrupt")
