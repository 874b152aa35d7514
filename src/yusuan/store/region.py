"""Infer a unit's province, city and county from its name.

A prefecture-level gazetteer fills in the province when only the city is named (保定市公安局 →
河北省). The county-level gazetteer (data/counties.csv: the 2,978 county-level divisions of the
National Bureau of Statistics' 2023 statistical division codes, see data/README.md) fills in the
city and province when only the county is named (大城县委 → 廊坊市, 河北省) and recognises
county-level cities (涿州市). Counties not in it are still recognised by their suffix
(县/区/旗) and by a city police bureau's district branch (廊坊市公安局安次分局 → 安次区). A county
name shared by several places (鼓楼区) leaves the city blank unless the name says which.
Inferences are stored as such and can be edited (``yusuan region``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

# Province → its prefecture-level divisions (and province-administered cities). A bare name takes
# the suffix 市; names carrying their own suffix (州, 地区, 盟) are given in full.
_GAZETTEER = """
北京市:
天津市:
上海市:
重庆市:
河北省:石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 辛集 定州
山西省:太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁
内蒙古自治区:呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟 锡林郭勒盟 阿拉善盟
辽宁省:沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛
吉林省:长春 吉林 四平 辽源 通化 白山 松原 白城 延边朝鲜族自治州
黑龙江省:哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭地区
江苏省:南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁
浙江省:杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水
安徽省:合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城
福建省:福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德
江西省:南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶
山东省:济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽
河南省:郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源
湖北省:武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施土家族苗族自治州 仙桃 潜江 天门 神农架林区
湖南省:长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西土家族苗族自治州
广东省:广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮
广西壮族自治区:南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左
海南省:海口 三亚 三沙 儋州 五指山 琼海 文昌 万宁 东方
四川省:成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝藏族羌族自治州 甘孜藏族自治州 凉山彝族自治州
贵州省:贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南布依族苗族自治州 黔东南苗族侗族自治州 黔南布依族苗族自治州
云南省:昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄彝族自治州 红河哈尼族彝族自治州 文山壮族苗族自治州 西双版纳傣族自治州 大理白族自治州 德宏傣族景颇族自治州 怒江傈僳族自治州 迪庆藏族自治州
西藏自治区:拉萨 日喀则 昌都 林芝 山南 那曲 阿里地区
陕西省:西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 杨凌
甘肃省:兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏回族自治州 甘南藏族自治州
青海省:西宁 海东 海北藏族自治州 黄南藏族自治州 海南藏族自治州 果洛藏族自治州 玉树藏族自治州 海西蒙古族藏族自治州
宁夏回族自治区:银川 石嘴山 吴忠 固原 中卫
新疆维吾尔自治区:乌鲁木齐 克拉玛依 吐鲁番 哈密 阿克苏地区 喀什地区 和田地区 塔城地区 阿勒泰地区 昌吉回族自治州 博尔塔拉蒙古自治州 巴音郭楞蒙古自治州 克孜勒苏柯尔克孜自治州 伊犁哈萨克自治州 石河子 阿拉尔 图木舒克 五家渠 北屯 铁门关 双河 可克达拉 昆玉 胡杨河 新星 白杨
台湾省:
香港特别行政区:
澳门特别行政区:
"""

_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")


def _short(province: str) -> str:
    return _PROVINCE_SUFFIX.sub("", province)


PROVINCES: dict[str, str] = {}  # name as it may be written → full name
CITIES: dict[str, tuple[str, str]] = {}  # name as it may be written → (full city, province)
for _line in _GAZETTEER.strip().splitlines():
    _prov, _, _rest = _line.partition(":")
    PROVINCES[_prov] = _prov
    PROVINCES[_short(_prov)] = _prov
    if _prov in ("北京市", "天津市", "上海市", "重庆市"):
        CITIES[_prov] = (_prov, _prov)
    for _c in _rest.split():
        full = _c if _c.endswith(("自治州", "地区", "盟", "林区")) else _c + "市"
        CITIES[full] = (full, _prov)
        if full.endswith("地区"):
            CITIES[full[:-2]] = (full, _prov)
# Longest first, so 内蒙古自治区 wins over 内蒙古 and 阿拉善盟 over nothing shorter.
_PROV_RE = re.compile("|".join(sorted(map(re.escape, PROVINCES), key=len, reverse=True)))
_CITY_RE = re.compile("|".join(sorted(map(re.escape, CITIES), key=len, reverse=True)))

# A county-level name: 1-6 characters ending in a county suffix. Words that end in 区 but are
# not districts are refused below.
_COUNTY_RE = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:自治县|自治旗|县|旗|区))")
_NOT_DISTRICT = (
    "社区",
    "园区",
    "景区",
    "辖区",
    "市区",
    "城区",
    "片区",
    "街区",
    "校区",
    "库区",
    "保护区",
    "矿区",
    "林区",
    "监区",
    "地区",
)
_ZONE = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:开发区|新区|高新区|经济区|试验区|示范区|工业园区))")
# 市公安局X分局 → district X区, unless X names a police function rather than a place.
_BRANCH = re.compile(r"(?:市|州)公安局([\u4e00-\u9fff]{2,3}?)(?:区)?分局")
_FUNCTIONAL = (
    "交通",
    "交警",
    "公交",
    "森林",
    "铁路",
    "机场",
    "港航",
    "水上",
    "治安",
    "经侦",
    "网安",
    "刑侦",
    "巡警",
    "特警",
    "开发",
    "高新",
    "经济",
    "直属",
    "禁毒",
    "林业",
    "民航",
    "地铁",
    "轨道",
)
_PREFIXES = ("中共", "中国共产党", "共青团")


# The longest county-level name in the gazetteer is 11 characters (…自治县); names are matched
# whole, from where the county part of a unit name starts.
_COUNTY_MAX = 12
# County names that are also everyday words ("城区财政局" is a town's urban area as often as
# 晋城市城区): taken as a county only when the city is named too.
_COMMON_WORDS = {"城区", "郊区", "市中区", "矿区", "新区"}


@cache
def _counties() -> dict[str, list[tuple[str, str]]]:
    """County-level name → [(city, province)] (city "" for those the province administers)."""
    out: dict[str, list[tuple[str, str]]] = {}
    text = files("yusuan.store").joinpath("data/counties.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(row["county"], []).append((row["city"], row["province"]))
    return out


def _gazetteer_county(
    rest: str, province: str | None, city: str | None
) -> tuple[str, str | None, str | None] | None:
    """The county-level division ``rest`` starts with, with its city and province when the
    gazetteer (and what the name already said) leaves only one place it can be."""
    counties = _counties()
    for end in range(min(len(rest), _COUNTY_MAX), 1, -1):  # longest first: 阿拉善左旗 over …
        places = counties.get(rest[:end])
        if places is None or (city is None and rest[:end] in _COMMON_WORDS):
            continue
        fits = [(c, p) for c, p in places if province in (None, p) and city in (None, c or None)]
        if not fits:
            continue  # same name elsewhere; not this one
        if len(fits) > 1:
            return rest[:end], city, province  # 鼓楼区 in four cities: the name doesn't say
        c, p = fits[0]
        return rest[:end], c or None, p
    return None


@dataclass(frozen=True, slots=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None

    @property
    def level(self) -> str | None:
        if self.county:
            return "county"
        if self.city:
            return "city"
        if self.province:
            return "province"
        return None


def normalise_name(name: str) -> str:
    """The key units are matched by: NFKC (full-width brackets), no blanks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def infer_region(name: str | None) -> Region:
    if not name:
        return Region()
    text = normalise_name(name)
    for p in _PREFIXES:
        if text.startswith(p):
            text = text[len(p) :]
    province = city = county = None
    rest = text
    m = _PROV_RE.match(text) or _PROV_RE.search(text[:8])
    if m:
        province = PROVINCES[m.group()]
        rest = text[m.end() :]
        if province in ("北京市", "天津市", "上海市", "重庆市"):
            city = province
    cm = _CITY_RE.search(rest)
    if cm and (cm.start() == 0 or city is None) and cm.start() < 6:
        full, prov = CITIES[cm.group()]
        if province in (None, prov):
            city, province = full, prov
            rest = rest[cm.end() :]
    zone = _ZONE.match(rest) or _ZONE.search(rest)
    branch = _BRANCH.search(text)
    county_m = _COUNTY_RE.match(rest)
    known = _gazetteer_county(rest, province, city)
    if known is not None:
        county, city, province = known
    elif (
        county_m
        and not county_m.group(1).endswith(_NOT_DISTRICT)
        and "公安局" not in county_m.group(1)
    ):
        county = county_m.group(1)
    elif zone:
        county = re.split(r"[局委厅办]", zone.group(1))[-1]
    elif branch and not branch.group(1).startswith(_FUNCTIONAL):
        county = branch.group(1) + "区"
        known = _gazetteer_county(county, province, city)
        if known is not None:
            county, city, province = known
    return Region(province, city, county)


def set_manual_region(
    unit: Any, province: str | None, city: str | None, county: str | None
) -> None:
    """Record a region a person gave for a stored unit (``schema.Unit``)."""
    unit.province, unit.city, unit.county = province or None, city or None, county or None
    unit.level = Region(unit.province, unit.city, unit.county).level
    unit.region_source = "manual"


def region_view(unit: Any) -> dict[str, Any]:
    """A stored unit's region as the CLI and the API show it."""
    return {
        "unit": unit.name,
        "province": unit.province,
        "city": unit.city,
        "county": unit.county,
        "level": unit.level,
        "source": unit.region_source,
    }
