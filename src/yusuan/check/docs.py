"""One documentation page per rule, generated from the registry (docs/rules/)."""

from __future__ import annotations

from pathlib import Path

from yusuan.check.registry import FAMILIES, Rule, all_rules

SEVERITY_ZH = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


def rule_page(r: Rule) -> str:
    return (
        f"# {r.code} {r.title}\n\n"
        f"- 类别 family: {r.family} — {FAMILIES[r.family]}\n"
        f"- 级别 severity: {SEVERITY_ZH[r.severity]}\n\n"
        f"## 检查什么 What it checks\n\n{r.what}\n\n"
        f"## 为什么 Why it matters\n\n{r.why}\n\n"
        f"## 实例 Example\n\n{r.example}\n\n"
        f"## 如何修改 How to fix\n\n{r.fix}\n"
    )


def index_page(rules: list[Rule]) -> str:
    lines = [
        "# 检查规则 Rule catalogue",
        "",
        f"{len(rules)} 条规则。每条规则有稳定编码、级别、依据和实例；"
        "`yusuan check --select`/`--ignore` 按编码或类别（首字母）选择。",
        "",
    ]
    for fam, name in FAMILIES.items():
        members = [r for r in rules if r.family == fam]
        if not members:
            continue
        lines += [f"## {fam} — {name}", "", "| 编码 | 级别 | 规则 |", "|---|---|---|"]
        lines += [f"| [{r.code}]({r.code}.md) | {r.severity} | {r.title} |" for r in members]
        lines.append("")
    identities = [r for r in rules if r.identity]
    lines += [
        "## 恒等式与变异测试 / identities and their mutation tests",
        "",
        f"下列 {len(identities)} 条规则各自检查一个算术恒等式。`tests/test_check_mutations.py` 对每一条："
        "在恒等式成立的文件（样本文件或按真实格式构造的文件）中逐个改动一个数字（+1 或小数点右移一位），"
        "要求该规则报告出来；规则被删去或失效时测试失败。",
        "",
        "| 编码 | 恒等式 |",
        "|---|---|",
    ]
    lines += [f"| [{r.code}]({r.code}.md) | {r.identity} |" for r in identities]
    lines.append("")
    return "\n".join(lines)


def render_docs() -> dict[str, str]:
    rules = all_rules()
    pages = {f"{r.code}.md": rule_page(r) for r in rules}
    pages["README.md"] = index_page(rules)
    return pages


def write_docs(target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    pages = render_docs()
    for name, text in pages.items():
        (target / name).write_text(text, encoding="utf-8")
    return len(pages)
