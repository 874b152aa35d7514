"""Narrative sections: header facts, 总体情况 figures, 机关运行经费, "三公", duties, glossary."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.blocks import Paragraph, Table
from yusuan.extract.figures import FLAT_AFTER as _FLAT_AFTER  # "no change" after an amount
from yusuan.extract.figures import Figure, Narrative
from yusuan.model import Amount, GlossaryEntry, Organisation, ThreePublic
from yusuan.model.disclosure import OperatingCosts
from yusuan.vocab import AGAINST_BUDGET, FLAT, LIST_ITEM
from yusuan.vocab.text import squash

_CHANGE_PHRASE = re.compile(r"(较|比|与|同)(上年|去年|\d{4}年)(预算|相比|比较)?(数)?")


def amount(fig: Figure, value: Decimal | None = None) -> Amount:
    return Amount(value=fig.value if value is None else value, raw=fig.raw, source=str(fig.source))


# "购置及运行(维护)费" names the vehicle subtotal; mask it so its parts do not match on their own.
_VEHICLE_TOTAL = re.compile(r"购置(?:及|和|与)?运(?:行|维)(?:维护|维修)?|公务用车费|公务用车支出")
_TP_WORDS = (
    ("total", ("三公",)),
    ("outbound", ("出国",)),
    ("vehicle_total", ("\x00",)),
    ("vehicle_purchase", ("购置",)),
    ("vehicle_operation", ("运行", "运维", "维护")),
    ("reception", ("接待",)),
)


def _three_public_subject(text: str) -> str | None:
    """The "三公" part a label names; the keyword nearest the figure wins."""
    text = _VEHICLE_TOTAL.sub("\x00", text)
    best: tuple[int, str] | None = None
    for key, words in _TP_WORDS:
        for w in words:
            pos = text.rfind(w)
            if pos >= 0 and (best is None or pos + len(w) > best[0]):
                best = (pos + len(w), key)
    return best[1] if best else None


def extract_three_public(paragraphs: list[Paragraph], kind: str = "budget") -> ThreePublic:
    nar = Narrative(paragraphs)
    final = kind == "final_accounts"
    tp = ThreePublic()
    prev_end = 0
    last: tuple[str, int] | None = None  # the part the previous amount named, and its sentence
    for fig in nar.reported(kind):
        subject = _three_public_subject(_CHANGE_PHRASE.sub("", fig.label))
        if subject is None:
            # "（二）公务接待费。安排0万元": the name may sit in the words since the last figure.
            subject = _three_public_subject(nar.text[prev_end : fig.start])
        prev_end = fig.end
        if fig.direction is not None and final and AGAINST_BUDGET.search(fig.label):
            continue  # "比年初预算减少0.5万元": against the budget, not a change vs last year
        if fig.direction is not None and fig.direction != "持平":
            if _OTHER_COSTS.search(nar.sentence_start(fig)) and "三公" not in fig.label:
                continue  # "会议费预算支出…比上年减少403.75万元" beside the "三公" parts
            if subject in (None, "total") or not _three_public_subject(fig.label):
                if last is not None and last[1] == fig.sentence:
                    # "公务接待费5万元，比上年减少1万元": the change of the part just stated.
                    tp.changes.setdefault(last[0], amount(fig, fig.signed))
                elif tp.change is None:
                    tp.change = amount(fig, fig.signed)
            elif subject != "total":
                tp.changes.setdefault(subject, amount(fig, fig.signed))  # "接待费比上年减少1万元"
            last = None
            continue
        if subject is None:
            continue
        last = (subject, fig.sentence) if subject != "total" else None
        unchanged = _FLAT_AFTER.match(nar.text, fig.end)
        if (
            subject != "total"
            and unchanged
            and not (final and AGAINST_BUDGET.search(unchanged.group(0)))
        ):
            tp.changes.setdefault(subject, amount(fig, Decimal(0)))
        if getattr(tp, subject) is None:
            setattr(tp, subject, amount(fig))
            if subject == "total" and tp.change is None and nar.flat_after(fig):
                tp.change = amount(fig, Decimal(0))
    _flat_parts(nar, tp, final)
    if tp.change is None and tp.total is not None:
        flat = nar.flat_statement(("三公",))
        if flat is not None:
            tp.change = Amount(value=Decimal(0), raw=flat[0], source=str(flat[1]))
    tp.reason = _reason(nar, tp)
    return tp


_OTHER_COSTS = re.compile(r"会议费|培训费")
_FLAT_PART = re.compile(rf"[^，,；;。\n]*{FLAT}")  # a clause saying "no change"


def _flat_parts(nar: Narrative, tp: ThreePublic, final: bool) -> None:
    """Parts said to be unchanged without an amount ("因公出国（境）费与2019年相比持平")."""
    for m in _FLAT_PART.finditer(nar.text):
        clause = m.group(0)
        subject = _three_public_subject(_CHANGE_PHRASE.sub("", clause))
        if subject in (None, "total") or "万元" in clause or _OTHER_COSTS.search(clause):
            continue
        if final and AGAINST_BUDGET.search(clause):
            continue  # "与年初预算持平": not a change vs last year
        src = nar.source_at(m.start())
        tp.changes.setdefault(
            subject,  # type: ignore[arg-type]  # a part, checked above
            Amount(value=Decimal(0), raw=clause, source=str(src) if src else None),
        )


_REASON = re.compile(
    r"(原因|由于|因为|主要是|主要为|用于|落实|压缩|控制|增加部分|减少部分|需要|调整)"
)


def _reason(nar: Narrative, tp: ThreePublic) -> str | None:
    """The explanation that follows the stated change: the rest of its sentence and the next."""
    text = nar.text
    start = 0
    if tp.change is not None:
        for fig in nar.figures():
            if fig.raw == tp.change.raw and str(fig.source) == tp.change.source:
                start = fig.end
                break
    tail = text[start:].replace("\n", "")
    explained = re.search(r"[^。]*" + _REASON.pattern + r"[^。]*。?", tail)
    if explained and len(explained.group(0)) >= 6:
        return explained.group(0).lstrip("，,；;。")
    return None


def extract_operating_costs(paragraphs: list[Paragraph], kind: str = "budget") -> OperatingCosts:
    oc = OperatingCosts()
    nar = Narrative(paragraphs)
    for fig in nar.reported(kind):
        if fig.direction is not None and fig.direction != "持平":
            if oc.change is None and oc.amount is not None:
                oc.change = amount(fig, fig.signed)
        elif oc.amount is None:
            oc.amount = amount(fig)
        elif oc.previous is None and re.search(r"(上年|去年|\d{4}年的)", fig.label):
            oc.previous = amount(fig)
    if oc.change is None and oc.amount is not None:
        flat = nar.flat_statement(("机关运行",))
        if flat is not None:
            oc.change = Amount(value=Decimal(0), raw=flat[0], source=str(flat[1]))
    return oc


def extract_responsibilities(paragraphs: list[Paragraph]) -> list[str]:
    items: list[str] = []
    for p in paragraphs:
        text = p.text.strip()
        if ("机构设置" in text and len(text) < 20) or p.is_sheet_name:
            break  # the next part begins (here, or on a workbook's next sheet)
        if LIST_ITEM.match(text):
            items.append(text)
        elif items and not text.endswith(("：", ":")):
            items[-1] += text  # a duty wrapped onto the next line
    return items


_GLOSS = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)[、.．]\s*(.{1,30}?)[：:]\s*(.*)$")


def extract_glossary(paragraphs: list[Paragraph]) -> list[GlossaryEntry]:
    out: list[GlossaryEntry] = []
    for p in paragraphs:
        text = p.text.strip()
        m = _GLOSS.match(text)
        if m:
            out.append(GlossaryEntry(term=m.group(1).strip('" '), definition=m.group(2)))
        elif out and text:
            out[-1].definition += text
    return out


def extract_organisations(tables: list[Table]) -> list[Organisation]:
    orgs: list[Organisation] = []
    for t in tables:
        text = t.text()
        if "单位" not in text or "名" not in text:
            continue  # no cell can hold both: cells are joined by tabs and new lines
        rows = t.rows
        for h, row in enumerate(rows):
            # Cheap test first (a plain loop, no generator): most rows are not this header.
            for cell in row:
                if "单位" in cell.text and "名" in cell.text:
                    break
            else:
                continue
            header = [c.text for c in row]
            labels = [squash(c) for c in header]
            if "单位名称" not in labels:
                continue
            idx = {name: labels.index(name) for name in labels if name}
            for data in rows[h + 1 :]:
                cells = [c.text.strip() for c in data]

                def col(
                    name: str, cells: list[str] = cells, idx: dict[str, int] = idx
                ) -> str | None:
                    i = idx.get(name)
                    return cells[i] or None if i is not None and i < len(cells) else None

                name = col("单位名称")
                if name:
                    orgs.append(
                        Organisation(
                            name=name,
                            nature=col("单位性质"),
                            rank=col("单位规格"),
                            funding=col("经费保障形式"),
                        )
                    )
            break
    return orgs
