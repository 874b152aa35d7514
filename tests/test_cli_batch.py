"""`yusuan check DIR|FILES…`: a reviewer's batch from the command line (issue 15, point 1)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from tests.conftest import SEEDS
from yusuan.cli import app

runner = CliRunner()
REAL = SEEDS.parent / "real"
PAIR = ("js-cppcc-2017-dept-budget.text.pdf", "js-cppcc-2017-dept-budget.tables.pdf")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The five seeds, and in a sub-folder the narrative and tables of one Jiangsu disclosure
    (published as two PDFs), plus a file that is no disclosure."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if len(seeds) < 5 or not all((REAL / n).exists() for n in PAIR):
        pytest.skip("seeds or ../shared/real missing")
    root = tmp_path / "送审"
    (root / "江苏").mkdir(parents=True)
    for s in seeds:
        (root / s.name).write_bytes(s.read_bytes())
    for n in PAIR:
        (root / "江苏" / n).write_bytes((REAL / n).read_bytes())
    (root / "说明.md").write_text("not a disclosure", encoding="utf-8")
    return root


def test_a_folder_gives_one_report_per_disclosure_with_the_pair_joined(folder: Path) -> None:
    r = runner.invoke(app, ["check", str(folder), "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    docs = json.loads(r.stdout)["documents"]
    assert len(docs) == 6  # five seeds + one Jiangsu disclosure in two files
    js = [d for d in docs if d["unit"] == "江苏省政协办公厅"]
    assert len(js) == 1 and js[0]["year"] == 2017
    assert js[0]["source"]["path"].endswith(PAIR[0])  # the narrative leads, its cover names it
    note = " ".join(r.stderr.split())
    assert "合并检查" in note and PAIR[0] in note and PAIR[1] in note
    # The joined report runs the rules that need both parts: text against tables (N) found
    # the tables at all, which neither file alone would give.
    n_ran = {c["code"] for c in js[0]["coverage"] if c["status"] in ("passed", "failed")}
    assert any(code.startswith(("N", "X")) for code in n_ran)


def test_the_batch_workbook_lists_each_disclosure(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "结果.xlsx"
    r = runner.invoke(app, ["check", str(folder), "-f", "xlsx", "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "文件汇总"
    rows = list(wb["文件汇总"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 6
    pair = [row for row in rows if row[1] == "江苏省政协办公厅"]
    assert len(pair) == 1 and pair[0][7] == "合并检查"
    assert PAIR[0] in pair[0][0] and PAIR[1] in pair[0][0]


def test_the_combined_check_sheet_from_a_folder(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "检查表.xlsx"
    r = runner.invoke(app, ["check", str(folder), "-f", "review", "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 1 + 6


def test_zip_archives_and_files_together(folder: Path, tmp_path: Path) -> None:
    archive = tmp_path / "两份.zip"
    seeds = sorted(folder.glob("*.txt"))
    with zipfile.ZipFile(archive, "w") as zf:
        for s in seeds[:2]:
            zf.write(s, f"内/{s.name}")
        zf.writestr("图片.png", b"\x89PNG\r\n")
    r = runner.invoke(app, ["check", str(archive), str(seeds[4]), "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    paths = [Path(d["source"]["path"]).name for d in json.loads(r.stdout)["documents"]]
    assert paths == [seeds[0].name, seeds[1].name, seeds[4].name]
    assert "跳过" in r.stderr and "图片.png" in r.stderr


def test_an_unreadable_file_in_a_batch_exits_2_after_reporting_the_others(
    folder: Path,
) -> None:
    (folder / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    r = runner.invoke(app, ["check", str(folder), "-f", "json"])
    assert r.exit_code == 2
    assert len(json.loads(r.stdout)["documents"]) == 6
    assert "坏.pdf" in r.stderr and "Traceback" not in r.output


def test_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["check", str(tmp_path)])
    assert r.exit_code == 2 and "没有找到可检查的文件" in r.stderr


def test_a_progress_bar_on_a_terminal(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yusuan.cli.check as cmd
    import yusuan.cli.console as console

    buf = io.StringIO()
    terminal = Console(file=buf, force_terminal=True, width=100)
    monkeypatch.setattr(cmd, "err", terminal)
    monkeypatch.setattr(console, "err", terminal)
    r = runner.invoke(app, ["check", str(folder), "-f", "json"])
    assert r.exit_code in (0, 1)
    assert "读取 reading" in buf.getvalue() and "/7" in buf.getvalue()


def test_canonical_json_parts_in_a_folder_are_checked_each(tmp_path: Path) -> None:
    """A narrative-only and a tables-only canonical JSON look like a pair, but JSON keeps no
    blocks to join: each is checked on its own, and the rest of the batch too."""
    import yusuan

    narrative = "某局2024年部门预算\n\n二、部门预算安排的总体情况\n2024年收入预算100.00万元。\n"
    tables = (
        "某局2024年部门预算\n\n2024年部门收支总表\n单位：万元\n项目\t预算数\n收入总计\t100.00\n"
    )
    root = tmp_path / "送审"
    root.mkdir()
    for name, text in (("说明", narrative), ("表格", tables)):
        src = tmp_path / f"{name}.txt"
        src.write_text(text, encoding="utf-8")
        (root / f"{name}.json").write_text(yusuan.open(src).to_json(), encoding="utf-8")
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("no seeds")
    (root / seeds[0].name).write_bytes(seeds[0].read_bytes())
    r = runner.invoke(app, ["check", str(root), "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    docs = json.loads(r.stdout)["documents"]
    assert len(docs) == 3 and "合并检查" not in r.stderr


def test_a_batch_is_read_one_disclosure_at_a_time(folder: Path, tmp_path: Path) -> None:
    """Disclosures that are no part come as they are read: a bureau's folder of hundreds is
    never in memory at once. Parts wait for their partner and come last, joined; each entry
    says where its first file came, so a report can keep the files' order."""
    from yusuan.review import open_batch

    seen: list[str] = []
    batch = open_batch([folder], tmp_path / "tmp", step=lambda p, n, total: seen.append(p.name))
    assert len(batch.files) == 7 and not seen  # nothing read before asked
    entries = iter(batch.entries)
    first = next(entries)
    assert first.disclosure is not None and first.files[0].name in seen
    assert len(seen) < len(batch.files)
    rest = list(entries)
    assert rest[-1].joined and {p.name for p in rest[-1].files} == set(PAIR)
    everything = [first, *rest]
    assert len(everything) == 6
    assert all(e.order == min(batch.files.index(f) for f in e.files) for e in everything)
