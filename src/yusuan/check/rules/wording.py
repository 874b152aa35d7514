"""W: wording and form — punctuation, brackets, broken-off sentences, stray years, 部门/单位
wording, out-of-date classification names, blank pages, heading numbers. All warnings: each
asks a reader to look, none changes a figure."""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.check.context import Context
from yusuan.check.data import renamed
from yusuan.check.findings import Finding, Location
from yusuan.check.registry import no_data, not_applicable, rule
from yusuan.check.rules.passages import folded_cjk, passages
from yusuan.check.rules.table_extra import numbering_problems
from yusuan.model import Passage
from yusuan.vocab.text import cn_int, cn_numeral, squash

WHY_FORM = "公开文本应规范、准确（财预〔2016〕143号要求公开内容真实、完整、准确）；文字差错损害公开的可信度，审核时逐项记录。"
_LIMIT = 20  # findings per rule and document: a template's slip repeats on every page


def _at(p: Passage, shown: str) -> Location:
    return Location.at(p.source, text=shown)


def _excerpt(text: str, start: int, end: int, pad: int = 10) -> str:
    return text[max(0, start - pad) : end + pad]


def _scan(
    ctx: Context, pattern: re.Pattern[str], pad: int = 10, skip: tuple[str, ...] = ()
) -> Iterator[tuple[Passage, re.Match[str], str]]:
    """Each match in the narrative (punctuation half-width folded back to full-width, so one
    pattern reads both), with the text around it; at most _LIMIT."""
    found = 0
    for sentence in folded_cjk(ctx):
        p, text = sentence.passage, sentence.text
        if p.section in skip:
            continue
        for m in pattern.finditer(text):
            found += 1
            if found > _LIMIT:
                return
            yield p, m, _excerpt(text, m.start(), m.end(), pad)


_DOUBLED = re.compile(r"([。，；、：！？])\1|[，；：、][。！？]|[。！？][，；、]")


@rule(
    "W001",
    "warning",
    "标点不重复、不叠用",
    what="句末标点重复（“。。”“，，”）或两个标点叠用（“，。”“。，”）。",
    why=WHY_FORM,
    example="保定市公安局2023年：“深入落实从优待警举措。。”",
    fix="删去多余的标点。",
)
def doubled_punctuation(ctx: Context) -> Iterator[Finding]:
    for p, m, shown in _scan(ctx, _DOUBLED):
        yield ctx.finding(
            f"标点“{m.group(0)}”重复或叠用：“{shown}”。",
            locations=[_at(p, shown)],
            section=p.section,
            suggestion="删去多余的标点。",
        )


_PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("【", "】"))
# "1）", "（一" as list numbers open or close nothing.
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z])[)）]")


def _balance(text: str) -> list[str]:
    t = text.replace("(", "（").replace(")", "）")
    t = _LIST_MARK.sub("", t)
    return [o + c for o, c in _PAIRS if t.count(o) != t.count(c)]


@rule(
    "W002",
    "warning",
    "引号、括号成对",
    what="一段文字中的前后引号、括号、书名号数目不相等（跨行断开的段落与下一段合看）。",
    why=WHY_FORM,
    example="某单位：“纳入《政府采购法实施条例规定的采购项目”（书名号缺后半）。",
    fix="补齐缺少的引号或括号。",
)
def balanced_marks(ctx: Context) -> Iterator[Finding]:
    ps = passages(ctx)
    found = 0
    skip = False
    for k, p in enumerate(ps):
        if skip:
            skip = False
            continue
        bad = _balance(p.text)
        if not bad:
            continue
        if k + 1 < len(ps) and not _balance(p.text + ps[k + 1].text):
            skip = True  # one sentence broken over two paragraphs
            continue
        found += 1
        if found > _LIMIT:
            return
        shown = p.text[:60]
        yield ctx.finding(
            f"这段文字中{'、'.join(bad)}不成对：“{shown}{'…' if len(p.text) > 60 else ''}”。",
            locations=[_at(p, shown)],
            section=p.section,
            suggestion="补齐缺少的引号或括号。",
        )


_BROKEN = re.compile(
    r"(?:原因是|原因为|原因[：:]|主要是|主要用于|用于[：:]|包括[：:]|主要包括|具体如下|如下[：:]|情况如下|"
    r"分别为|其中[：:])[，,]?\s*[。；]"
)


@rule(
    "W003",
    "warning",
    "句子完整（没有说到一半的句子）",
    what="“主要原因是。”“主要用于。”“包括：。”这类话说到一半就结束的句子。",
    why=WHY_FORM + " 增减变化须说明原因，半句话等于没有说明。",
    example="上海市普陀区财政局2024年决算：“与2023年度相比，财政拨款收入支出总计持平。主要原因：”之后另起一段"
    "才写原因（不报告）；“主要原因是。”则报告。",
    fix="补全句子。",
)
def broken_sentence(ctx: Context) -> Iterator[Finding]:
    for p, _, shown in _scan(ctx, _BROKEN, pad=16):
        yield ctx.finding(
            f"句子没有说完：“{shown}”。",
            locations=[_at(p, shown)],
            section=p.section,
            suggestion="补全句子。",
        )


_COMPARE_YEAR = re.compile(r"(?:比|较|与|同|对比|相比)\s*(?P<y>(?:19|20)\d{2})\s*年")


@rule(
    "W004",
    "warning",
    "比较的年份是预算年度或上一年",
    what="“比2018年增加”“与2019年相比”中的年份应为上一年（预算、决算都与上年比较）；其他年份多半是沿用旧稿。",
    why=WHY_FORM + " 预算公开说明本年预算比上年的增减变化。",
    example="某单位2020年预算：“比2018年减少0.31万元”（应为 2019 年）。",
    fix="更正比较的年份。",
)
def comparison_year(ctx: Context) -> Iterator[Finding]:
    year = ctx.d.year
    if year is None:
        raise no_data("没有年度")
    for p, m, shown in _scan(
        ctx, _COMPARE_YEAR, 12, ("front", "duties", "glossary", "performance")
    ):
        y = int(m.group("y"))
        if y not in (year, year - 1):
            yield ctx.finding(
                f"{year}年的公开与 {y} 年比较：“{shown}”，应与 {year - 1} 年比较。",
                locations=[_at(p, shown)],
                expected=str(year - 1),
                actual=str(y),
                section=p.section,
                suggestion=f"核对比较年份，应为 {year - 1} 年。",
            )


# A 单位预算 says 单位 where a 部门预算 says 部门: in the titles of its own parts.
_DEPT_WORDS = re.compile(r"部门(?:预算|决算|收支总表|收入总表|支出总表|整体)")
_UNIT_WORDS = re.compile(r"单位(?:预算|决算)(?!单位)")
_NOT_OWN = re.compile(
    r"部门预算单位|部门所属|主管部门|所属单位|下属单位|基层单位|预算单位|部门预算(?:支出)?经济分类|"
    r"下属|所属|二级|基层|各单位|本级"
)


@rule(
    "W005",
    "warning",
    "单位预算用“单位”、部门预算用“部门”",
    what="单位预算（决算）的标题和说明中写“部门预算”“部门收支总表”，或部门预算中把自己称为“单位预算”。",
    why="财预〔2021〕29号区分部门预算和所属单位的单位预算；称谓不符说明套用了另一种模板。",
    example="某区政府办公室2025年单位预算：表题仍为“部门收支总表”。",
    fix="按公开的口径统一称谓。",
)
def scope_wording(ctx: Context) -> Iterator[Finding]:
    scope = ctx.d.scope
    if scope is None:
        raise not_applicable("没有判断出部门预算还是单位预算")
    wrong = _DEPT_WORDS if scope == "unit" else _UNIT_WORDS
    right = "单位" if scope == "unit" else "部门"
    found = 0
    for p in passages(ctx):
        if p.section == "glossary":
            continue
        text = squash(p.text)
        for m in wrong.finditer(text):
            if _NOT_OWN.search(text[max(0, m.start() - 10) : m.end() + 6]):
                continue  # 下属单位决算, 部门预算经济分类: names, not the document's own wording
            shown = _excerpt(text, m.start(), m.end(), 8)
            found += 1
            if found > _LIMIT:
                return
            yield ctx.finding(
                f"这是{right}{'预算' if ctx.d.kind == 'budget' else '决算'}，文字却写“{m.group(0)}”：“{shown}”。",
                locations=[_at(p, shown)],
                section=p.section,
                suggestion=f"改为“{m.group(0).replace('部门', '单位') if scope == 'unit' else m.group(0).replace('单位', '部门')}”。",
            )
    for t in ctx.d.tables:
        title = squash(t.title)
        if wrong.search(title) and not _NOT_OWN.search(title):
            yield ctx.finding(
                f"这是{right}{'预算' if ctx.d.kind == 'budget' else '决算'}，表题却写“{t.title}”。",
                locations=[Location.at(t.source, text=t.title, table=t.title)],
                section=t.title,
                suggestion="统一表题的称谓。",
            )


@rule(
    "W006",
    "warning",
    "科目名称是本年度的名称",
    what="表格和文字中使用了本年度已经更名的支出科目名称（如 2019 年起“医疗卫生与计划生育支出”改为“卫生健康支出”）。"
    "更名表按年度保存在 check/data/renamed.csv。",
    why="科目名称以当年《政府收支分类科目》为准（domain §6.1：编码表按年度发布）。",
    example="济源市公安局2020年财政拨款收支总体情况表：“十五、资源勘探信息等支出”（2019 年起为“资源勘探工业信息等支出”）。",
    fix="改为本年度的科目名称。",
)
def outdated_names(ctx: Context) -> Iterator[Finding]:
    year = ctx.d.year
    if year is None:
        raise no_data("没有年度")
    stale = [(old, new, y) for old, new, y in renamed() if year >= y]
    seen: set[str] = set()
    for t in ctx.d.tables:
        for r in t.rows:
            name = squash(r.name or "")
            for old, new, y in stale:
                if old in name and new not in name and old not in seen:
                    seen.add(old)
                    yield _renamed(
                        ctx,
                        old,
                        new,
                        y,
                        Location.at(r.source, text=r.name, table=t.title, row=r.name),
                    )
    for p in passages(ctx):
        text = squash(p.text)
        for old, new, y in stale:
            if old in text and new not in text and old not in seen:
                seen.add(old)
                yield _renamed(ctx, old, new, y, _at(p, old))


def _renamed(ctx: Context, old: str, new: str, y: int, at: Location) -> Finding:
    return ctx.finding(
        f"“{old}”自 {y} 年起更名为“{new}”，{ctx.d.year}年的公开应使用新名称。",
        locations=[at],
        expected=new,
        actual=old,
        suggestion=f"改为“{new}”。",
    )


@rule(
    "W007",
    "warning",
    "没有留下空白页",
    what="PDF 中没有任何文字和表格内容的页（目录之后留下的空页、只剩表格线的页）。",
    why=WHY_FORM,
    example="上海市普陀区财政局2024年决算第 14 页只有一行空表格线；江苏省人大常委会办公厅2017年预算最后一页为空白页。",
    fix="删去空白页，或补上该页应有的内容。",
)
def blank_pages(ctx: Context) -> Iterator[Finding]:
    if not ctx.d.blank_pages:
        if ctx.d.source.format != "pdf":
            raise not_applicable("不是分页的文件")
        return
    for where in ctx.d.blank_pages:
        loc = Location.at(where)
        yield ctx.finding(
            f"第 {loc.page} 页是空白页。",
            locations=[loc],
            suggestion="删去空白页，或补上该页应有的内容。",
        )


_HEADING = re.compile(r"^(?P<cn>[一二三四五六七八九十]{1,3})[、.．]")


@rule(
    "W008",
    "warning",
    "文字说明的标题序号连续",
    what="文字说明各部分的标题（一、二、三……）依次连续，不跳号、不重号（回到“一、”视为新的一组）。",
    why=WHY_FORM + " 序号跳号常说明漏了一部分内容。",
    example="某单位：“一、部门职责”“二、机构设置”“四、部门预算安排的总体情况”（缺三）。",
    fix="补上漏掉的部分，或更正序号。",
)
def heading_numbers(ctx: Context) -> Iterator[Finding]:
    heads: list[tuple[int, int]] = []
    ps = passages(ctx)
    for k, p in enumerate(ps):
        t = squash(p.text)
        if p.section == "toc" or len(t) > 40 or re.search(r"[。：:；，]", t) or t.endswith("表"):
            continue  # a table's title is numbered with the tables, not the sections
        m = _HEADING.match(t)
        if m is None or (n := cn_int(m.group("cn"))) is None:
            continue
        heads.append((k, n))
    if len(heads) < 3:
        raise no_data("标题不足三个")
    at = dict(heads)
    order = [k for k, _ in heads]
    for k, problem in numbering_problems(heads):
        before = order[order.index(k) - 1]
        between = "".join(squash(q.text) for q in ps[before : k + 1])
        missing = range(at[before] + 1, at[k])
        if missing and all(f"{cn_numeral(n)}、" in between for n in missing):
            continue  # the missing heading is printed, run into a paragraph
        p = ps[k]
        yield ctx.finding(
            f"标题“{p.text.strip()[:30]}”：{problem}。",
            locations=[_at(p, p.text.strip()[:30])],
            section=p.section,
            suggestion="补上漏掉的部分，或更正序号。",
        )
