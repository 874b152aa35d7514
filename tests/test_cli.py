"""The command line: summaries, JSON, and clear one-line errors for bad input."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app

runner = CliRunner()


def test_read_json_has_the_contract_keys() -> None:
    result = runner.invoke(app, ["read", str(seed_path("004")), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "schema",
        "source",
        "kind",
        "year",
        "unit",
        "organisations",
        "money_unit",
        "responsibilities",
        "overview",
        "operating_costs",
        "three_public",
        "tables",
        "performance",
        "procurement",
        "assets",
        "glossary",
        "other_matters",
        "unparsed",
    ):
        assert key in data
    assert data["schema"] == "yusuan.disclosure/1"
    assert data["source"]["format"] == "text"
    assert len(data["source"]["sha256"]) == 64
    # Amounts are decimal strings, never floats.
    assert data["overview"]["income_total"]["value"] == "5983.18"


def test_read_several_files_to_array_and_to_directory(tmp_path: Path) -> None:
    a, b = str(seed_path("000")), str(seed_path("003"))
    result = runner.invoke(app, ["read", a, b, "--json"])
    assert result.exit_code == 0
    assert [d["year"] for d in json.loads(result.stdout)] == [2020, 2020]
    result = runner.invoke(app, ["read", a, b, "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [Path(a).stem + ".json", Path(b).stem + ".json"]
    )


def test_summary_is_readable() -> None:
    result = runner.invoke(app, ["read", str(seed_path("000"))])
    assert result.exit_code == 0
    assert "廊坊市公安局安次分局" in result.stdout
    assert "8579.96" in result.stdout


def test_schema_command() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == "yusuan.disclosure/1"
    assert "overview" in schema["properties"]


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("name", "data", "zh", "en"),
    [
        ("empty.txt", b"", "文件为空", "empty file"),
        ("blank.txt", b"  \n\n ", "文件为空", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "二进制", "binary"),
        ("latin.txt", b"\xff\xfe\xfa\xfb" * 50, "编码", "encoding"),
        (
            "notes.txt",
            "今天天气很好。\n我们去公园。\n".encode(),
            "未识别出预算公开内容",
            "not a budget",
        ),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "PDF", "PDF"),
    ],
)
def test_bad_input_gives_one_clear_error(
    tmp_path: Path, name: str, data: bytes, zh: str, en: str
) -> None:
    result = runner.invoke(app, ["read", str(_bad(tmp_path, name, data))])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert zh in result.stderr and en in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for target, zh in ((tmp_path / "nope.txt", "文件不存在"), (tmp_path, "目录")):
        result = runner.invoke(app, ["read", str(target)])
        assert result.exit_code == 2
        assert zh in result.stderr


def test_truncated_document_still_yields_what_was_read(tmp_path: Path) -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    cut = text[: text.index("四、财政拨款")]  # cut off mid-document
    path = _bad(tmp_path, "cut.txt", cut.encode())
    result = runner.invoke(app, ["read", str(path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["overview"]["income_total"]["value"] == "8579.96"
    assert data["three_public"]["total"] is None


def test_good_and_bad_file_together_exit_2_but_print_the_good_one(tmp_path: Path) -> None:
    bad = _bad(tmp_path, "empty.txt", b"")
    result = runner.invoke(app, ["read", str(seed_path("003")), str(bad), "--json"])
    assert result.exit_code == 2
    assert len(json.loads(result.stdout)) == 1


def test_tables_nobody_understands_are_listed_as_unparsed(tmp_path: Path) -> None:
    text = seed_path("004").read_text(encoding="utf-8")
    extra = "\n\n某某统计表说明\n\n甲\t乙\t丙\n子\t丑\t寅\n"
    path = _bad(tmp_path, "more.txt", (text + extra).encode())
    data = json.loads(runner.invoke(app, ["read", str(path), "--json"]).stdout)
    assert [u["text"] for u in data["unparsed"]] == ["甲\t乙\t丙\n子\t丑\t寅"]
    assert data["unparsed"][0]["source"].endswith(f":{text.count(chr(10)) + 5}")


def test_gb18030_and_crlf_text_reads_the_same(tmp_path: Path) -> None:
    text = seed_path("004").read_text(encoding="utf-8")
    path = _bad(tmp_path, "gbk.txt", text.replace("\n", "\r\n").encode("gb18030"))
    a = json.loads(runner.invoke(app, ["read", str(seed_path("004")), "--json"]).stdout)
    b = json.loads(runner.invoke(app, ["read", str(path), "--json"]).stdout)
    assert b["overview"]["income_total"]["value"] == a["overview"]["income_total"]["value"]
    assert [len(t["rows"]) for t in b["tables"]] == [len(t["rows"]) for t in a["tables"]]
    assert len(b["performance"]["projects"]) == len(a["performance"]["projects"]) == 13


FIXTURE = Path(__file__).parent / "fixtures" / "national_2024.txt"


def test_inspect_shows_sections_tables_and_figures_with_their_fields() -> None:
    result = runner.invoke(app, ["inspect", str(FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert (view["unit"], view["year"], view["kind"]) == ("某县自然资源局", 2024, "budget")
    keys = [s["key"] for s in view["sections"]]
    assert "overview" in keys and "duties" in keys
    tables = {t["kind"]: t for t in view["tables"] if t["kind"]}
    summary = tables["income_expenditure_summary"]
    assert (summary["money_unit"], summary["read_as"]) == ("元", "tables[0]")
    by_field = {f["field"]: f for f in view["figures"] if f["field"]}
    income = by_field["overview.income_total"]
    assert income["raw"] == "1,250.40万元" and "收入预算总额" in income["sentence"]
    assert by_field["operating_costs.change"]["value"] == "3.00"


def test_inspect_terminal_and_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", str(FIXTURE)])
    assert result.exit_code == 0 and "章节 / sections" in result.output
    assert "文字中的数字 / narrative figures" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(empty)])
    assert (
        result.exit_code == 2 and "文件为空" in result.output and "Traceback" not in result.output
    )


def test_read_merge_gives_one_disclosure(tmp_path: Path) -> None:
    narrative = tmp_path / "说明.txt"
    narrative.write_text(
        "某局2024年部门预算\n\n二、部门预算安排的总体情况\n2024年收入预算100.00万元。\n",
        encoding="utf-8",
    )
    tables = tmp_path / "表格.txt"
    tables.write_text(
        "2024年部门收支总表\n单位：万元\n项目\t预算数\n收入总计\t100.00\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["read", str(tables), str(narrative), "--merge", "--json"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)  # one object, not a list
    assert d["source"]["path"] == str(narrative) and [p["path"] for p in d["parts"]] == [
        str(tables)
    ]
    assert d["overview"]["income_total"]["value"] == "100.00"
    assert d["tables"][0]["rows"][0]["source"].startswith(str(tables))
