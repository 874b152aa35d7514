"""Web API and pages through FastAPI's TestClient, on the demo database."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("argon2")

from fastapi.testclient import TestClient

from tests.conftest import SEEDS
from tests.e2e.support import PASSWORD, copy_db, demo_template
from yusuan.web import Settings, create_app

SECRET = "test-secret-" + "x" * 32


def make_client(tmp: Path, **settings: Any) -> TestClient:
    url = copy_db(demo_template(), tmp)
    app = create_app(Settings(db=url, secret=SECRET, demo=True, **settings))
    return TestClient(app)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Read-only tests share one app; tests that write get their own (``fresh``)."""
    with make_client(tmp_path_factory.mktemp("web")) as c:
        yield c


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path) as c:
        yield c


def login(c: TestClient, name: str) -> str:
    r = c.post("/api/v1/session", json={"name": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


def ids_by_unit(c: TestClient) -> dict[tuple[str, int], int]:
    items = c.get("/api/v1/disclosures").json()["items"]
    return {(i["unit"], i["year"]): i["id"] for i in items}


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} missing")
    return found[0]


# --- reading -------------------------------------------------------------------------------


def test_health_and_library(client: TestClient) -> None:
    h = client.get("/api/v1/health").json()
    assert h["status"] == "ok" and h["disclosures"] == 12 and h["units"] == 4
    items = client.get("/api/v1/disclosures").json()["items"]
    assert len(items) == 12
    assert all(i["region"] == "河北省 青山市 云溪县" for i in items)
    assert isinstance(items[0]["expenditure_total"], str | None)  # exact decimals as strings


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("year=2023", 4),
        ("unit=政法委", 3),
        ("region=云溪县&year=2024", 4),
        ("has_errors=true&year=2023", 4),
        ("has_errors=false", 4),
        ("q=开发区 2024", 1),
        ("region=北京", 0),
    ],
)
def test_library_filters(client: TestClient, query: str, count: int) -> None:
    r = client.get(f"/api/v1/disclosures?{query}")
    assert r.status_code == 200
    assert r.json()["count"] == count


def test_facets(client: TestClient) -> None:
    f = client.get("/api/v1/facets").json()
    assert f["years"] == [2024, 2023, 2022]
    assert "云溪县" in f["regions"]
    assert {u["name"] for u in f["units"]} >= {"云溪县公安局", "中共云溪县委政法委员会"}


def test_planted_errors_are_found(client: TestClient) -> None:
    ids = ids_by_unit(client)

    def codes(unit: str, year: int) -> set[str]:
        found = client.get(f"/api/v1/disclosures/{ids[(unit, year)]}/findings").json()["items"]
        return {f["code"] for f in found}

    assert "N005" in codes("云溪县公安局", 2024) - codes("云溪县公安局", 2023)  # 三公 parts
    assert "N002" in codes("中共云溪县委政法委员会", 2023)  # digits swapped in 项目支出
    assert {"T002", "T003"} & codes("云溪县公安局经济开发区分局", 2023)  # a row raised by 10
    assert "H001" in codes("云溪县公安局经济开发区分局", 2024)  # a change vs last year


def test_disclosure_detail_and_charts(client: TestClient) -> None:
    did = ids_by_unit(client)[("云溪县公安局经济开发区分局", 2023)]
    r = client.get(f"/api/v1/disclosures/{did}").json()
    assert r["meta"]["unit"] == "云溪县公安局经济开发区分局" and r["meta"]["year"] == 2023
    assert r["disclosure"]["schema"] == "yusuan.disclosure/1"
    assert r["findings"] and all("severity" in f for f in r["findings"])
    charts = client.get(f"/api/v1/disclosures/{did}/charts").json()
    assert charts["functional"] and charts["functional"][0]["name"].startswith("2")
    assert {x["name"] for x in charts["split"]} == {"基本支出", "项目支出"}
    assert client.get("/api/v1/disclosures/99999").status_code == 404
    assert client.get("/api/v1/disclosures/99999").json()["error"]["zh"].startswith("库中没有")


def test_compare_years_and_units(client: TestClient) -> None:
    units = {u["name"]: u["id"] for u in client.get("/api/v1/facets").json()["units"]}
    uid = units["云溪县公安局"]
    r = client.get(f"/api/v1/compare?unit={uid}").json()
    assert r["by_year"] and r["columns"] == ["2022年", "2023年", "2024年"]
    total = [x for x in r["records"] if x["key"] == "expenditure_total"]
    assert len(total) == 3 and total[0]["change"] is None and total[1]["change"] is not None
    both = client.get(
        f"/api/v1/compare?unit={uid}&unit={units['中共云溪县委政法委员会']}&year=2023"
    ).json()
    assert not both["by_year"] and both["columns"] == ["云溪县公安局", "中共云溪县委政法委员会"]
    assert both["charts"]["totals"]["series"][0]["data"][0] > 0
    # Several units with several years, unknown units, nothing chosen: clear errors.
    bad = client.get(f"/api/v1/compare?unit={uid}&unit=99&year=2023")
    assert bad.status_code == 404
    two = client.get(
        f"/api/v1/compare?unit={uid}&unit={units['中共云溪县委政法委员会']}&year=2022&year=2023"
    )
    assert two.status_code == 400 and "一个年度" in two.json()["error"]["zh"]
    assert client.get("/api/v1/compare").status_code == 422


def test_projects_and_benchmark(client: TestClient) -> None:
    r = client.get("/api/v1/projects", params={"q": "视频监控"}).json()
    assert r["count"] > 0 and all(i["disclosure_id"] for i in r["items"])
    assert client.get("/api/v1/projects").status_code == 422
    b = client.get("/api/v1/benchmark").json()
    assert b["count"] > 0
    assert {"unit_cost", "median", "outlier"} <= set(b["items"][0])
    only = client.get("/api/v1/benchmark", params={"outliers": "true"}).json()["items"]
    assert all(i["outlier"] for i in only)


def test_rules(client: TestClient) -> None:
    rules = client.get("/api/v1/rules").json()
    assert rules["count"] >= 60
    r = client.get("/api/v1/rules/n003").json()
    assert r["code"] == "N003" and r["what"] and r["fix"]
    assert client.get("/api/v1/rules/Z999").status_code == 404


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/check", "/api/v1/disclosures", "/api/v1/compare", "/api/v1/rules"} <= paths
    assert not any(p.startswith(("/library", "/check/")) for p in paths)  # pages stay out
    assert client.get("/docs").status_code == 200


# --- checking uploads ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_check_each_seed(client: TestClient, prefix: str) -> None:
    import yusuan
    from yusuan.check.engine import check

    path = seed(prefix)
    r = client.post("/api/v1/check", files={"file": (path.name, path.read_bytes())})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stage"] == "done" and body["format"] == "text"
    expected = check(yusuan.open(path))
    assert len(body["report"]["findings"]) == len(expected.findings)
    # Sources name the file as uploaded, never the server's temporary folder.
    assert "yusuan-web-" not in r.text
    for fmt in ("json", "xlsx", "html"):
        d = client.get(body["downloads"][fmt])
        assert d.status_code == 200 and "attachment" in d.headers["content-disposition"]
    html = client.get(body["downloads"]["html"]).text
    assert "yusuan-web-" not in html


def test_check_sheet_download(client: TestClient) -> None:
    """The reviewer's check sheet, as `yusuan check -f review` writes it."""
    import io

    from openpyxl import load_workbook

    path = seed("004")
    body = client.post("/api/v1/check", files={"file": (path.name, path.read_bytes())}).json()
    d = client.get(body["downloads"]["review"])
    assert (
        d.status_code == 200 and "%E6%A3%80%E6%9F%A5%E8%A1%A8" in d.headers["content-disposition"]
    )
    wb = load_workbook(io.BytesIO(d.content))
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 2
    rows = {r[1]: r[2] for r in wb.worksheets[1].iter_rows(values_only=True) if r[0]}
    assert rows["及时性"] == "无法判断" and rows["收支总表"] == "是"


def test_check_page_shows_findings_beside_excerpts(client: TestClient) -> None:
    path = seed("000")
    r = client.post(
        "/check",
        files={"file": (path.name, path.read_bytes())},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 202
    url = r.json()["url"]
    jid = url.rsplit("/", 1)[-1]
    assert client.get(f"/api/v1/check/{jid}?wait=20").json()["stage"] == "done"
    page = client.get(url).text
    assert "N003" in page and "<mark>5089.05</mark>" in page  # the transposed figure, marked
    assert "支出说明" in page  # grouped by section
    partial = client.get(url, headers={"hx-request": "true"}).text
    assert "<html" not in partial and "report-head" in partial


def test_check_async_and_unknown_job(client: TestClient) -> None:
    path = seed("003")
    r = client.post("/api/v1/check?wait=false", files={"file": (path.name, path.read_bytes())})
    assert r.status_code == 202
    jid = r.json()["id"]
    done = client.get(f"/api/v1/check/{jid}", params={"wait": 20}).json()
    assert done["stage"] == "done" and "report" in done
    assert client.get("/api/v1/check/" + "0" * 32).status_code == 404
    assert client.get("/api/v1/check/not-a-job").status_code == 404
    assert client.get("/check/" + "0" * 32).status_code == 404


def test_narrative_and_tables_uploaded_together_are_checked_as_one(client: TestClient) -> None:
    narrative = "某局2024年部门预算\n\n二、部门预算安排的总体情况\n2024年收入预算100.00万元。\n"
    tables = "2024年部门收支总表\n单位：万元\n项目\t预算数\n收入总计\t100.00\n"
    files = [
        ("file", ("表格.txt", tables.encode())),
        ("file", ("说明.txt", narrative.encode())),
    ]
    r = client.post("/api/v1/check", files=files)
    assert r.status_code == 200, r.text
    jid = r.json()["id"]
    page = client.get(f"/check/{jid}").text
    assert "合并为同一份公开" in page and "表格.txt + 说明.txt" in page
    # Two files that are not the parts of one disclosure are refused, in Chinese.
    other = "某局2023年部门预算\n\n二、部门预算安排的总体情况\n2023年收入预算90.00万元。\n"
    r = client.post(
        "/api/v1/check",
        files=[("file", ("说明.txt", narrative.encode())), ("file", ("别的.txt", other.encode()))],
    )
    assert r.status_code == 422 and "逐个上传" in r.json()["error"]["zh"]


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not an office document")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        ("empty.txt", b"", 400, "文件为空"),
        ("blank.txt", b"   \n\n", 415, "文件为空"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, 415, "图片"),
        ("archive.docx", _docx_bytes(), 415, "压缩包"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"),
            415,
            "DOCX",
        ),
        ("notes.txt", "今天天气很好。\n".encode() * 20, 422, "预算"),
        ("binary.txt", bytes(range(256)) * 40, 422, "二进制"),
    ],
)
def test_bad_uploads(
    client: TestClient, name: str, content: bytes, status: int, words: str
) -> None:
    r = client.post("/api/v1/check", files={"file": (name, content)})
    assert r.status_code == status, r.text
    body = r.json()
    zh = body["error"]["zh"]
    assert words in zh, zh
    assert re.search(r"[\u4e00-\u9fff]", zh)


def test_missing_file_field(client: TestClient) -> None:
    r = client.post("/api/v1/check")
    assert r.status_code == 400 and "请选择" in r.json()["error"]["zh"]


def test_upload_size_limit(tmp_path: Path) -> None:
    with make_client(tmp_path, max_upload=1024 * 1024) as c:
        big = b"a" * (1024 * 1024 + 10)
        r = c.post("/api/v1/check", files={"file": ("big.txt", big)})
        assert r.status_code == 413 and "上限为 1 MB" in r.json()["error"]["zh"]
        # Far over the limit: refused by the body limit before the form is parsed.
        huge = b"a" * (3 * 1024 * 1024)
        r = c.post("/api/v1/check", files={"file": ("huge.txt", huge)})
        assert r.status_code == 413
        assert c.get("/api/v1/health").status_code == 200


def test_the_site_answers_while_hostile_uploads_run(tmp_path: Path) -> None:
    """Span bombs and huge sheets are read in worker processes: pages stay quick meanwhile."""
    import threading
    import time

    from tests.fuzz.make_corpus import bombs

    wanted = {"html-spanbomb", "html-20000-rows", "xlsx-2m-cells", "xlsx-merge-all"}
    hostile = [(f"{name}.{ext}", data) for name, ext, data in bombs() if name in wanted]
    assert len(hostile) == len(wanted)
    answers: list[tuple[str, int, str]] = []
    with make_client(tmp_path) as c:
        c.get("/library")  # warm: the first page renders its templates

        def post(name: str, data: bytes) -> None:
            r = c.post("/api/v1/check", files={"file": (name, data)})
            answers.append((name, r.status_code, r.text))

        threads = [threading.Thread(target=post, args=h) for h in hostile]
        for t in threads:
            t.start()
        waits: list[float] = []
        while any(t.is_alive() for t in threads):
            t0 = time.perf_counter()
            assert c.get("/").status_code == 200
            waits.append(time.perf_counter() - t0)
        for t in threads:
            t.join()
    assert waits, "the uploads finished before any page was asked for"
    assert max(waits) < 1.0, waits
    for name, status, text in answers:  # each read or refused plainly, none a bug of ours
        assert status in (200, 422), (name, status)
        assert "内部错误" not in text, (name, text)


def test_worker_limits_protect_the_server(tmp_path: Path) -> None:
    """A file that needs more time or memory than allowed fails alone, in Chinese."""
    text = seed("002").read_text(encoding="utf-8")
    big = (text * 12).encode()  # ≈ 2.4 MB: several seconds of parsing
    with make_client(tmp_path, parse_timeout=1) as c:
        r = c.post("/api/v1/check", files={"file": ("big.txt", big)})
        assert r.status_code == 422
        zh = r.json()["error"]["zh"]
        assert "超时" in zh or "限制" in zh, zh
        assert c.get("/api/v1/health").status_code == 200
    with make_client(tmp_path / "m", parse_memory=64 * 1024 * 1024) as c:
        r = c.post("/api/v1/check", files={"file": ("big.txt", big)})
        assert r.status_code == 422
        assert "限制" in r.json()["error"]["zh"]
        small = seed("003")
        assert c.get("/api/v1/health").status_code == 200
        del small


# --- accounts and writing -------------------------------------------------------------------------


def test_unauthorised_writes_are_refused(fresh: TestClient) -> None:
    did = ids_by_unit(fresh)[("云溪县公安局", 2022)]
    # Nobody signed in.
    assert fresh.delete(f"/api/v1/disclosures/{did}").status_code in (401, 403)
    token = fresh.get("/api/v1/session").json()["csrf_token"]
    r = fresh.delete(f"/api/v1/disclosures/{did}", headers={"X-CSRF-Token": token})
    assert r.status_code == 401 and "登录" in r.json()["error"]["zh"]
    r = fresh.patch("/api/v1/units/1", json={"city": "x"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 401
    path = seed("004")
    r = fresh.post(
        "/api/v1/disclosures",
        files={"file": (path.name, path.read_bytes())},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 401
    # A viewer may read but not write.
    token = login(fresh, "viewer1")
    r = fresh.delete(f"/api/v1/disclosures/{did}", headers={"X-CSRF-Token": token})
    assert r.status_code == 403 and "编辑" in r.json()["error"]["zh"]
    # An editor without the CSRF token is refused too.
    token = login(fresh, "editor1")
    assert fresh.delete(f"/api/v1/disclosures/{did}").status_code == 403
    r = fresh.delete(f"/api/v1/disclosures/{did}", headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]["zh"]
    assert fresh.get(f"/api/v1/disclosures/{did}").status_code == 200


def test_editor_deletes_and_search_forgets(fresh: TestClient) -> None:
    ids = ids_by_unit(fresh)
    did = ids[("云溪县公安局经济开发区分局", 2024)]
    name = fresh.get(f"/api/v1/disclosures/{did}").json()["disclosure"]["performance"]["projects"][
        0
    ]["name"]
    before = {
        (i["unit"], i["year"])
        for i in fresh.get("/api/v1/projects", params={"q": name}).json()["items"]
    }
    assert ("云溪县公安局经济开发区分局", 2024) in before
    token = login(fresh, "editor1")
    r = fresh.delete(f"/api/v1/disclosures/{did}", headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["deleted"]["year"] == 2024
    assert fresh.get(f"/api/v1/disclosures/{did}").status_code == 404
    after = {
        (i["unit"], i["year"])
        for i in fresh.get("/api/v1/projects", params={"q": name}).json()["items"]
    }
    assert ("云溪县公安局经济开发区分局", 2024) not in after
    assert fresh.get("/api/v1/health").json()["disclosures"] == 11


def test_editor_stores_a_checked_upload(fresh: TestClient) -> None:
    path = seed("004")
    job = fresh.post("/api/v1/check", files={"file": (path.name, path.read_bytes())}).json()
    token = fresh.get("/api/v1/session").json()["csrf_token"]
    r = fresh.post(f"/api/v1/check/{job['id']}/store", headers={"X-CSRF-Token": token})
    assert r.status_code == 401
    token = login(fresh, "editor1")
    r = fresh.post(f"/api/v1/check/{job['id']}/store", headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["status"] == "loaded"
    did = r.json()["disclosure_id"]
    meta = fresh.get(f"/api/v1/disclosures/{did}").json()["meta"]
    assert meta["unit"].startswith("唐山市公安局") and meta["filename"] == path.name
    again = fresh.post(f"/api/v1/check/{job['id']}/store", headers={"X-CSRF-Token": token})
    assert again.json() == {"disclosure_id": did, "status": "skipped"}
    # Upload and store in one call.
    other = seed("003")
    r = fresh.post(
        "/api/v1/disclosures",
        files={"file": (other.name, other.read_bytes())},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 201 and r.json()["status"] == "loaded"
    assert fresh.get("/api/v1/health").json()["disclosures"] == 14


def test_edit_region(fresh: TestClient) -> None:
    token = login(fresh, "editor1")
    unit = fresh.get("/api/v1/facets").json()["units"][0]
    r = fresh.patch(
        f"/api/v1/units/{unit['id']}",
        json={"province": "河北省", "city": "青山市", "county": "云溪县新区"},
        headers={"X-CSRF-Token": token},
    )
    assert r.status_code == 200 and r.json()["county"] == "云溪县新区"
    assert fresh.get("/api/v1/disclosures?region=云溪县新区").json()["count"] == 3


def test_login_logout_and_throttle(fresh: TestClient) -> None:
    r = fresh.post("/api/v1/session", json={"name": "editor1", "password": "nope"})
    assert r.status_code == 401 and "不正确" in r.json()["error"]["zh"]
    token = login(fresh, "editor1")
    who = fresh.get("/api/v1/session").json()
    assert who["user"] == {"name": "editor1", "role": "editor", "role_zh": "编辑"}
    assert fresh.delete("/api/v1/session", headers={"X-CSRF-Token": token}).status_code == 200
    assert fresh.get("/api/v1/session").json()["user"] is None
    for _ in range(8):
        fresh.post("/api/v1/session", json={"name": "admin1", "password": "bad"})
    r = fresh.post("/api/v1/session", json={"name": "admin1", "password": PASSWORD})
    assert r.status_code == 429


def test_session_cookie_flags(tmp_path: Path) -> None:
    with make_client(tmp_path, secure_cookies=True) as c:
        r = c.post("/api/v1/session", json={"name": "editor1", "password": PASSWORD})
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie
    with make_client(tmp_path / "plain") as c:
        r = c.post("/api/v1/session", json={"name": "editor1", "password": PASSWORD})
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "; secure" not in cookie


def test_passwords_are_argon2_and_sessions_end_on_change(fresh: TestClient) -> None:
    from sqlalchemy import select

    from yusuan.web.users import User

    store = fresh.app.state.store  # type: ignore[attr-defined]
    with store.sessions() as s:
        u = s.scalars(select(User).where(User.name == "editor1")).one()
        assert u.password_hash.startswith("$argon2id$")
    login(fresh, "editor1")
    assert fresh.get("/api/v1/session").json()["user"]["name"] == "editor1"
    with store.session() as s:
        s.scalars(select(User).where(User.name == "editor1")).one().epoch += 1
    assert fresh.get("/api/v1/session").json()["user"] is None


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/check", "将文件拖放到此处"),
        ("/library", "公开库"),
        ("/library?year=2023&errors=yes", "共 <b>4</b> 份"),
        ("/compare", "选一个：历年对比"),
        ("/projects?q=视频", "单位成本对标"),
        ("/rules", "N003"),
        ("/login", "用户名"),
    ],
)
def test_pages_render(client: TestClient, path: str, text: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert text in r.text
    assert 'lang="zh-CN"' in r.text and "/static/vendor/htmx.min.js" in r.text
    assert "cdn" not in r.text.lower()


def test_disclosure_and_compare_pages(client: TestClient) -> None:
    ids = ids_by_unit(client)
    page = client.get(f"/disclosures/{ids[('云溪县公安局', 2024)]}").text
    assert "云溪县公安局" in page and 'id="chart-data"' in page
    assert 'class="fref fref-error"' in page  # findings marked inline
    assert "N005" in page
    units = {u["name"]: u["id"] for u in client.get("/api/v1/facets").json()["units"]}
    cmp = client.get(f"/compare?unit={units['云溪县公安局']}").text
    assert "历年对比" in cmp and "增减率" in cmp and 'data-chart="cmp-totals"' in cmp
    assert client.get("/disclosures/99999").status_code == 404
    assert "库中没有" in client.get("/disclosures/99999").text
    partial = client.get("/library?year=2022", headers={"hx-request": "true"}).text
    assert "<html" not in partial and "共 <b>4</b> 份" in partial


def test_disclosure_downloads(client: TestClient) -> None:
    did = ids_by_unit(client)[("云溪县公安局", 2023)]
    r = client.get(f"/disclosures/{did}/download.json")
    assert r.status_code == 200 and r.json()["year"] == 2023
    assert client.get(f"/disclosures/{did}/download.exe").status_code == 404
    formats = client.app.state.templates.env.globals["publish_formats"]  # type: ignore[attr-defined]
    if "html" in formats:
        r = client.get(f"/disclosures/{did}/download.html")
        assert r.status_code == 200 and "云溪县公安局" in r.text


def test_page_forms_need_csrf_and_sign_in(fresh: TestClient) -> None:
    did = ids_by_unit(fresh)[("云溪县公安局", 2022)]
    page = fresh.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    # Without the token the form is refused; with it, a wrong password gets a Chinese message.
    r = fresh.post("/login", data={"name": "editor1", "password": PASSWORD})
    assert r.status_code == 403
    r = fresh.post("/login", data={"name": "editor1", "password": "x", "csrf_token": token})
    assert r.status_code == 401 and "用户名或密码不正确" in r.text
    r = fresh.post(f"/disclosures/{did}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = fresh.post(
        "/login",
        data={
            "name": "editor1",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/library"
    token = re.search(r'data-csrf="([^"]+)"', fresh.get("/library").text).group(1)  # type: ignore[union-attr]
    r = fresh.post(f"/disclosures/{did}/delete", data={}, follow_redirects=False)
    assert r.status_code == 403
    r = fresh.post(f"/disclosures/{did}/delete", data={"csrf_token": token})
    assert r.status_code == 200 and "已删除" in r.text


def test_security_headers(client: TestClient) -> None:
    r = client.get("/library")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert client.get("/static/vendor/echarts.min.js").status_code == 200
