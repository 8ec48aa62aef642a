import gc
import threading

import pytest

from common.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_back_on_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_work_fails():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("hỏng")
    assert gc.isenabled()


def test_a_nested_pause_does_not_turn_the_collector_on_early():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_threads_resume_once_the_last_one_ends():
    first_inside, second_done, states = threading.Event(), threading.Event(), []

    def first():
        with collector_paused():
            first_inside.set()
            second_done.wait(5)
            states.append(("first, after second ended", gc.isenabled()))

    def second():
        first_inside.wait(5)
        with collector_paused():
            pass
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert states == [("first, after second ended", False)]
    assert gc.isenabled()


def test_as_a_decorator():
    @collector_paused()
    def work():
        return gc.isenabled()

    assert work() is False
    assert gc.isenabled()
