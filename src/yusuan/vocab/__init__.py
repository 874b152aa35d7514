"""The words budget disclosures use, one place per concept.

Provinces name the same part of a disclosure in different words: 收支总表, 收支预算总表,
部门财务收支预算总表 and 公开01表：收支预算总表 are one table. Extraction recognises parts by these
word lists, never by a file, unit or province; to teach yusuan a new template, add its words here
(and a line to docs/vocabulary.md) rather than a special case in an extractor.

The words of one part live in a module of their own: ``vocab.text`` (how labels are compared),
``vocab.performance`` (project target tables). Matching is on text with white space removed and brackets and quotes unified
(``vocab.text.norm_label``). Word lists are ordered where noted: the first family that matches
wins, so specific names come before general ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- Sections -------------------------------------------------------------------------------------

# (section key, words in the heading), first match wins. A heading naming a single fund
# (财政拨款, 一般公共预算 …) gets that fund's key: the overall figures are read from "overview" only.
SECTION_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("three_public", ("三公",)),
    ("operating_costs", ("机关运行",)),
    ("procurement", ("政府采购",)),
    ("assets", ("国有资产", "资产信息", "资产占用", "资产占有")),
    ("glossary", ("名词解释",)),
    (
        "other",
        (
            "其他需要说明",
            "其它需要说明",
            "其他事项",
            "其它事项",
            "其他重要事项",
            "其它重要事项",
            "其他相关情况",
            "其它相关情况",
        ),
    ),
    ("performance", ("绩效",)),
    ("projects", ("项目经费情况", "项目支出情况说明")),
    ("duties", ("职责", "职能", "机构设置", "单位构成", "部门概况", "单位概况", "基本情况")),
    # "四、部门收支预算编制的相关依据及测算分析情况": how it was drawn up, not its figures.
    ("basis", ("编制的相关依据", "编制相关依据", "编制依据", "测算分析")),
    ("state_capital", ("国有资本经营",)),
    ("government_fund", ("政府性基金",)),
    ("general_public", ("一般公共预算",)),
    ("fiscal", ("财政拨款",)),
    (
        "overview",
        (
            "总体情况",
            "收支预算",
            "收支情况",
            "收支及增减",
            "部门预算安排",
            "单位预算安排",
            "收入预算",
            "支出预算",
            "编制说明",
            "预算情况说明",
            "收入支出决算",
            "收入决算",
            "支出决算",
            "决算情况说明",
        ),
    ),
)
# What a section key is called where people read it (a finding's section, the report's menu).
SECTION_NAMES: dict[str, str] = {
    "front": "封面",
    "toc": "目录",
    "duties": "主要职能与机构设置",
    "overview": "收支总体情况",
    "basis": "编制依据",
    "fiscal": "财政拨款收支",
    "general_public": "一般公共预算",
    "government_fund": "政府性基金",
    "state_capital": "国有资本经营",
    "three_public": "“三公”经费",
    "operating_costs": "机关运行经费",
    "procurement": "政府采购",
    "assets": "国有资产",
    "glossary": "名词解释",
    "other": "其他需要说明的事项",
    "performance": "绩效目标",
    "projects": "项目经费情况",
}
# Sub-headings "（一）…" open a section only for these keys: elsewhere they number items.
SUB_HEADING_KEYS = frozenset(
    {
        "three_public",
        "operating_costs",
        "procurement",
        "assets",
        "glossary",
        "overview",
        "fiscal",
        "general_public",
        "government_fund",
        "state_capital",
    }
)
# Headings printed without a number (Shanghai: "XX（部门）主要职能", "名词解释", "2024年部门预算编制说明")
# end in one of these.
UNNUMBERED_HEADING_ENDS = (
    "主要职能",
    "职能",
    "机构设置",
    "名词解释",
    "编制说明",
    "情况说明",
    "其他相关情况说明",
    "项目经费情况说明",
)
TOC_HEADINGS = ("目录", "目次")
# Numbered lines that name a section's words but are items of a list: the last duty of nearly
# every 职责 list is "承办…交办的其他事项".
NOT_HEADINGS = ("交办",)

# --- Header facts -----------------------------------------------------------------------------------

# Cover and header lines that name the unit: "预算主管部门：X", "部门：X", "编制单位：X" …
UNIT_LABELS = (
    "预算主管部门",
    "主管部门",
    "预算单位",
    "部门(单位)名称",
    "单位名称",
    "部门名称",
    "编制部门",
    "编制单位",
    "填报单位",
    "部门",
    "单位",
)


def unit_identity(name: str) -> str:
    """One key for the names a unit goes by in its own files: "中国共产党江苏省委员会办公厅",
    "中共江苏省委办公厅" and "江苏省委办公厅" (the narrative and the tables of one disclosure)."""
    import unicodedata

    t = "".join(unicodedata.normalize("NFKC", name).split())
    t = t.replace("中国共产党", "中共").replace("委员会", "委").removeprefix("中共")
    return t.removesuffix("(本级)")


# Names of the disclosure itself, after the unit and year in a title ("X2024年部门预算").
BUDGET_WORDS = ("预算",)
FINAL_WORDS = ("决算",)
DEPARTMENT_WORDS = ("部门预算", "部门决算", "部门汇总", "区级部门", "市级部门", "省级部门")
UNIT_SCOPE_WORDS = ("单位预算", "单位决算", "预算单位")

# --- Overview ------------------------------------------------------------------------------------

# The overall figures (model.Overview) by their usual names. A change of all of them together is
# the change of 收支总额.
OVERVIEW_LABELS = {
    "income_total": "收入合计",
    "expenditure_total": "支出合计",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public_operating": "公用经费",
    "project": "项目支出",
}
# Changes vs last year are keyed as the overview's figures, and "total" for one stated of
# income and expenditure together (收、支各增加…).
CHANGE_LABELS = {"total": "收支总额", **OVERVIEW_LABELS}
# The "三公" items, as the standard table names them.
THREE_PUBLIC_LABELS = {
    "total": "“三公”经费合计",
    "outbound": "因公出国（境）费",
    "vehicle_total": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
}
# What a disclosure is (kind) and whose (scope), as people say it: 部门预算, 单位决算.
KIND_NAMES = {"budget": "预算", "final_accounts": "决算"}
SCOPE_NAMES = {"department": "部门", "unit": "单位"}
# Within 基本支出: printed one step in (人员经费, 公用经费).
OVERVIEW_PARTS_OF_BASIC = ("personnel", "public_operating")

# --- Narrative -----------------------------------------------------------------------------------

# A numbered item of a list (职责 "一、…", "1.", "（一）"): lines that start with none continue the
# item above.
LIST_ITEM = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[一二三四五六七八九十]+[、.．])"
)

# --- Narrative figures ----------------------------------------------------------------------------

# "与上年持平", "与上年数一致", "与上年相未发生变化", "与上年预算数相等", "无增减变化": no change (0).
FLAT_PHRASES = (
    "持平",
    "一致",
    "相等",
    "未发生变化",
    "无变化",
    "没有变化",
    "无增减",
    "保持不变",
    "不变",
)
# Any of them, to build patterns from; "不一致", "不相等" say the opposite.
FLAT = "(?<!不)(?:" + "|".join(FLAT_PHRASES) + ")"
# A 决算's comparison with its budget ("比年初预算增加"), not with last year.
AGAINST_BUDGET = re.compile(r"年初预算|调整预算|预算数")
# Words naming a source of income ("一般公共预算收入", "财政专户管理资金", "上年结转资金").
SOURCE_WORDS = (
    "一般公共",
    "基金",
    "事业",
    "其他",
    "专户",
    "经营",
    "上级",
    "附属",
    "国有资本",
    "财政拨款",
    "上年结转",
    "结转",
    "来源",
)
# Uses of the money beside 基本支出 and 项目支出 (Jiangsu's 单位预留机动经费; 结转下年资金, 上缴上级支出,
# 经营支出, 对附属单位补助支出): the total spending is their sum with the two.
OTHER_USE_WORDS = ("机动", "结转下年", "上缴上级", "经营支出", "对附属单位")
# Spending of one class of the 政府收支分类 (功能分类 类, 经济分类 类): "2.社会保障和就业支出1,836.22万元"
# lists a class under the total, it is not the total.
SPENDING_CLASS_WORDS = (
    "一般公共服务", "外交", "国防", "公共安全", "教育", "科学技术", "文化", "社会保障", "卫生",
    "节能环保", "城乡社区", "农林水", "交通运输", "资源勘探", "商业服务", "金融", "援助其他地区",
    "国土", "自然资源", "住房保障", "粮油", "灾害防治", "债务", "抗疫", "预备费", "转移性",
    "工资福利", "商品和服务", "对个人和家庭", "资本性", "对企业",
)  # fmt: skip
# Spending of one fund ("财政拨款支出预算", "一般公共预算拨款支出预算") is not the overall total.
FUND_WORDS = ("财政拨款", "一般公共预算", "政府性基金", "基金", "国有资本", "专户")


def source_key(label: str) -> str:
    """One key for the labels a document gives one source of income in different passages
    ("政府性基金收入预算" / "政府性基金预算收入", "其他资金收入预算总计" / "其他资金")."""
    t = label.replace("预算", "")
    for suffix in ("总计", "合计", "数为", "数", "收入", "资金", "拨款"):
        t = t.removesuffix(suffix)
    return t or label


# --- Tables ---------------------------------------------------------------------------------------

# Names of a table's total row or column (after ``vocab.text.bare_name``).
TOTAL_NAMES = ("合计", "总计", "共计")

# --- Table titles ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TitleFamily:
    """Titles of one table kind: the title holds every word of one of ``any_of`` and none of
    ``none_of``."""

    kind: str
    any_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...] = ()

    def matches(self, title: str) -> bool:
        if any(w in title for w in self.none_of) or any(w in title for w in NOT_STANDARD_TABLES):
            return False
        for words in self.any_of:
            for w in words:  # plain loops: most titles (绩效目标表 …) try every family
                if w not in title:
                    break
            else:
                return True
        return False


# Words that make a table something else: a project's 绩效目标表 is never a standard table.
NOT_STANDARD_TABLES = ("绩效",)
# Budget tables, first match wins.
BUDGET_TABLES: tuple[TitleFamily, ...] = (
    TitleFamily("three_public", (("三公",),)),
    TitleFamily("operating_costs", (("机关运行经费",), ("机关运行费",))),
    TitleFamily("procurement", (("政府采购",),)),
    TitleFamily("state_capital", (("国有资本经营",),)),
    TitleFamily("government_fund", (("政府性基金",), ("政府基金",), ("基金预算", "支出"))),
    TitleFamily("general_public_basic", (("一般公共预算", "基本支出"),)),
    TitleFamily("fiscal_basic", (("财政拨款", "基本支出"),)),
    TitleFamily("economic_summary", (("经济分类",),)),
    TitleFamily("general_public_expenditure", (("一般公共预算", "支出"),)),
    TitleFamily("fiscal_summary", (("财政拨款收支",), ("财政拨款收入支出",))),
    TitleFamily("fiscal_expenditure", (("财政拨款", "支出"),)),
    TitleFamily(
        "income_expenditure_summary",
        (("收支总",), ("收支预算总",), ("收支总体",), ("收入支出预算总",)),
    ),
    TitleFamily("income", (("收入总",), ("收入预算总",), ("收入总体",))),
    TitleFamily("expenditure", (("支出总",), ("支出预算总",), ("支出总体",))),
)
# 决算 tables (a title with 决算): their own kinds, never a budget table's.
FINAL_TABLES: tuple[TitleFamily, ...] = (
    TitleFamily("final_three_public", (("三公",),)),
    TitleFamily("final_state_capital", (("国有资本经营",),)),
    TitleFamily("final_government_fund", (("政府性基金",),)),
    TitleFamily("final_general_public_basic", (("一般公共预算", "基本支出"),)),
    TitleFamily("final_general_public_expenditure", (("一般公共预算", "支出"),)),
    TitleFamily("final_fiscal_summary", (("财政拨款收入支出",), ("财政拨款收支",))),
    TitleFamily(
        "final_income_expenditure_summary",
        (("收入支出决算总",), ("收支决算总",), ("收入支出总",)),
    ),
    TitleFamily("final_income", (("收入决算表",), ("收入决算总表",)), none_of=("项目",)),
    TitleFamily(
        "final_expenditure", (("支出决算表",), ("支出决算总表",)), none_of=("项目", "基本")
    ),
)
# A table published without data says so: "本表无数据", "空表列示", "我单位无政府性基金…".
EMPTY_TABLE_NOTE = (
    r"空表|表为空|本表无数据|无数据|无.{0,20}(预算|收支|数据|支出|收入|经费|项目)"
    r"|没有.{0,10}(预算|支出|收入)"
)
