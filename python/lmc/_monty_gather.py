# Batching inside one LM step: the evidence updates Monty's object threads ask for are gathered and run as one lmc
# program over all objects. Its own file: the only code that waits on other threads.
"""Monty's EvidenceGraphLM (use_multithreading=True) enters the updater's context, starts one thread per graph id and
joins them. Each thread's evidence request is handed to a StepGather; the thread whose arrival completes the round
(every graph id has either submitted or left) runs the whole batch, the others wait for their share.

When a call comes alone it runs alone: with the threads off (the call comes from the thread that entered the
context), outside a step, or after `wait` seconds without a new arrival (a thread that never arrives must not hang
the step; the rest of the round then forms a new one)."""
import threading
import time


class _Round:
    def __init__(self, expected):
        self.expected, self.arrived = expected, 0
        self.requests = []
        self.taken = self.done = False
        self.results = self.error = None
        self.last = time.monotonic()


class StepGather:
    def __init__(self, run_batch, wait=0.5):
        self._run_batch = run_batch  # list of requests -> list of results, in order
        self._wait = wait
        self._cond = threading.Condition()
        self._owner = None
        self._round = None
        self._local = threading.local()
        self.batches = []  # the sizes of the batches run (telemetry for tests and benchmarks)

    def begin(self, expected):
        """A step starts on this thread; `expected` calls (one per graph id) may come from other threads."""
        with self._cond:
            self._owner = threading.get_ident()
            self._round = _Round(expected) if expected > 1 else None

    def end(self):
        with self._cond:
            self._owner, self._round = None, None

    def submit(self, request):
        """This request's result, computed in one batch with the other threads' requests of the round."""
        with self._cond:
            r = self._current()
            if r is not None:
                self._local.arrived = True
                index = len(r.requests)
                r.requests.append(request)
                lead = self._arrive(r)
        if r is None:
            self.batches.append(1)
            return self._run_batch([request])[0]
        if lead:
            self._lead(r)
        return self._await(r, index)

    def leave(self):
        """A threaded call that submitted nothing (no evidence to update) counts as arrived, or it was counted
        already by its submit."""
        with self._cond:
            if getattr(self._local, "arrived", False):
                self._local.arrived = False
                return
            r = self._current()
            lead = r is not None and self._arrive(r)
        if lead:
            self._lead(r)  # the others' batch; its errors are raised in their threads

    # ------------------------------------------------------------------------------------------ under the lock
    def _current(self):
        if self._round is None or threading.get_ident() == self._owner:
            return None
        return self._round

    def _arrive(self, r):
        # No notify: a waiter wakes at its idle deadline (and re-reads `last`) or when the batch is done; waking 76
        # threads per arrival would hand the GIL around while the leader works.
        r.arrived += 1
        r.last = time.monotonic()
        if r.arrived >= r.expected and not r.taken:
            self._take(r)
            return True
        return False

    def _take(self, r):
        r.taken = True
        if self._round is r:  # later arrivals of this step form a new round
            left = r.expected - r.arrived
            self._round = _Round(left) if left > 0 else None

    # ------------------------------------------------------------------------------------- outside the lock
    def _lead(self, r):
        results, error = None, None
        try:
            if r.requests:
                self.batches.append(len(r.requests))
                results = self._run_batch(r.requests)
        except BaseException as e:  # handed to every thread of the batch
            error = e
        with self._cond:
            r.results, r.error, r.done = results, error, True
            self._cond.notify_all()

    def _await(self, r, index):
        lead = False
        with self._cond:
            while not r.done:
                idle = time.monotonic() - r.last
                if not r.taken and idle >= self._wait:
                    self._take(r)  # someone never came: run what is here
                    lead = True
                    break
                self._cond.wait(max(self._wait - idle, 0.001) if not r.taken else None)
        if lead:
            self._lead(r)
        if r.error is not None:
            raise r.error
        return r.results[index]
