"""Demo data: a fictional county's units over three years, made from the seed disclosures.

Each seed is read, then rewritten as the canonical model of a unit of 云溪县 (renamed throughout,
years moved to 2022–2024, every amount scaled by a per-year factor and rounded to its printed
precision, the stated changes vs last year recomputed from the previous synthetic year), and
stored with the store's loader so that every check runs as on a real load. A few errors are then
planted on purpose (PLANTED), so the demo shows what the checks find.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from yusuan.errors import YusuanError

PROVINCE, CITY, COUNTY = "河北省", "青山市", "云溪县"
YEARS = (2022, 2023, 2024)


@dataclass(frozen=True)
class UnitSpec:
    seed: str  # file name prefix in the seeds folder
    name: str
    replace: tuple[tuple[str, str], ...]  # (old, new), applied in order to every string
    growth: tuple[str, str, str]  # amount factors for 2022, 2023, 2024


UNITS = (
    UnitSpec(
        "000",
        "云溪县公安局",
        (
            ("河北省廊坊市公安局安次分局", "云溪县公安局"),
            ("廊坊市公安局安次分局", "云溪县公安局"),
            ("安次分局", "云溪县公安局"),
            ("廊坊市", "青山市"),
            ("安次区", "云溪县"),
            ("廊坊", "青山"),
            ("安次", "云溪"),
        ),
        ("0.92", "0.96", "1.01"),
    ),
    UnitSpec(
        "003",
        "中共云溪县委政法委员会",
        (
            ("中共河北省大城县委政法委员会", "中共云溪县委政法委员会"),
            ("中共河北省大城县政法委员会", "中共云溪县委政法委员会"),
            ("大城县委政法委员会", "云溪县委政法委员会"),
            ("大城县", "云溪县"),
            ("大城", "云溪"),
            ("廊坊市", "青山市"),
            ("廊坊", "青山"),
        ),
        ("0.95", "0.98", "1.04"),
    ),
    UnitSpec(
        "004",
        "云溪县公安局经济开发区分局",
        (
            ("唐山市公安局高新技术产业开发区分局(本级)", "云溪县公安局经济开发区分局"),
            ("唐山市公安局高新技术产业开发区分局", "云溪县公安局经济开发区分局"),
            ("高新技术产业开发区分局", "经济开发区分局"),
            ("高新技术产业开发区", "经济开发区"),
            ("高新区", "开发区"),
            ("唐山市", "青山市"),
            ("唐山", "青山"),
        ),
        ("0.88", "0.94", "0.99"),
    ),
    UnitSpec(
        "001",
        "云溪县公安局交通警察大队",
        (
            ("保定市公安局本级", "云溪县公安局交通警察大队"),
            ("保定市公安局", "云溪县公安局交通警察大队"),
            ("保定市", "青山市"),
            ("保定", "青山"),
        ),
        ("0.31", "0.33", "0.34"),
    ),
)

_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?=\s*年|-\d\d-\d\d)")
_NUMBER = re.compile(r"-?[\d,]*\d(?:\.\d+)?")
CENT = Decimal("0.01")


def _decimals(v: Decimal) -> int:
    exp = v.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _scaled(v: Decimal, f: Decimal) -> Decimal:
    """``v × f`` to the cent, or finer where ``v`` was printed finer. Rounding a scaled "130" to
    whole 万元 would make an equality ("成本 130 = 预算 130.00") an inequality."""
    return (v * f).quantize(Decimal(10) ** -max(2, _decimals(v)), ROUND_HALF_UP)


def _raw(raw: str, value: Decimal) -> str:
    """The printed text with its number replaced; "万元" and other words kept."""
    text = format(value, "f")
    return _NUMBER.sub(lambda _m: text, raw, count=1) if _NUMBER.search(raw) else text


def _walk(node: Any, fn: Callable[[dict[str, Any]], None]) -> None:
    if isinstance(node, dict):
        fn(node)
        for v in node.values():
            _walk(v, fn)
    elif isinstance(node, list):
        for v in node:
            _walk(v, fn)


def _scale_amounts(data: dict[str, Any], f: Decimal) -> None:
    def visit(node: dict[str, Any]) -> None:
        if set(node) >= {"value", "raw"} and isinstance(node.get("value"), str):
            v = _scaled(Decimal(node["value"]), f)
            node["value"], node["raw"] = format(v, "f"), _raw(node["raw"], v)
        # Money in performance indicators (成本指标 "≤190.92万元") moves with the budget.
        if node.get("unit") in ("万元", "元") and isinstance(node.get("number"), str):
            v = _scaled(Decimal(node["number"]), f)
            node["number"] = format(v, "f")
            if isinstance(node.get("raw"), str):
                node["raw"] = _raw(node["raw"], v)

    _walk(data, visit)


def _rename(text: str, spec: UnitSpec, shift: int, old_path: str, new_file: str) -> str:
    text = text.replace(old_path, new_file).replace(Path(old_path).name, new_file)
    for old, new in spec.replace:
        text = text.replace(old, new)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def _amount(value: Decimal, source: str | None, change: bool = False) -> dict[str, Any]:
    if change:
        word = "增加" if value > 0 else "减少" if value < 0 else "持平"
        raw = f"{word}{format(abs(value), 'f')}万元" if value else "与上年持平"
    else:
        raw = f"{format(value, 'f')}万元"
    return {"value": format(value, "f"), "raw": raw, "source": source}


def _restate_changes(cur: dict[str, Any], prev: dict[str, Any] | None) -> None:
    """Make the “比上年” figures agree with the previous synthetic year, or drop them."""
    ov = cur["overview"]
    changes = ov.get("changes") or {}
    rates = ov.get("change_rates") or {}
    for key in list(changes):
        old = changes[key]
        if prev is None:
            continue
        pov = prev["overview"]
        now_a = ov.get(key) if key in ov else (ov.get("income_by_source") or {}).get(key)
        then_a = pov.get(key) if key in pov else (pov.get("income_by_source") or {}).get(key)
        if not isinstance(now_a, dict) or not isinstance(then_a, dict):
            del changes[key]
            rates.pop(key, None)
            continue
        diff = Decimal(now_a["value"]) - Decimal(then_a["value"])
        changes[key] = _amount(diff, old.get("source"), change=True)
        if key in rates and Decimal(then_a["value"]):
            rates[key] = format((diff * 100 / Decimal(then_a["value"])).quantize(CENT), "f")
    if prev is None:
        return
    tp, ptp = cur["three_public"], prev["three_public"]
    if tp.get("change") and tp.get("total") and ptp.get("total"):
        diff = Decimal(tp["total"]["value"]) - Decimal(ptp["total"]["value"])
        tp["change"] = _amount(diff, tp["change"].get("source"), change=True)
    oc, poc = cur["operating_costs"], prev["operating_costs"]
    if oc.get("amount") and poc.get("amount"):
        if oc.get("change"):
            diff = Decimal(oc["amount"]["value"]) - Decimal(poc["amount"]["value"])
            oc["change"] = _amount(diff, oc["change"].get("source"), change=True)
        if oc.get("previous"):
            oc["previous"] = {**poc["amount"], "source": oc["previous"].get("source")}


# --- planted errors ------------------------------------------------------------------------------


def _transpose(v: str) -> str:
    """Swap the first two different neighbouring digits: 2347.50 → 3247.50."""
    digits = list(v)
    for i in range(len(digits) - 1):
        a, b = digits[i], digits[i + 1]
        if a.isdigit() and b.isdigit() and a != b:
            digits[i], digits[i + 1] = b, a
            return "".join(digits)
    return v


def _plant_three_public(data: dict[str, Any]) -> None:
    """“三公”经费合计 printed 1.50 higher than its parts add up to."""
    a = data["three_public"].get("total")
    if a:
        v = Decimal(a["value"]) + Decimal("1.50")
        a["value"], a["raw"] = format(v, "f"), _raw(a["raw"], v)


def _plant_project(data: dict[str, Any]) -> None:
    """项目支出 with two digits swapped in the narrative."""
    a = data["overview"].get("project")
    if a:
        a["value"] = _transpose(a["value"])
        a["raw"] = _raw(a["raw"], Decimal(a["value"]))


def _plant_table_row(data: dict[str, Any]) -> None:
    """One classified row of the expenditure table raised by 10.00 (its column no longer adds)."""
    for t in data["tables"]:
        if t["kind"] not in ("expenditure", "general_public_expenditure"):
            continue
        for r in t["rows"]:
            code = r.get("code") or ""
            if len(code) == 7:
                for col, a in r["values"].items():
                    if a and Decimal(a["value"]) > 0:
                        v = Decimal(a["value"]) + Decimal("10.00")
                        a["value"], a["raw"] = format(v, "f"), _raw(a["raw"], v)
                        del col
                        return


def _plant_change(data: dict[str, Any]) -> None:
    """A “比上年” change stated 20.00 too high."""
    changes = data["overview"].get("changes") or {}
    for a in changes.values():
        v = Decimal(a["value"]) + Decimal("20.00")
        a.update(_amount(v, a.get("source"), change=True))
        return


# (unit name, year) → what is planted, and the rule families expected to see it.
PLANTED: dict[tuple[str, int], tuple[Callable[[dict[str, Any]], None], str]] = {
    ("云溪县公安局", 2024): (_plant_three_public, "“三公”经费合计与分项之和不符"),
    ("中共云溪县委政法委员会", 2023): (_plant_project, "项目支出两位数字颠倒"),
    ("云溪县公安局经济开发区分局", 2023): (_plant_table_row, "支出表中一行金额多出 10.00 万元"),
    ("云溪县公安局经济开发区分局", 2024): (_plant_change, "比上年增减与上年数据不符"),
}


# --- building and storing ------------------------------------------------------------------------


def synthesise(seeds: Path) -> list[Any]:
    """The demo disclosures (canonical models), oldest year first."""
    from yusuan.api import open as open_disclosure
    from yusuan.model import Disclosure

    out: list[tuple[int, int, Any]] = []
    for n, spec in enumerate(UNITS):
        found = sorted(seeds.glob(f"{spec.seed}_*.txt"))
        if not found:
            continue
        base = open_disclosure(found[0])
        if base.year is None:
            continue
        original = json.loads(base.to_json(indent=None))
        prev: dict[str, Any] | None = None
        for year, factor in zip(YEARS, spec.growth, strict=True):
            new_file = f"{spec.name}{year}年部门预算.txt"
            text = _rename(
                json.dumps(original, ensure_ascii=False),
                spec,
                year - base.year,
                base.source.path,
                new_file,
            )
            data = json.loads(text)
            data["year"] = year
            data["unit"]["name"] = spec.name
            _scale_amounts(data, Decimal(factor))
            _restate_changes(data, prev)
            plant = PLANTED.get((spec.name, year))
            prev = json.loads(json.dumps(data))  # before planting: next year restates from truth
            if plant:
                plant[0](data)
            body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
            data["source"] = {
                "path": new_file,
                "sha256": hashlib.sha256(body).hexdigest(),
                "format": "text",
            }
            out.append((year, n, Disclosure.model_validate(data)))
    out.sort(key=lambda t: (t[0], t[1]))
    return [d for _, _, d in out]


def default_seeds() -> Path | None:
    """The seeds folder beside the repository (../shared/seeds), if this is a checkout."""
    import os

    env = os.environ.get("YUSUAN_SEEDS")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [p / "shared" / "seeds" for p in here.parents[3:5]]
    candidates.append(Path.cwd().parent / "shared" / "seeds")
    for c in candidates:
        if c.is_dir() and any(c.glob("*.txt")):
            return c
    return None


def fill(store: Any, seeds: Path | None = None) -> int:
    """Store the demo disclosures in ``store``; returns how many were stored."""
    from yusuan.store import schema as s
    from yusuan.store.loader import store_disclosure

    seeds = seeds or default_seeds()
    if seeds is None:
        raise YusuanError(
            "找不到样例文件（../shared/seeds），无法生成演示数据；可用 YUSUAN_SEEDS 指定目录",
            "seed files not found (../shared/seeds); set YUSUAN_SEEDS",
        )
    n = 0
    for d in synthesise(seeds):
        with store.session() as session:
            o = store_disclosure(session, d, size=len(d.to_json(indent=None)))
            if o.status == "loaded":
                n += 1
    with store.session() as session:
        from sqlalchemy import select

        for u in session.scalars(select(s.Unit)):
            u.province, u.city, u.county, u.level = PROVINCE, CITY, COUNTY, "county"
            u.region_source = "manual"
    return n
