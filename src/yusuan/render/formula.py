"""A small evaluator for the formulas of the fill-in workbook, in exact decimals.

A workbook written by openpyxl and filled by a program carries no computed values, and one
saved by Excel carries them as binary floats; evaluating the formulas ourselves gives the same
exact result either way. Supported: references and ranges (also on other sheets), + - * / &,
comparisons, SUM, SUMIF (with ? and * wildcards and <> criteria), IF, IFERROR, AND, OR, NOT,
ISNUMBER, ROUND, VLOOKUP (exact match). Anything else raises :class:`FormulaError`.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import column_index_from_string


class FormulaError(Exception):
    pass


_TOKEN = re.compile(
    r"""\s*(?:
    (?P<str>"(?:[^"]|"")*")
    |(?P<ref>(?:(?:'(?:[^']|'')+'|[^\s'!:,()=<>+\-*/&"]+)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
    |(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
    |(?P<func>[A-Z][A-Z0-9.]*(?=\())
    |(?P<bool>TRUE|FALSE)\b
    |(?P<op><>|<=|>=|[-+*/&=<>(),])
    )""",
    re.VERBOSE,
)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


@dataclass(frozen=True, slots=True)
class Range:
    sheet: str
    r0: int
    c0: int
    r1: int
    c1: int

    def cells(self) -> list[tuple[str, int, int]]:
        return [
            (self.sheet, r, c)
            for r in range(self.r0, self.r1 + 1)
            for c in range(self.c0, self.c1 + 1)
        ]


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError(f"cannot read formula near {text[pos : pos + 12]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def number(value: Any) -> Decimal | None:
    """A cell value as an exact decimal (floats cut to Excel's 15 significant digits)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(format(value, ".15g"))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            return None
    return None


class Evaluator:
    """Evaluates cells of a workbook loaded with formulas (``data_only=False``)."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.memo: dict[tuple[str, int, int], Any] = {}
        self.busy: set[tuple[str, int, int]] = set()

    def cell(self, sheet: str, row: int, col: int) -> Any:
        key = (sheet, row, col)
        if key in self.memo:
            return self.memo[key]
        if key in self.busy:
            raise FormulaError(f"circular reference at {sheet}!{row},{col}")
        raw = self.wb[sheet].cell(row, col).value
        if isinstance(raw, str) and raw.startswith("="):
            self.busy.add(key)
            try:
                value = self.formula(raw[1:], sheet)
            finally:
                self.busy.discard(key)
        elif isinstance(raw, float | int) and not isinstance(raw, bool):
            value = number(raw)
        elif isinstance(raw, dt.datetime | dt.date):
            value = raw.date().isoformat() if isinstance(raw, dt.datetime) else raw.isoformat()
        else:
            value = raw
        self.memo[key] = value
        return value

    def formula(self, text: str, sheet: str) -> Any:
        toks = _tokens(text)
        parser = _Parser(toks, self, sheet)
        value = parser.expr()
        if parser.i != len(toks):
            raise FormulaError(f"unexpected {toks[parser.i][1]!r} in ={text}")
        if isinstance(value, Range):
            return self.cell(*value.cells()[0])
        return value


def _ref(text: str, sheet: str, wb: Any) -> Range:
    if "!" in text:
        name, _, addr = text.rpartition("!")
        sheet = name[1:-1].replace("''", "'") if name.startswith("'") else name
    else:
        addr = text
    if sheet not in wb.sheetnames:
        raise FormulaError(f"no sheet {sheet!r}")
    parts = addr.split(":")
    cells = []
    for p in parts:
        m = _CELL.fullmatch(p)
        if not m:
            raise FormulaError(f"bad reference {p!r}")
        cells.append((int(m.group(2)), column_index_from_string(m.group(1))))
    (r0, c0), (r1, c1) = cells[0], cells[-1]
    return Range(sheet, min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1))


class _Parser:
    def __init__(self, toks: list[tuple[str, str]], ev: Evaluator, sheet: str) -> None:
        self.toks = toks
        self.i = 0
        self.ev = ev
        self.sheet = sheet

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            raise FormulaError(f"expected {value or 'more'}")
        self.i += 1
        return tok

    def value(self, v: Any) -> Any:
        return self.ev.cell(*v.cells()[0]) if isinstance(v, Range) else v

    def expr(self) -> Any:
        left = self.concat()
        while (tok := self.peek()) and tok[1] in ("=", "<>", "<", ">", "<=", ">="):
            self.take()
            right = self.concat()
            left = _compare(self.value(left), self.value(right), tok[1])
        return left

    def concat(self) -> Any:
        left = self.add()
        while (tok := self.peek()) and tok[1] == "&":
            self.take()
            right = self.add()
            left = _text(self.value(left)) + _text(self.value(right))
        return left

    def add(self) -> Any:
        left = self.mul()
        while (tok := self.peek()) and tok[1] in ("+", "-"):
            self.take()
            right = self.mul()
            a, b = _num(self.value(left)), _num(self.value(right))
            left = a + b if tok[1] == "+" else a - b
        return left

    def mul(self) -> Any:
        left = self.unary()
        while (tok := self.peek()) and tok[1] in ("*", "/"):
            self.take()
            right = self.unary()
            a, b = _num(self.value(left)), _num(self.value(right))
            if tok[1] == "/" and b == 0:
                raise FormulaError("#DIV/0!")
            left = a * b if tok[1] == "*" else a / b
        return left

    def unary(self) -> Any:
        tok = self.peek()
        if tok and tok[1] in ("-", "+"):
            self.take()
            v = _num(self.value(self.unary()))
            return -v if tok[1] == "-" else v
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return Decimal(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "bool":
            return text == "TRUE"
        if kind == "ref":
            return _ref(text, self.sheet, self.ev.wb)
        if kind == "op" and text == "(":
            v = self.expr()
            self.take(")")
            return v
        if kind == "func":
            self.take("(")
            args: list[Callable[[], Any]] = []
            # arguments are parsed eagerly but IF/IFERROR need laziness: keep token spans
            spans: list[tuple[int, int]] = []
            if self.peek() and self.peek()[1] != ")":  # type: ignore[index]
                while True:
                    start = self.i
                    self._skip_arg()
                    spans.append((start, self.i))
                    if self.peek() and self.peek()[1] == ",":  # type: ignore[index]
                        self.take(",")
                        continue
                    break
            self.take(")")
            for a, b in spans:
                args.append(self._thunk(a, b))
            return _call(text, args, self)
        raise FormulaError(f"unexpected {text!r}")

    def _skip_arg(self) -> None:
        depth = 0
        while (tok := self.peek()) is not None:
            if tok[1] == "(":
                depth += 1
            elif tok[1] == ")":
                if depth == 0:
                    return
                depth -= 1
            elif tok[1] == "," and depth == 0:
                return
            self.i += 1

    def _thunk(self, a: int, b: int) -> Callable[[], Any]:
        def run() -> Any:
            sub = _Parser(self.toks[a:b], self.ev, self.sheet)
            v = sub.expr()
            if sub.i != b - a:
                raise FormulaError("bad argument")
            return v

        return run


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def _num(v: Any) -> Decimal:
    if v is None or v == "":
        return Decimal(0)
    n = number(v)
    if n is None:
        raise FormulaError(f"#VALUE! ({v!r} is not a number)")
    return n


def _compare(a: Any, b: Any, op: str) -> bool:
    if a is None:
        a = "" if isinstance(b, str) else Decimal(0)
    if b is None:
        b = "" if isinstance(a, str) else Decimal(0)
    if isinstance(a, str) != isinstance(b, str):
        return op == "<>"
    result = {
        "=": a == b,
        "<>": a != b,
        "<": a < b,
        ">": a > b,
        "<=": a <= b,
        ">=": a >= b,
    }
    return result[op]


def _matches(value: Any, criterion: Any) -> bool:
    if isinstance(criterion, Decimal):
        return number(value) == criterion
    c = _text(criterion)
    for op in ("<>", ">=", "<=", "=", ">", "<"):
        if c.startswith(op):
            rest = c[len(op) :]
            n = number(rest)
            if n is not None and number(value) is not None and not isinstance(value, str):
                return _compare(number(value), n, op)
            text = _text(value)
            hit = (
                fnmatch.fnmatchcase(text, rest) if any(ch in rest for ch in "?*") else text == rest
            )
            return not hit if op == "<>" else hit if op == "=" else _compare(text, rest, op)
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        n = number(c)
        return n is not None and number(value) == n
    return fnmatch.fnmatchcase(_text(value), c) if value is not None else c == ""


_Args = list[Callable[[], Any]]


def _call(name: str, args: _Args, p: _Parser) -> Any:
    function = _FUNCTIONS.get(name)
    if function is None:
        raise FormulaError(f"unsupported function {name}")
    return function(args, p)


def _sum(args: _Args, p: _Parser) -> Any:
    total = Decimal(0)
    for a in args:
        v = a()
        for x in _values(v, p):
            if isinstance(x, Decimal):
                total += x
            elif not isinstance(v, Range) and x not in (None, ""):
                total += _num(x)
    return total


def _values(v: Any, p: _Parser) -> list[Any]:
    return [p.ev.cell(*c) for c in v.cells()] if isinstance(v, Range) else [v]


def _sumif(args: _Args, p: _Parser) -> Any:
    crit_range, criterion = args[0](), p.value(args[1]())
    sum_range = args[2]() if len(args) > 2 else crit_range
    if not isinstance(crit_range, Range) or not isinstance(sum_range, Range):
        raise FormulaError("SUMIF needs ranges")
    total = Decimal(0)
    for (s, r, c), (s2, r2, c2) in zip(crit_range.cells(), sum_range.cells(), strict=False):
        if _matches(p.ev.cell(s, r, c), criterion):
            x = p.ev.cell(s2, r2, c2)
            if isinstance(x, Decimal):
                total += x
    return total


def _if(args: _Args, p: _Parser) -> Any:
    cond = p.value(args[0]())
    if isinstance(cond, str):
        raise FormulaError("#VALUE! in IF")
    branch = args[1] if cond else (args[2] if len(args) > 2 else (lambda: False))
    return p.value(branch())


def _iferror(args: _Args, p: _Parser) -> Any:
    try:
        return p.value(args[0]())
    except FormulaError:
        return p.value(args[1]())


def _and(args: _Args, p: _Parser) -> Any:
    return all([bool(p.value(a())) for a in args])  # every argument evaluated, as Excel does


def _or(args: _Args, p: _Parser) -> Any:
    return any([bool(p.value(a())) for a in args])


def _not(args: _Args, p: _Parser) -> Any:
    return not p.value(args[0]())


def _isnumber(args: _Args, p: _Parser) -> Any:
    return isinstance(p.value(args[0]()), Decimal)


def _round(args: _Args, p: _Parser) -> Any:
    v = _num(p.value(args[0]()))
    digits = int(_num(p.value(args[1]())))
    return v.quantize(Decimal(1).scaleb(-digits))


def _vlookup(args: _Args, p: _Parser) -> Any:
    key = p.value(args[0]())
    table = args[1]()
    col = int(_num(p.value(args[2]())))
    if not isinstance(table, Range):
        raise FormulaError("VLOOKUP needs a range")
    if key in (None, ""):
        raise FormulaError("#N/A")
    for r in range(table.r0, table.r1 + 1):
        v = p.ev.cell(table.sheet, r, table.c0)
        if _text(v) == _text(key):
            return p.ev.cell(table.sheet, r, table.c0 + col - 1)
    raise FormulaError("#N/A")


# The functions the templates' formulas use.
_FUNCTIONS: dict[str, Callable[[_Args, _Parser], Any]] = {
    "SUM": _sum,
    "SUMIF": _sumif,
    "IF": _if,
    "IFERROR": _iferror,
    "AND": _and,
    "OR": _or,
    "NOT": _not,
    "ISNUMBER": _isnumber,
    "ROUND": _round,
    "VLOOKUP": _vlookup,
}
