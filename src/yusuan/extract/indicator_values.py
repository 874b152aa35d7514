"""Performance-indicator values (指标值/目标值) and indicator category labels.

``parse_value`` turns one value cell of a 绩效目标表 into an :class:`IndicatorValue`. It never
raises and uses only linear-time regexes (short alternations, no nested quantifiers).

Value grammar, tried in this order on the *folded* text (full-width digits, letters and signs →
half-width, U+3000 → space, ≧/≦ → ≥/≤, runs of white space → one space; Chinese sentence
punctuation ，；：（） is kept so that qualitative text reads as printed):

1. Blank placeholders (``-``, ``—``, ``/``, ``*``, ``…``) → every field ``None``.
2. The "符号 / 值 / 单位" template printed by several budget systems, e.g.
   ``符号 >= 值 95.00 单位 %`` or ``符号=值4单位各岗位``. The unit slot is sometimes headed by a
   stray word instead of ``单位`` (``值 2.00 辆 %``); a two-token tail is read as label + unit.
   ``符号 文字描述 …`` marks a qualitative indicator: the *unit slot holds the target*
   (``保障``, ``长期``, ``十月前``, ``12月31日``) and the ``值`` number is filler (95.00 next to
   ``长期``, 200.00 next to ``十月前``, or the project budget). So for 文字描述 the ``值`` number
   is dropped and the unit slot is parsed as a free-form value:
   ``符号 文字描述 值 100.00 单位 保障`` → operator/number/unit ``None``, text ``"保障"``.
   The filler number is still in ``raw``.
3. Dates (时效 deadlines). ``unit`` is ``"日期"``, ``number`` is ``None`` and ``text`` starts with
   the date in ISO 8601 form, followed by any remaining words:
   ``2023 年 11 月 15 日前完成`` → ``("<=", None, "日期", "2023-11-15 完成")``;
   ``不迟于 2023 年底`` → ``("<=", None, "日期", "2023-12-31")``.
   - 年底/年末 → 12-31; YYYY年MM月底 → the last day of that month; a bare year → ``YYYY``,
     a year and month → ``YYYY-MM``.
   - No year: ``XXXX`` (ISO 8601-2 "unspecified digits"): ``12月31日`` → ``XXXX-12-31``,
     ``≤12 月份`` / ``十月前`` → ``XXXX-12`` / ``XXXX-10`` (month end without a year stays at
     month precision).
   - Operator: 前/以前/之前/为止/内, 不迟于/不晚于/截至/截止/最迟 → ``"<="``; 后/以后/之后/起/
     不早于 → ``">="``; an explicit sign wins. A bare date has operator ``None`` (not guessed).
   - Ranges ``A至B`` → ``"A/B"`` (ISO interval), the end inheriting the start's year.
   - A month number in Arabic digits without a year is a date only with 份, a day, 底/末, a
     deadline word after it (前/以前/之前) or a temporal word before it (不迟于 …). Otherwise
     ``=12月`` stays the duration 12 个月 (number 12, unit 月), as the seeds use it
     ("每月工作正常运行 =12月"). Chinese-numeral months (十月) are always dates.
4. One quantity, optionally with a sign or word operator before it and a unit after it:
   ``≥80百分比`` → ``(">=", 80, "%")``, ``≥15万条`` → unit ``万条`` (magnitude stays in the
   unit), ``派出所建成后 1 个月内`` → ``("<=", 1, "个月", text "派出所建成后")``. Operator words:
   大于等于/不低于/不少于/不小于/至少 (>=), 小于等于/不高于/不超过/不多于/不大于/至多/控制在 (<=),
   大于/高于/超过/多于 (>), 小于/低于/少于/不足 (<), 等于 (=), and after the unit 以上 (>=),
   以下/以内/之内/内 (<=). Words around the quantity go to ``text`` when they sit on one side
   only. Two numbers (``发1破1``, ``10-20人``) or a long tail are not a single quantity.
5. Anything else is qualitative: ``text`` is the folded cell (``是``, ``长期``, ``以实际数为准``),
   with a leading operator taken off (``不低于上年`` → ``(">=", text "上年")``).

Units: 百分比/百分之/百分率 → ``%``; everything else as printed (after width folding).
``number`` keeps the printed precision (``Decimal("95.00")``), thousands separators removed.

A value is *quantitative* when ``number is not None and text is None``; qualitative values
(P06/P08 in the domain notes) have ``text`` and no number; dates have ``unit == "日期"``.

``format_value`` writes the canonical text: ``≥95%``, ``≤2023-11-15 完成``, ``每年 ≥1000人``
(words first, then the quantity; a year-precision date is written ``2023年``). Re-parsing it
gives the same operator, number, unit and text, except for a 4-digit number before 年 (``2023年``
reads as a year) and a unit without a number, which is written in template form
(``符号>=单位%``) and loses its text.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from yusuan.vocab.text import cn_int

__all__ = [
    "DATE_UNIT",
    "IndicatorValue",
    "format_value",
    "normalise_level1",
    "normalise_level2",
    "parse_value",
]

DATE_UNIT = "日期"


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    raw: str
    operator: str | None  # one of ">=", "<=", "=", ">", "<" or None
    number: Decimal | None
    unit: str | None  # normalised: 百分比/百分之 → "%", full-width → half-width
    text: str | None  # qualitative remainder, None when nothing remains


# --- normalisation ---------------------------------------------------------------------------

# Chinese sentence punctuation stays as printed so qualitative text reads naturally.
_KEEP_FULL_WIDTH = frozenset("，；：！？（）［］｛｝")
_FOLD: dict[int, int | str] = {
    c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in _KEEP_FULL_WIDTH
}
_FOLD.update({0x3000: " ", ord("≧"): "≥", ord("≦"): "≤", ord("−"): "-", ord("﹪"): "%"})
_FOLD.update({ord("﹤"): "<", ord("﹥"): ">", ord("﹦"): "="})


def _fold(text: str) -> str:
    return " ".join(text.translate(_FOLD).split())


_BLANKS = frozenset({"", "-", "--", "—", "——", "―", "/", "\\", "*", "**", "…", "……", "."})
_PERCENT_WORDS = frozenset({"百分比", "百分之", "百分率"})
assert all("百分" in w for w in _PERCENT_WORDS)  # the cheap test in _parse_quantity
_TEXT_TRIM = " ,;:，；：、。.·"  # separators left over around a quantity or date


def _norm_unit(unit: str) -> str | None:
    u = unit.strip()
    if not u:
        return None
    return "%" if u in _PERCENT_WORDS else u


# --- operators -------------------------------------------------------------------------------

# Longest first, so that ">=" wins over ">" and 大于等于 over 大于/等于.
_PREFIX_OPS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            ">=": ">=", "=>": ">=", "≥": ">=", "<=": "<=", "=<": "<=", "≤": "<=",
            "=": "=", ">": ">", "<": "<",
            "大于或等于": ">=", "大于等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
            "至少": ">=",
            "小于或等于": "<=", "小于等于": "<=", "不高于": "<=", "不超过": "<=", "不多于": "<=",
            "不大于": "<=", "至多": "<=", "控制在": "<=",
            "大于": ">", "高于": ">", "超过": ">", "多于": ">",
            "小于": "<", "低于": "<", "少于": "<", "不足": "<",
            "等于": "=",
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)  # fmt: skip
# Lookup by length, longest first (the same match as trying _PREFIX_OPS in order).
_PREFIX_MAP = dict(_PREFIX_OPS)
_PREFIX_LENGTHS = sorted({len(word) for word in _PREFIX_MAP}, reverse=True)
_SUFFIX_OPS: tuple[tuple[str, str], ...] = (
    ("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="),
    ("以内", "<="), ("之内", "<="), ("内", "<="),
)  # fmt: skip
assert all("以" in w or "内" in w for w, _ in _SUFFIX_OPS)  # the cheap test in _split_tail
_SYMBOL = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def _op_at_end(prefix: str) -> tuple[str | None, str]:
    """Operator that ends ``prefix`` (just before a number or date) and the words before it."""
    p = prefix.rstrip()
    for n in _PREFIX_LENGTHS:
        word = p[-n:]
        op = _PREFIX_MAP.get(word)
        if op is not None:
            return op, p[: len(p) - len(word)]
    return None, p


def _op_at_start(text: str) -> tuple[str | None, str]:
    for n in _PREFIX_LENGTHS:
        word = text[:n]
        op = _PREFIX_MAP.get(word)
        if op is not None:
            return op, text[len(word) :]
    return None, text


def _trim(text: str) -> str | None:
    t = text.strip(_TEXT_TRIM)
    return t or None


# --- dates -----------------------------------------------------------------------------------

_N = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
_DATE = re.compile(
    rf"(?<![0-9.])(?P<y>(?:19|20)[0-9]{{2}}) ?年度?"
    rf"(?: ?(?P<m>{_N}) ?月份?(?: ?(?P<d>{_N}) ?[日号])?)?(?P<e> ?[底末])?"
    rf"|(?<![0-9.])(?P<m2>{_N}) ?月(?P<f2>份)?(?: ?(?P<d2>{_N}) ?[日号])?(?P<e2> ?[底末])?"
    r"|(?<![0-9A-Za-z.])(?P<iy>(?:19|20)[0-9]{2}|XXXX)-(?P<im>[0-9]{1,2})"
    r"(?:-(?P<id>[0-9]{1,2}))?(?![0-9])"
)
_DATE_PRE = (
    ("不迟于", "<="), ("不晚于", "<="), ("截止到", "<="), ("截至到", "<="), ("截至", "<="),
    ("截止", "<="), ("最迟", "<="), ("最晚", "<="), ("不早于", ">="),
)  # fmt: skip
_DATE_POST = (
    ("以前", "<="), ("之前", "<="), ("为止", "<="), ("以内", "<="), ("之内", "<="),
    ("前", "<="), ("内", "<="), ("以后", ">="), ("之后", ">="), ("后", ">="), ("起", ">="),
)  # fmt: skip
_DEADLINE_POST = ("以前", "之前", "前")  # what makes "10月" a month rather than 10 months
_DATE_PARTICLES = ("于", "在", "自", "从")  # "在2023年底前完成": carries no meaning here
_RANGE_SEPS = frozenset({"至", "到", "-", "~", "—", "/", "——"})


def _iso(year: int | None, month: int | None, day: int | None, end: bool) -> str | None:
    """ISO text for a date of year/month/day precision; None when the date does not exist."""
    ys = f"{year:04d}" if year is not None else "XXXX"
    if month is None:
        if year is None:
            return None
        return f"{ys}-12-31" if end else ys
    if not 1 <= month <= 12:
        return None
    if day is None and end and year is not None:
        day = calendar.monthrange(year, month)[1]
    if day is None:
        return f"{ys}-{month:02d}"
    try:  # 2000 is a leap year, so 2月29日 without a year is allowed
        datetime.date(year if year is not None else 2000, month, day)
    except ValueError:
        return None
    return f"{ys}-{month:02d}-{day:02d}"


def _date_from_match(m: re.Match[str], before: str, after: str) -> tuple[str, int | None] | None:
    """(ISO text, year) for one match, or None when it is not a date (e.g. "=12月")."""
    g = m.groupdict()
    year: int | None
    if g["y"] is not None:
        month = cn_int(g["m"]) if g["m"] else None
        day = cn_int(g["d"]) if g["d"] else None
        if (g["m"] and month is None) or (g["d"] and day is None):
            return None
        year = int(g["y"])
        return _opt(_iso(year, month, day, g["e"] is not None), year)
    if g["m2"] is not None:
        month, day = cn_int(g["m2"]), cn_int(g["d2"]) if g["d2"] else None
        if month is None or (g["d2"] and day is None):
            return None
        is_date = (
            not g["m2"].isascii()
            or g["d2"] is not None
            or g["f2"] is not None
            or g["e2"] is not None
            or after.lstrip().startswith(_DEADLINE_POST)
            or any(before.rstrip().endswith(w) for w, _ in _DATE_PRE)
        )
        return _opt(_iso(None, month, day, False), None) if is_date else None
    year = None if g["iy"] == "XXXX" else int(g["iy"])
    day = int(g["id"]) if g["id"] else None
    return _opt(_iso(year, int(g["im"]), day, False), year)


def _opt(iso: str | None, year: int | None) -> tuple[str, int | None] | None:
    return None if iso is None else (iso, year)


def _parse_date(s: str) -> tuple[str | None, str] | None:
    """(operator, text) when ``s`` is a date or a date range with words around it."""
    matches = list(_DATE.finditer(s))
    if not matches or len(matches) > 2:
        return None
    first, last = matches[0], matches[-1]
    parsed = _date_from_match(first, s[: first.start()], s[first.end() :])
    if parsed is None:
        return None
    iso, year = parsed
    if len(matches) == 2:
        if s[first.end() : last.start()].strip() not in _RANGE_SEPS:
            return None
        end = _date_from_match(last, s[: last.start()], s[last.end() :])
        if end is None:
            return None
        end_iso = end[0]
        if end[1] is None and year is not None and end_iso.startswith("XXXX"):
            end_iso = f"{year:04d}{end_iso[4:]}"  # 2023年1月1日至12月31日
        iso = f"{iso}/{end_iso}"
    before, after = s[: first.start()].rstrip(), s[last.end() :].strip(_TEXT_TRIM)
    op: str | None = None
    for word, word_op in _DATE_PRE:
        if before.endswith(word):
            op, before = word_op, before[: -len(word)].rstrip()
            break
    else:
        if before.endswith(_DATE_PARTICLES):
            before = before[:-1].rstrip()
        sym_op, rest = _op_at_end(before)
        if sym_op is not None:
            op, before = sym_op, rest.rstrip()
    if before.endswith(_DATE_PARTICLES):
        before = before[:-1]
    if op is None:  # a sign at the very start: "≤链路费时间 2023-12-31"
        op, before = _op_at_start(before.lstrip(_TEXT_TRIM))
    if len(matches) == 1:
        for word, word_op in _DATE_POST:
            if after.startswith(word):
                op, after = op or word_op, after[len(word) :]
                break
    pre, post = _trim(before), _trim(after)
    if any(ch.isdigit() for ch in (pre or "") + (post or "")):
        return None  # more numbers around: not a plain date cell
    return op, " ".join(p for p in (pre, iso, post) if p)


# --- quantities ------------------------------------------------------------------------------

_NUMBER = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_UNIT_STOP = frozenset(" ,;:，；：、。()（）[]【】<>《》!?！？\"'“”‘’=≥≤")
_MAX_UNIT = 6  # longer tails are sentences, not units


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:  # pragma: no cover - _NUMBER admits only valid literals
        return None


def _split_tail(tail: str) -> tuple[str | None, str | None, str] | None:
    """Split what follows a number into (unit, suffix operator, remaining text)."""
    t = tail.lstrip()
    if t[:1] in ("%", "‰"):
        unit, rest = t[0], t[1:]
    else:
        n = 0
        while n < len(t) and t[n] not in _UNIT_STOP and not t[n].isdigit():
            n += 1
        unit, rest = t[:n], t[n:]
    op: str | None = None
    cut = None
    if "以" in unit or "内" in unit:  # in every suffix word
        cut = min(
            ((unit.find(w), -len(w), w, o) for w, o in _SUFFIX_OPS if w in unit), default=None
        )
    if cut is not None:  # "个月内完成" → 个月 + 内 + 完成
        idx, _, word, op = cut
        unit, rest = unit[:idx], unit[idx + len(word) :] + rest
    else:
        stripped = rest.lstrip()
        for word, word_op in _SUFFIX_OPS:
            if stripped.startswith(word):
                op, rest = word_op, stripped[len(word) :]
                break
    if len(unit) > _MAX_UNIT:
        return None
    return _norm_unit(unit), op, rest


def _parse_quantity(s: str) -> IndicatorValue | None:
    numbers = list(_NUMBER.finditer(s))
    if len(numbers) != 1:
        return None
    m = numbers[0]
    start, digits = m.start(), m.group()
    if start and s[start - 1] in "+-" and (start == 1 or not s[start - 2].isalnum()):
        start -= 1  # a sign: "≥-5%", "-3"
        digits = s[start] + digits
    prefix = s[:start]
    split = _split_tail(s[m.end() :])
    if split is None:
        return None
    unit, post_op, rest = split
    percent_word = None
    if "百分" in prefix:  # in every percent word
        percent_word = next((w for w in _PERCENT_WORDS if prefix.rstrip().endswith(w)), None)
    if percent_word is not None:  # 百分之95
        prefix = prefix.rstrip()[: -len(percent_word)]
        unit = unit or "%"
    op, prefix = _op_at_end(prefix.rstrip(_TEXT_TRIM))  # "完成率：≥95%", "=，1"
    pre, post = _trim(prefix), _trim(rest)
    if pre and post:
        return None  # words on both sides: a sentence with a number in it
    if post and _op_at_end(post)[0] is not None:
        return None  # "8≥": an operator after the number is not a quantity we can trust
    number = _to_decimal(digits)
    if number is None:  # pragma: no cover
        return None
    return IndicatorValue("", op or post_op, number, unit, pre or post)


# --- the "符号 … 值 … 单位 …" template -------------------------------------------------------

_TEMPLATE = re.compile(
    r"符号 ?(?P<op>[^值单]*)(?:值 ?(?P<num>[+-]?[0-9][0-9,]*(?:\.[0-9]+)?)?)?(?P<tail>.*)"
)
_QUALITATIVE_OPS = frozenset({"文字描述", "文字", "定性"})


def _parse_template(s: str) -> IndicatorValue | None:
    m = _TEMPLATE.fullmatch(s)
    if m is None:
        return None
    op_text, tail = m.group("op").strip(), m.group("tail").strip()
    extra: str | None = None
    if "单位" in tail:
        extra, _, unit_part = tail.partition("单位")
        extra = extra.strip() or None
    else:
        tokens = tail.split(" ")
        unit_part = " ".join(tokens[1:] if len(tokens) > 1 else tokens)  # 1st is a stray label
    unit_part = unit_part.strip()
    if op_text in _QUALITATIVE_OPS:
        # The unit slot is the target; the 值 number is filler (see module docstring).
        inner = _parse_free(unit_part) if unit_part else None
        if inner is None:
            return IndicatorValue("", None, None, None, extra)
        return inner
    op, rest = _op_at_start(op_text)
    if rest.strip():  # not a sign in the 符号 slot: a garbled template, read it as free text
        return _parse_free(s)
    number = _to_decimal(m.group("num")) if m.group("num") else None
    return IndicatorValue("", op, number, _norm_unit(unit_part), extra)


# --- entry points ----------------------------------------------------------------------------


def _parse_free(s: str) -> IndicatorValue | None:
    """Date, quantity or qualitative text; None for a blank placeholder."""
    if s in _BLANKS:
        return None
    if "年" in s or "月" in s or "-" in s:  # cheap guard: every date form has one of these
        date = _parse_date(s)
        if date is not None:
            return IndicatorValue("", date[0], None, DATE_UNIT, date[1])
    quantity = _parse_quantity(s)
    if quantity is not None:
        return quantity
    op, rest = _op_at_start(s)
    return IndicatorValue("", op, None, None, (rest.strip() or None) if op else s)


def _parse(kept: str) -> IndicatorValue:
    s = _fold(kept)
    parsed = _parse_template(s) if s.startswith("符号") else _parse_free(s)
    if parsed is None:
        return IndicatorValue(kept, None, None, None, None)
    return IndicatorValue(kept, parsed.operator, parsed.number, parsed.unit, parsed.text)


def parse_value(raw: str) -> IndicatorValue:
    """Parse one 指标值 cell. Never raises; unparseable text ends up in ``text``."""
    kept = raw.strip() if isinstance(raw, str) else ""
    try:
        return _parse(kept)
    except Exception:  # last resort for a bug: a bad cell must not stop a whole document
        return IndicatorValue(kept, None, None, None, kept or None)


_BARE_YEAR = re.compile(r"(?<![0-9X-])((?:19|20)[0-9]{2})(?![0-9-])")
_ISO_START = re.compile(r"(?<![0-9A-Za-z./-])(?:(?:19|20)[0-9]{2}|XXXX)")


def _format_number(number: Decimal) -> str:
    return format(number, "f")


def format_value(v: IndicatorValue) -> str:
    """Canonical text of a value: ``≥95%``, ``≤2023-11-15 完成``, ``每年 ≥1000人``, ``长期``."""
    sym = _SYMBOL.get(v.operator or "", "")
    if v.number is None:
        if v.unit is not None and v.unit != DATE_UNIT:  # a unit but no number: template only
            return f"符号{v.operator or ''}单位{v.unit}"
        text = v.text or ""
        if v.unit == DATE_UNIT:  # a bare "2023" would read back as a number
            text = _BARE_YEAR.sub(r"\1年", text)
            at = _ISO_START.search(text)
            if sym and at is not None:  # the sign goes right before the date, where it is read
                return f"{text[: at.start()]}{sym}{text[at.start() :]}"
        if sym and _op_at_start(text)[0] is not None:
            return f"{sym} {text}"  # "> =万" must not read back as ">="
        return f"{sym}{text}"
    quantity = f"{sym}{_format_number(v.number)}{v.unit or ''}"
    return f"{v.text} {quantity}" if v.text else quantity


# --- indicator categories --------------------------------------------------------------------

_ENUM = re.compile(
    r"^(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）、.．]|[(（][0-9一二三四五六七八九十]{1,3}[)）])"
)
_HEADERS = frozenset({"一级指标", "二级指标", "三级指标", "指标", "一级", "二级", "三级"})

_LEVEL1 = {
    "产出": "产出",
    "效益": "效益",
    "效果": "效益",
    "满意度": "满意度",
    "服务对象满意度": "满意度",
    "成本": "成本",
    "投入与管理": "投入与管理",
    "投入管理": "投入与管理",
    "投入与目标管理": "投入与管理",
    "投入和管理": "投入与管理",
    "投入": "投入与管理",
    "影响力": "影响力",
}
_LEVEL2 = {
    "产出数量": "数量",
    "产出质量": "质量",
    "产出时效": "时效",
    "时效性": "时效",
    "产出成本": "成本",
    "环境效益": "生态效益",
    "生态环境效益": "生态效益",
    "可持续发展": "可持续影响",
    "可持续": "可持续影响",
    "满意度": "服务对象满意度",
    "服务对象满意": "服务对象满意度",
    "社会公众或服务对象满意度": "服务对象满意度",
    "其它": "其他",
}


def _clean_label(label: str | None) -> str:
    if not label:
        return ""
    t = "".join(label.translate(_FOLD).split())
    t = _ENUM.sub("", t)
    return t.strip(":：")


def _strip_suffix(t: str) -> str:
    for suffix in ("类指标", "指标", "目标"):
        if t.endswith(suffix) and len(t) > len(suffix):
            return t[: -len(suffix)]
    return t


def normalise_level1(label: str | None) -> str | None:
    """一级指标 label → 产出, 效益, 满意度, 成本, 投入与管理, 影响力; None if unknown or blank."""
    t = _clean_label(label)
    if not t or t in _HEADERS:
        return None
    return _LEVEL1.get(_strip_suffix(t))


def normalise_level2(label: str | None) -> str | None:
    """二级指标 label → 数量, 质量, 时效, 成本, 经济效益, 社会效益, 生态效益, 可持续影响,
    服务对象满意度; other non-blank labels (财务管理, 履职效益 …) lose an 指标 suffix and are
    returned as printed. None for blanks, dash placeholders and header words."""
    t = _clean_label(label)
    if not t or t in _HEADERS or t in _BLANKS:
        return None
    t = _strip_suffix(t) if t.endswith("指标") else t
    return _LEVEL2.get(t, t)
