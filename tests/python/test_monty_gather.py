# lmc.monty's StepGather (python/lmc/_monty_gather.py): the barrier that turns the evidence requests of Monty's
# object threads into one batch. Pure Python: checked against running every request alone.
import threading
import time

import pytest

from lmc._monty_gather import StepGather


class Recorder:
    """A batch function that squares each request and remembers the batch sizes (thread-safe)."""

    def __init__(self, fail_on=None):
        self.sizes, self.fail_on = [], fail_on
        self.lock = threading.Lock()

    def __call__(self, requests):
        with self.lock:
            self.sizes.append(len(requests))
        if self.fail_on in requests:
            raise ValueError(f"request {self.fail_on} is bad")
        return [r * r for r in requests]


def step(gather, requests, leavers=(), late=()):
    """Monty's pattern: the step's thread enters, one thread per request submits (or leaves), all are joined."""
    results, errors = {}, {}

    def work(i):
        if i in late:
            time.sleep(0.3)
        try:
            if i in leavers:
                gather.leave()
            else:
                results[i] = gather.submit(requests[i])
                gather.leave()  # after a submit: not counted twice
        except ValueError as e:
            errors[i] = str(e)

    gather.begin(len(requests))
    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    gather.end()
    return results, errors


def test_many_threads_get_what_each_request_gives_alone_in_one_batch():
    run = Recorder()
    gather = StepGather(run)
    for _ in range(5):
        results, errors = step(gather, list(range(64)))
        assert errors == {} and results == {i: i * i for i in range(64)}
    assert run.sizes == [64] * 5


def test_threads_that_leave_count_as_arrived():
    run = Recorder()
    results, _ = step(StepGather(run), list(range(20)), leavers={0, 7, 19})
    assert results == {i: i * i for i in range(20) if i not in (0, 7, 19)}
    assert run.sizes == [17]


def test_a_call_from_the_steps_own_thread_or_outside_a_step_runs_alone():
    run = Recorder()
    gather = StepGather(run)
    assert gather.submit(3) == 9  # no step
    gather.begin(10)
    assert gather.submit(4) == 16  # the thread that entered: Monty's threads are off
    gather.end()
    assert run.sizes == [1, 1]


def test_a_thread_that_never_arrives_delays_the_batch_by_the_idle_wait_only():
    run = Recorder()
    gather = StepGather(run, wait=0.1)
    gather.begin(5)  # five expected, four come
    results, errors = {}, {}

    def work(i):
        results[i] = gather.submit(i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert time.monotonic() - start < 2.0
    assert results == {i: i * i for i in range(4)} and run.sizes == [4]
    gather.end()


def test_a_late_thread_forms_a_new_round():
    run = Recorder()
    results, _ = step(StepGather(run, wait=0.05), list(range(6)), late={5})
    assert results == {i: i * i for i in range(6)}
    assert sorted(run.sizes) == [1, 5]


def test_an_error_in_the_batch_reaches_every_thread_of_it():
    run = Recorder(fail_on=3)
    results, errors = step(StepGather(run), list(range(8)))
    assert results == {} and set(errors) == set(range(8))
    assert all("request 3 is bad" in e for e in errors.values())


@pytest.mark.parametrize("expected", [0, 1])
def test_a_step_of_at_most_one_object_never_waits(expected):
    run = Recorder()
    gather = StepGather(run, wait=5.0)
    gather.begin(expected)
    out = []
    t = threading.Thread(target=lambda: out.append(gather.submit(2)))
    start = time.monotonic()
    t.start()
    t.join()
    assert out == [4] and time.monotonic() - start < 1.0
    gather.end()
