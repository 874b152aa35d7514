"""The words of performance target tables (绩效目标表): their titles and their label cells.

Extraction reads project tables by these; rendering prints tables that read back the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from yusuan.vocab.text import one_line, squash

# Enumerators in front of titles and items: 1. 1、 10  (一) （1） 一、 一是 第一部分.
ITEM_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]{1,3}(?:部分|章|节|条)"
    r"|[(（]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}(?:是|[、.．])"
    r"|[0-9]{1,3}(?:[、.．](?![0-9]*\.[0-9])|\s+(?=[^\s0-9])))\s*[:：]?\s*"
)

# A project's table title: "3、XXX绩效目标表", "XXX绩效目标表（续）".
_TITLE = re.compile(r"^(?P<name>.*?)绩效目标表(?:[(（]续[)）])?$")


def strip_number(text: str) -> str:
    """``text`` without its enumerator ("3、", "（一）", "一是")."""
    return ITEM_NUMBER.sub("", text, count=1).strip()


def title_match(text: str) -> re.Match[str] | None:
    """The name part of a title line or title cell ("3、XXX绩效目标表")."""
    t = text.rstrip()
    if len(t) > 120 or "表" not in t[-8:]:
        return None
    t = one_line(t)
    if len(t) > 90:
        return None
    return _TITLE.match(t)


def title_name(text: str) -> str | None:
    """The project a title names: "10 安次分局执法办案绩效目标表" → "安次分局执法办案"."""
    m = title_match(strip_number(text))  # before the spaces go: "10 安次分局…"
    if m is None:
        return None
    return strip_number(m.group("name")) or None


# Label cells of a project table → the Project field they fill.
PROJECT_FIELDS: dict[str, str] = {
    "项目名称": "name",
    "项目编码": "code",
    "项目代码": "code",
    "项目编号": "code",
    "单位编码": "unit_code",
    "单位代码": "unit_code",
    "预算单位编码": "unit_code",
    "单位名称": "unit",
    "预算单位": "unit",
    "实施单位": "unit",
    "资金用途": "purpose",
    "项目负责人": "owner",
    "负责人": "owner",
    "联系人": "contact",
    "联系电话": "phone",
    "开始时间": "start",
    "项目开始时间": "start",
    "起始时间": "start",
    "结束时间": "end",
    "项目结束时间": "end",
    "完成时间": "end",
    "预算数": "budget",
    "预算金额": "budget",
    "项目本年度金额": "budget",
    "本年度金额": "budget",
    "本年预算数": "budget",
    "年度预算数": "budget",
    "年度资金总额": "budget",
    "本年资金总额": "budget",
    "项目总金额": "total",
    "项目总预算": "total",
    "总金额": "total",
    "财政资金": "fiscal",
    "财政拨款": "fiscal",
    "财政性资金": "fiscal",
    "其他资金": "other",
    "上年度项目总金额": "amount",
    "项目上年度金额": "amount",
    "上年度金额": "amount",
    "绩效目标": "goal",
    "项目绩效目标": "goal",
    "年度绩效目标": "annual_goal",
    "年度目标": "annual_goal",
    "项目总目标": "total_goal",
    "总体目标": "total_goal",
    "长期目标": "total_goal",
    "中期目标": "total_goal",
}
MONEY_FIELDS = frozenset({"budget", "total", "fiscal", "other", "amount"})
GOAL_FIELDS = frozenset({"goal", "annual_goal", "total_goal"})
GOAL_LABELS = frozenset(k for k, f in PROJECT_FIELDS.items() if f in GOAL_FIELDS)
MAX_LABEL = 14  # longer cells are content, not labels

_BRACKETS = re.compile(r"[(（][^()（）]{0,8}[)）]")


@lru_cache(maxsize=8192)
def label(text: str) -> str:
    """Compare-friendly label: no spaces, no 其中 prefix, no short bracketed notes or colon."""
    if len(text) > 3 * MAX_LABEL:
        return text  # content, never a label
    t = squash(text)
    if t.startswith(("其中:", "其中：")):
        t = t[3:]
    elif t.startswith("其中"):
        t = t[2:]
    return _BRACKETS.sub("", t).rstrip(":：")


@lru_cache(maxsize=8192)
def field_of(text: str) -> str | None:
    """The Project field a label cell names ("项目本年度金额（万元）" → "budget"), else None."""
    if len(text) > 3 * MAX_LABEL:
        return None
    t = label(text)
    if not t or len(t) > MAX_LABEL:
        return None
    return PROJECT_FIELDS.get(t)


# --- Rates ----------------------------------------------------------------------------------------

# What a rate where more is better measures ("合格率", "入学率", "满意度"): its target is a floor
# (≥). 控制率 and 执行率 are left out (≤100% is a cap there), as are rates of bad things.
GOOD_RATE_WORDS = (
    # done, in time, right
    "合格", "完成", "达标", "准确", "到位", "及时", "正确", "成功", "通过", "完好", "优良", "达成",
    "兑现", "落实", "验收", "建成", "完工", "竣工", "开工", "按时", "及格",
    # reached, covered, used
    "覆盖", "普及", "知晓", "利用", "使用", "在线", "上线", "开通", "接通", "传输", "入住",
    # handled
    "处置", "办结", "受理", "办理", "回复", "响应", "解决", "化解", "整改", "修复", "治愈", "救治",
    "破案", "结案", "见警", "到岗",
    # taken part, paid, kept
    "参训", "培训", "出勤", "持证", "考核", "归档", "录入", "采集", "检测", "抽检", "巡查",
    "发放", "参保", "收缴", "征收", "入学", "升学", "巩固", "接种", "就业", "成活", "保存", "留存",
)  # fmt: skip
# Rates of bad things: a cap (≤) is meant.
BAD_RATE_WORDS = (
    "发案", "事故", "投诉", "差错", "失误", "故障", "误报", "漏报", "流失", "损", "违", "复发",
    "超标", "死亡", "伤亡", "不合格", "逾期", "辍学", "失业", "空置", "延误", "超支",
)  # fmt: skip
