"""R: what could not be read. A DOCX whose style part is damaged is read without it."""

from __future__ import annotations

from pathlib import Path

from tests.formats.handmade import STYLES, docx_package, p
from yusuan.check.engine import check
from yusuan.pipeline import open as read

LINES = (
    "某县公安局2024年部门预算公开说明",
    "一、收支预算总体情况",
    "2024年收入预算总额600.00万元，其中：一般公共预算拨款收入500.00万元，"
    "政府性基金预算拨款收入100.00万元。",
)


def _docx(path: Path, styles: str) -> Path:
    path.write_bytes(docx_package("".join(p(line) for line in LINES), styles=styles))
    return path


def test_R001_part_of_the_file_could_not_be_read(tmp_path: Path) -> None:
    path = _docx(tmp_path / "county.docx", styles="<w:styles")  # cut short: not XML
    d = read(path)
    assert d.overview.income_total is not None  # the rest is read
    report = check(d)
    (f,) = [f for f in report.findings if f.code == "R001"]
    assert "styles.xml" in f.message
    assert str(path) in str(f.locations[0].source)  # the file; the part is named above
    assert next(c.status for c in report.coverage if c.code == "R001") == "failed"


def test_R001_nothing_lost_in_an_intact_file(tmp_path: Path) -> None:
    # The rule has no "passed": with every part read it does not apply.
    report = check(read(_docx(tmp_path / "county.docx", styles=STYLES)))
    assert [f for f in report.findings if f.code == "R001"] == []
    (c,) = [c for c in report.coverage if c.code == "R001"]
    assert (c.status, c.detail) == ("not_applicable", "文件各部分均已读取")
