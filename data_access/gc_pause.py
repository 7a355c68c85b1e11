"""Python's cyclic garbage collector paused while an import or a KPI computation builds many objects.

Reading an LA's frames and computing its KPIs makes some hundreds of thousands of short-lived objects
(rows, strings, small frames). They are freed by reference counting as they go; almost none are in
cycles. Yet each allocation spree sets off the collector, and its full passes walk every object the
process holds, the imported libraries' included: 80-100 ms of a 0.7 s cold KPI run on the sample LA, and
noise on every warm one. Pausing it for the work changes nothing but the time: the collector resumes
afterwards and collects any cycle made meanwhile.

The pause is process-wide (the collector is) and counted, so nested or concurrent pauses (two app sessions
computing at once) keep it paused until the last one ends, and a collector someone else disabled stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0  # pauses open now
_resume = False  # whether the collector was on when the first of them began

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector off for the block (see the module docstring); as it was afterwards."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()


def without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run inside :func:`gc_paused`."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return func(*args, **kwargs)

    return run
