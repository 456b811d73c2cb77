"""The garbage collector rests while a register is read in bulk, and is back afterwards."""

from __future__ import annotations

import gc

import pytest

from kimtools.bulk import collector_paused


def test_collector_rests_inside_and_is_restored_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer one's pause alone
        raise ValueError
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
