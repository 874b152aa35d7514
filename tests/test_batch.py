"""yusuan.batch.batch_gc: collector settings for batch work, restored afterwards."""

from __future__ import annotations

import gc

import pytest

from yusuan.batch import THRESHOLD, batch_gc


def test_settings_are_restored_even_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_gc():
        assert gc.get_threshold() == THRESHOLD
        assert gc.get_freeze_count() > 0
        raise RuntimeError
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_nested_blocks_keep_the_outer_settings() -> None:
    before = gc.get_threshold()
    with batch_gc():
        frozen = gc.get_freeze_count()
        with batch_gc():
            pass
        assert gc.get_threshold() == THRESHOLD  # the inner block did not restore early
        assert gc.get_freeze_count() == frozen
    assert gc.get_threshold() == before


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with batch_gc():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
