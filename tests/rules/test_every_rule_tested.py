"""Every rule in the registry has a test of its own here: a new rule without one fails CI."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.rules.conftest import base
from yusuan.check.registry import all_rules

HERE = Path(__file__).parent


def _test_functions() -> dict[str, str]:
    """Each test function under tests/rules: its name → its source (decorators included)."""
    found: dict[str, str] = {}
    for path in sorted(HERE.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue  # this file names no rule of its own
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                end = node.end_lineno or node.lineno
                found[f"{path.name}::{node.name}"] = "\n".join(lines[start - 1 : end])
    return found


def test_every_rule_code_is_named_in_a_test() -> None:
    tests = _test_functions()
    untested = [r.code for r in all_rules() if not any(r.code in src for src in tests.values())]
    assert untested == [], f"rules without a test under tests/rules: {', '.join(untested)}"


def test_tests_sit_in_their_family_file() -> None:
    """A rule's test is in a file of its family (tests/rules/test_<family>[_<topic>].py)."""
    files = {
        "T": "test_table_arith",
        "X": "test_cross_table",
        "N": "test_narrative",
        "C": "test_codes",
        "D": "test_completeness",
        "P": "test_performance",
        "H": "test_history",
        "R": "test_reading",
        "W": "test_wording",
    }
    assert {r.family for r in all_rules()} <= set(files), "a new family needs its test file"
    for name in _test_functions():
        file, _, func = name.partition("::")
        code = func.removeprefix("test_")[:4]
        if len(code) == 4 and code[0] in files and code[1:].isdigit():
            stem = files[code[0]]
            assert file == f"{stem}.py" or file.startswith(f"{stem}_"), f"{func} belongs in {stem}"


def test_the_unchanged_document_has_no_findings() -> None:
    """Every rule's passing case rests on this: county_2024.txt is clean."""
    assert [(f.code, f.message) for f in base().report.findings] == []
