"""Lists you can take away (issue 15, point 6): the library, a project search and the unit-cost
benchmark, each paged, sortable, with facet counts, and exportable as CSV and XLSX — on the demo
county (four units × 2022–2024; errors planted in 政法委 2023, 公安局 2024, 开发区分局 2023)."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.e2e.support import copy_db, demo_template
from yusuan.web import Settings, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = copy_db(demo_template(), tmp_path_factory.mktemp("lists"))
    with TestClient(create_app(Settings(db=url, secret="s" * 40, demo=True))) as c:
        yield c


def _units(page: str) -> list[str]:
    return re.findall(r'<td><a href="/disclosures/\d+">([^<]+)</a>', page)


def _facets(page: str) -> dict[str, int]:
    """Facet value label → its count, as the page shows them."""
    found = re.findall(r'class="facet-value[^"]*" href="[^"]*">([^<]+?) <b>(\d+)</b>', page)
    return {label: int(n) for label, n in found}


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode()), "no BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:])))


def test_library_facets_count_what_the_other_filters_leave(client: TestClient) -> None:
    page = client.get("/library").text
    counts = _facets(page)
    assert counts["2022 年"] == counts["2023 年"] == counts["2024 年"] == 4
    assert counts["预算"] == 12 and counts["青山市"] == 12
    assert counts["存在错误"] + counts["未发现错误"] == 12
    # With a year chosen, the year facet still offers the other years; the others narrow.
    page = client.get("/library?year=2023").text
    counts = _facets(page)
    assert counts["2022 年"] == 4 and counts["预算"] == 4
    assert "共 <b>4</b> 份" in page
    chosen = re.search(r'class="facet-value selected" href="([^"]+)"', page)
    assert chosen and html.unescape(chosen.group(1)) == "?"  # unselect: back to everything


def test_library_drop_downs_offer_what_the_facets_count(client: TestClient) -> None:
    page = client.get("/library").text
    counts = _facets(page)
    for name in ("region", "year"):
        select = re.search(rf'<select name="{name}">(.*?)</select>', page, re.S)
        assert select, name
        offered = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
        assert offered[0][0] == "" and all(label in counts for _, label in offered[1:]), offered
        for value, label in offered[1:]:
            chosen = client.get("/library", params={name: value}).text
            assert f"共 <b>{counts[label]}</b> 份" in chosen, (name, value)


def test_library_sorts_by_any_column_both_ways(client: TestClient) -> None:
    asc = client.get("/library?sort=expenditure_total").text
    desc = client.get("/library?sort=expenditure_total&desc=1").text
    # 云溪县公安局 spends most (8,665.76 in 2024); 交通警察大队 states no total: last either way.
    assert _units(desc)[0] == "云溪县公安局"
    assert _units(asc)[0] == "中共云溪县委政法委员会"
    assert _units(asc)[-1] == _units(desc)[-1] == "云溪县公安局交通警察大队"
    assert 'aria-sort="descending"' in desc and 'aria-sort="ascending"' in asc
    errors = client.get("/library?sort=errors&desc=1").text
    cells = re.findall(r'<td class="num">(?:<span class="pill pill-error">)?(\d+)<', errors)
    assert cells  # the header link flips the order
    assert 'href="?sort=errors"' in errors  # descending → ascending next
    assert client.get("/library?sort=nonsense").status_code == 200  # ignored, default order


def test_library_pages(client: TestClient) -> None:
    first = client.get("/library?size=20&sort=year").text
    assert "第 1 / 1 页" in first  # 12 disclosures fit one page of 20
    p1 = client.get("/library?size=20&page=1").text
    assert len(_units(p1)) == 12
    # A smaller page: not offered in the pager, so it falls back to the default page size.
    assert len(_units(client.get("/library?size=7").text)) == 12
    # Twelve rows over pages of 20: page 2 does not exist and shows the last page.
    assert _units(client.get("/library?size=20&page=2").text) == _units(p1)


def test_library_exports_every_filtered_row(client: TestClient) -> None:
    r = client.get("/library.csv?errors=yes&sort=year")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = _csv(r.content)
    assert rows[0][:6] == ["编号", "单位", "省", "市", "县/区", "年度"]
    years = [row[5] for row in rows[1:]]
    assert years == sorted(years) and len(rows) - 1 == len(
        _units(client.get("/library?errors=yes").text)
    )
    x = client.get("/library.xlsx?year=2024")
    wb = load_workbook(io.BytesIO(x.content))
    sheet = list(wb.active.iter_rows(values_only=True))
    assert sheet[0][1] == "单位" and len(sheet) == 1 + 4
    assert 'href="/library.csv?year=2024"' in client.get("/library?year=2024").text
    assert client.get("/library.pdf").status_code == 404


def test_project_search_pages_sorts_facets_and_exports(client: TestClient) -> None:
    page = client.get("/projects?q=视频监控").text
    found = int(re.search(r"找到 <b>(\d+)</b> 个项目", page).group(1))  # type: ignore[union-attr]
    assert found > 0
    years = {k: v for k, v in _facets(page).items() if k.endswith(" 年")}
    assert sum(years.values()) == found
    one_year = client.get("/projects?q=视频监控&year=2023").text
    assert f"找到 <b>{years['2023 年']}</b> 个项目" in one_year
    # 视频监控 projects state no budget; 经费 ones mostly do: sorted, the empty ones last.
    budgets = client.get("/projects?q=经费&sort=budget&desc=1&size=200").text
    cells = re.findall(r'<td class="num">([^<]+)</td><td class="match">', budgets)
    shown = [float(x.replace(",", "")) for x in cells if x != "—"]
    assert len(shown) > 20 and shown == sorted(shown, reverse=True)
    assert cells[: len(shown)] != [] and all(x == "—" for x in cells[len(shown) :])
    rows = _csv(client.get("/projects.csv?q=视频监控&year=2023").content)
    assert rows[0][:5] == ["编号", "单位", "年度", "项目", "预算（万元）"]
    assert len(rows) - 1 == years["2023 年"] and {r[2] for r in rows[1:]} == {"2023"}
    assert client.get("/projects.csv").status_code == 400


def test_benchmark_page_facets_pages_and_exports(client: TestClient) -> None:
    page = client.get("/benchmark?size=20").text
    total = int(re.search(r"共 <b>(\d+)</b> 个项目", page).group(1))  # type: ignore[union-attr]
    assert total > 20 and 'id="chart-bench"' in page
    assert f"第 1 / {-(-total // 20)} 页" in page
    assert len(re.findall(r"<tr><td>", page)) == 20
    counts = _facets(page)
    assert counts.get("偏高", 0) + counts.get("偏低", 0) > 0
    high = client.get("/benchmark?judged=high").text
    assert "偏低</span>" not in high and "偏高</span>" in high
    by_cost = client.get("/benchmark?sort=unit_cost&desc=1&size=20").text
    assert 'aria-sort="descending"' in by_cost
    rows = _csv(client.get("/benchmark.csv?judged=high").content)
    assert rows[0][:3] == ["物项", "活动", "单位"]
    assert {r[rows[0].index("判断")] for r in rows[1:]} == {"偏高 high"}
    assert len(rows) - 1 == counts["偏高"]
    wb = load_workbook(io.BytesIO(client.get("/benchmark.xlsx").content))
    assert len(list(wb.active.iter_rows())) == 1 + total


def test_the_projects_page_links_the_benchmark(client: TestClient, tmp_path: Path) -> None:
    assert 'href="/benchmark"' in client.get("/projects").text
