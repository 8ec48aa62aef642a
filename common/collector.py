"""Hold Python's cyclic garbage collector while one piece of work builds many objects at once.

An appendix import keeps every row's objects (cells, validated tasks, row results, assignments)
alive until its single write. Each time enough of them pile up, the collector walks every object
in the process, Django's included: three full passes, a fifth of a 5,000-row import, that find
nothing, because those objects hold no reference cycles and reference counting frees them. The
collector stays off only for that work, and turns back on however the work ends.

Pausing is process-wide and threads may overlap: the collector resumes when the last pause ends,
and stays off if something else had turned it off before.
"""

import gc
import threading
from contextlib import ContextDecorator

_lock = threading.Lock()
_depth = 0
_resume = False


class collector_paused(ContextDecorator):  # noqa: N801 - used like contextlib's lower-case helpers
    def __enter__(self):
        global _depth, _resume
        with _lock:
            if _depth == 0:
                _resume = gc.isenabled()
                gc.disable()
            _depth += 1
        return self

    def __exit__(self, *exc):
        global _depth
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
        return False
