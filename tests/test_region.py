"""Region inference with the county-level gazetteer (store/data/counties.csv)."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest

from yusuan.store.region import infer_region


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # A county named alone: the gazetteer gives its city and province.
        ("大城县财政局", ("河北省", "廊坊市", "大城县")),
        ("中共大城县委办公室", ("河北省", "廊坊市", "大城县")),
        # County-level cities, which no suffix rule can tell from a prefecture city.
        ("涿州市公安局", ("河北省", "保定市", "涿州市")),
        ("迁安市人民医院", ("河北省", "唐山市", "迁安市")),
        ("阜新蒙古族自治县民政局", ("辽宁省", "阜新市", "阜新蒙古族自治县")),
        # A police district branch, confirmed against the city's districts.
        ("廊坊市公安局广阳分局", ("河北省", "廊坊市", "广阳区")),
        # 鼓楼区 is in four cities: only a named city says which.
        ("鼓楼区教育局", (None, None, "鼓楼区")),
        ("南京市鼓楼区教育局", ("江苏省", "南京市", "鼓楼区")),
        ("福州市鼓楼区人民政府", ("福建省", "福州市", "鼓楼区")),
        # 朝阳 is a city in 辽宁 and a district in 北京 and 长春.
        ("朝阳县教育局", ("辽宁省", "朝阳市", "朝阳县")),
        ("北京市朝阳区教育委员会", ("北京市", "北京市", "朝阳区")),
        # Everyday words that are also county names are not taken alone.
        ("城区财政局", (None, None, None)),
        ("山西省晋城市城区财政局", ("山西省", "晋城市", "城区")),
        # A province-administered county-level city stays the city it has always been here.
        ("济源市公安局", ("河南省", "济源市", None)),
    ],
)
def test_county_gazetteer(name: str, expected: tuple[str | None, ...]) -> None:
    r = infer_region(name)
    assert (r.province, r.city, r.county) == expected


def test_gazetteer_is_whole_and_consistent() -> None:
    text = files("yusuan.store").joinpath("data/counties.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 2978  # NBS 2023: county-level divisions
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == len(codes)
    for r in rows:
        assert len(r["code"]) == 6 and r["code"].isdigit()
        # The code's first two digits are the province's: the rows are not shuffled.
        assert r["province"]
    by_prefix: dict[str, set[str]] = {}
    for r in rows:
        by_prefix.setdefault(r["code"][:2], set()).add(r["province"])
    assert all(len(p) == 1 for p in by_prefix.values())
