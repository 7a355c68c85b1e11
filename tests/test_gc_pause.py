"""data_access.gc_pause: the collector off inside, as it was outside, for nested and concurrent pauses."""

from __future__ import annotations

import gc
import threading

import pytest

from data_access.gc_pause import gc_paused, without_gc


@pytest.fixture(autouse=True)
def _collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_inside_and_back_on_after_even_when_the_block_raises():
    gc.enable()
    with pytest.raises(ValueError), gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_outermost_ends():
    gc.enable()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_disabled_beforehand_stays_off():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_on_two_threads_keep_it_off_until_the_last_ends():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with gc_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    with gc_paused():
        thread.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # this thread's pause ended first: the other's still holds
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_the_decorator_pauses_for_the_call_and_keeps_the_function_name():
    gc.enable()

    @without_gc
    def enabled_inside() -> bool:
        return gc.isenabled()

    assert enabled_inside() is False
    assert enabled_inside.__name__ == "enabled_inside"
    assert gc.isenabled()
