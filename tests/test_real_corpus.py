"""The real corpus (../shared/real) against its hand-written facts (tests/expected/real).

Every published file must read; overall, at least 98 % of the facts must match. The per-document
accuracy is printed (run with ``-s`` or look at the report's captured output), with the facts that
did not match, so a change that helps one document and hurts another shows at once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.real_corpus import REAL, Score, expected_files, load, score
from yusuan.extract import extract
from yusuan.model import Disclosure
from yusuan.readers import read_document

FILES = [p.name.removesuffix(".json") for p in expected_files()]
THRESHOLD = 0.98

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"{REAL} not found")


@cache
def _read(name: str) -> Disclosure:
    return extract(read_document(REAL / name))


def _expected(name: str) -> dict[str, object]:
    return load(Path(__file__).parent / "expected" / "real" / f"{name}.json")


def test_every_published_file_has_expected_facts() -> None:
    published = sorted(
        p.name for p in REAL.iterdir() if p.is_file() and p.suffix.lower() in (".pdf", ".xlsx")
    )
    assert published == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_reads(name: str) -> None:
    d = _read(name)
    assert d.year is not None


def test_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    scores: list[Score] = [score(_read(name), _expected(name), name) for name in FILES]
    matched = sum(s.matched for s in scores)
    total = sum(s.total for s in scores)
    with capsys.disabled():
        print()
        for s in scores:
            print(f"  {s.matched / s.total:7.1%}  {s.matched:4d}/{s.total:<4d} {s.file}")
            for f in s.misses()[:8]:
                print(f"           ✗ {f.name}: expected {f.expected!r}, got {f.got!r}")
        print(f"  {matched / total:7.1%}  {matched:4d}/{total:<4d} overall")
    assert matched / total >= THRESHOLD


def _pairs() -> list[tuple[str, str]]:
    """The narrative/tables files of one disclosure (named ….text.pdf / ….tables.pdf)."""
    texts = [n for n in FILES if ".text." in n]
    return [
        (t, t.replace(".text.", ".tables."))
        for t in texts
        if t.replace(".text.", ".tables.") in FILES
    ]


def test_parts_are_paired_among_all_files() -> None:
    from yusuan.pipeline import pair_parts

    groups = pair_parts([(name, _read(name)) for name in FILES])
    paired = sorted(tuple(sorted(g)) for g in groups if len(g) > 1)
    assert paired == sorted(tuple(sorted(p)) for p in _pairs())
    assert len(paired) == 4


@pytest.mark.parametrize("pair", _pairs(), ids=lambda p: p[0].split(".")[0])
def test_merged_parts_hold_the_facts_of_both(pair: tuple[str, str]) -> None:
    import yusuan

    d = yusuan.open([REAL / pair[1], REAL / pair[0]], merge=True)  # tables first: narrative leads
    assert d.source.path.endswith(pair[0]) and [p.path for p in d.parts] == [str(REAL / pair[1])]
    for name in pair:
        s = score(d, _expected(name), name)
        assert s.matched / s.total >= THRESHOLD, [(f.name, f.expected, f.got) for f in s.misses()]
