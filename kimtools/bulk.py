"""Building tens of thousands of small objects in one go.

Python's cyclic garbage collector runs after every few hundred new containers and looks at
all the young ones that survive; when a register of 50,000 findings is read into lists and
dicts that all survive, those runs took 0.4 s of the 1.1 s of reckoning recurring themes.
None of these objects form cycles, so the collector rests while they are built.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside the block; the collector's state before is restored."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
