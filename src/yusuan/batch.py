"""Garbage-collector settings for batch work (loading or checking many documents).

CPython's cyclic collector runs after every 700 new container objects and then walks the
young objects; a full collection walks every live object, including the thousands that
imports create (regexes, pydantic schemas, SQLAlchemy mappers). Reading one disclosure makes
hundreds of thousands of short-lived objects, so with the defaults a third of the time went to
collections that found almost nothing. Batch work freezes what imports made (those objects
live for the whole process) and collects less often; the documents themselves are freed by
reference counting as before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# gen-0 threshold: large enough that a document's temporaries rarely trigger a pass, small
# enough that memory held by cycles stays bounded (a few tens of MB at most).
THRESHOLD = (50_000, 20, 20)


_lock = threading.Lock()
_depth = 0
_saved: tuple[tuple[int, int, int], bool] | None = None  # thresholds, whether we froze


@contextmanager
def batch_gc() -> Iterator[None]:
    """Freeze the objects alive now and collect less often, until the block ends.

    Nested or concurrent blocks share the outermost one's settings; objects frozen by someone
    else (a pre-fork server) are left frozen.
    """
    global _depth, _saved
    with _lock:
        if _depth == 0:
            ours = gc.get_freeze_count() == 0
            _saved = (gc.get_threshold(), ours)
            if ours:
                gc.freeze()  # no collection first: a full one costs ~70 ms, longer than many loads
            gc.set_threshold(*THRESHOLD)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                threshold, ours = _saved
                gc.set_threshold(*threshold)
                if ours:
                    gc.unfreeze()
                _saved = None
