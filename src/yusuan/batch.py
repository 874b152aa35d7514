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
from collections.abc import Iterator
from contextlib import contextmanager

# gen-0 threshold: large enough that a document's temporaries rarely trigger a pass, small
# enough that memory held by cycles stays bounded (a few tens of MB at most).
THRESHOLD = (50_000, 20, 20)


@contextmanager
def batch_gc() -> Iterator[None]:
    """Freeze the objects alive now and collect less often, until the block ends."""
    old = gc.get_threshold()
    gc.freeze()  # no collection first: a full one costs ~70 ms, longer than many loads
    gc.set_threshold(*THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()
