"""Shared fixtures: the seed documents beside the repository (../shared/seeds)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from yusuan.blocks import Document
from yusuan.extract import extract
from yusuan.model import Disclosure
from yusuan.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXPECTED = Path(__file__).parent / "expected"


def seed_path(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@cache
def _read(prefix: str) -> tuple[Document, Disclosure]:
    doc = read_document(seed_path(prefix))
    return doc, extract(doc)


@pytest.fixture(scope="session")
def seed() -> object:
    """``seed("004")`` → the extracted :class:`Disclosure` of that seed (read once per session)."""
    return lambda prefix: _read(prefix)[1]


@pytest.fixture(scope="session")
def seed_doc() -> object:
    return lambda prefix: _read(prefix)[0]
