"""A function run in a forked process beside the build (quartierboards/beside.py)."""

from __future__ import annotations

import os
import time

import pytest

from quartierboards.beside import Beside


def test_the_value_comes_from_another_process_that_inherited_the_arguments():
    big = {"rows": list(range(1000))}  # not picklable as a lambda's closure: it must be inherited

    made = Beside(lambda: (os.getpid(), sum(big["rows"])))

    pid, total = made.result()
    assert pid != os.getpid()
    assert total == sum(range(1000))


def test_an_exception_in_the_process_is_raised_by_result():
    def fails() -> None:
        raise ValueError("broken record")

    made = Beside(fails)

    with pytest.raises(ValueError, match="broken record"):
        made.result()


def test_stop_ends_a_process_that_still_runs(tmp_path):
    marker = tmp_path / "finished"

    def slow() -> None:
        time.sleep(30)
        marker.write_text("done")

    made = Beside(slow)
    made.stop()
    made.stop()  # again: nothing left to stop

    assert not marker.exists()
