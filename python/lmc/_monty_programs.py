# The lmc programs of lmc.monty's drop-ins, each captured once per input signature (lmc.Program) and run again with
# new values in the same input tensors. Its own file: it is why a long Python episode stays flat in memory (lmc's
# graph nodes are never freed, so a step must not build new ones) and why a step skips scheduling.
"""captured(key, build, specs, device, dtype) -> a Captured program; run(key, build, arrays, device, dtype) -> outputs.

`build(*inputs)` receives one lmc tensor per input and returns the lazy output tensors. Each input has a host staging
array (`Captured.staging`), writable, that callers fill in place: on the CPU the input tensor reads that array itself
(lmc.from_numpy shares its memory), so the values go from Monty's arrays into lmc's input with one copy and no
allocation; on other devices run() writes the staging arrays into the device tensors first. Tensors the builder
closes over (object models, grids) are captured with it, so `key` must name them by content. Callers hold LMC_LOCK:
a program's staging arrays and buffers are shared by all its runs.
"""
import time

import numpy as np

from . import _lmc

_PROGRAMS = {}
_BY_ARGUMENTS = {}  # the same programs, keyed by captured()'s arguments as callers pass them


class RunTimes:
    """Where the drop-ins' program runs spent their time, summed since the last reset() (callers hold LMC_LOCK, so
    plain sums): `run_seconds` inside Captured.run (inputs written, kernels, outputs copied into NumPy), of which
    `kernel_seconds` in lmc's kernels; `run_cpu_seconds` the process's CPU time inside Captured.run (on a shared
    machine CPU time is what other users' load does not inflate). Four clock reads per run; the benchmark splits an
    LM step with them."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.runs, self.run_seconds, self.kernel_seconds, self.run_cpu_seconds = 0, 0.0, 0.0, 0.0


run_times = RunTimes()


class Captured:
    __slots__ = ("staging", "inputs", "program", "shared", "_resident", "kept", "rows_kept")

    def __init__(self, staging, inputs, program, shared):
        self.staging, self.inputs, self.program, self.shared = staging, inputs, program, shared
        self._resident = {}  # input index -> per row of the batch: (the array written there, its shape)
        self.kept = set()  # inputs fill_rows(..., resident=True) left unchanged since the last run (not re-sent)
        self.rows_kept = 0  # rows fill_rows(..., resident=True) found unchanged and did not copy (telemetry)

    def fill_rows(self, index, arrays, fill=0.0, resident=False):
        """staging[index][i] = arrays[i] padded with `fill`, in place. resident: an array that is the very object
        written into row i last time, with the same shape and values equal to what that row holds (compared in
        full, NaN equal to NaN), is not copied again; when no row changed, run() leaves that input as it is on the
        device (no upload). For arrays that rarely change between steps: the drop-ins' hypothesis poses, which
        Monty hands back as the drop-in returned them, and the graph memory's feature arrays. The comparison reads
        the array once (as a copy would) and is exact: an array changed in place is sent again."""
        staging = self.staging[index]
        if not resident:
            fill_rows(staging, arrays, fill)
            self._resident.pop(index, None)
            self.kept.discard(index)
            return
        rows = self._resident.get(index)
        if rows is None or len(rows) != len(arrays):
            rows = self._resident[index] = [None] * len(arrays)
        changed = False
        for i, a in enumerate(arrays):
            last = rows[i]
            n = len(a)
            if last is not None and last[0] is a and last[1] == a.shape and _same_values(staging[i, :n], a):
                self.rows_kept += 1
                continue
            staging[i, :n] = a
            staging[i, n:] = fill
            rows[i] = (a, a.shape)
            changed = True
        if changed:
            self.kept.discard(index)
        else:
            self.kept.add(index)

    def run(self):
        """The outputs, as fresh NumPy arrays, for the values now in the staging arrays."""
        start, cpu = time.perf_counter(), time.process_time()
        # Elsewhere than the CPU the staging arrays are written into the inputs by the same call, in one copy
        # stretch; inputs fill_rows found unchanged stay on the device as they are.
        if self.shared:
            outputs = self.program.run()
        elif self.kept:
            outputs = self.program.run([None if i in self.kept else s for i, s in enumerate(self.staging)])
        else:
            outputs = self.program.run(self.staging)
        self.kept = set()
        run_times.runs += 1
        run_times.run_seconds += time.perf_counter() - start
        run_times.run_cpu_seconds += time.process_time() - cpu
        run_times.kernel_seconds += self.program.last_kernel_seconds
        return outputs


def _same_values(row, a):
    """Whether the staged row already holds a's values (as the copy would write them; NaN equal to NaN: a stored
    feature a node lacks). Exact: promotion compares a float64 array with a float32 row at full precision, so a
    value the row could not hold counts as changed."""
    if np.array_equal(row, a):
        return True
    return row.dtype.kind == "f" and np.array_equal(row, a, equal_nan=True)


def captured(key, build, specs, device, dtype):
    """The program `key` for inputs of these (shape, dtype) specs (dtype None: the program's dtype)."""
    # Found by the arguments as given first: every object of every step asks, and normalizing the specs' dtypes
    # costs more than the program lookup itself.
    given = (key, device, dtype, tuple((tuple(shape), d) for shape, d in specs))
    c = _BY_ARGUMENTS.get(given)
    if c is None:
        c = _BY_ARGUMENTS[given] = _captured(key, build, specs, device, dtype)
    return c


def _captured(key, build, specs, device, dtype):
    specs = tuple((tuple(shape), np.dtype(dtype if d is None else d)) for shape, d in specs)
    signature = (key, device, np.dtype(dtype).name, tuple((s, d.str) for s, d in specs))
    c = _PROGRAMS.get(signature)
    if c is None:
        staging = [np.zeros(shape, dtype=d) for shape, d in specs]
        inputs = [_lmc.Tensor.from_numpy(a, device=device) for a in staging]
        shared = all(np.shares_memory(t.numpy(), a) for t, a in zip(inputs, staging))
        c = _PROGRAMS[signature] = Captured(staging, inputs, _lmc.Program(list(build(*inputs)), inputs), shared)
    return c


def run(key, build, arrays, device, dtype):
    """The program `key` run on these host arrays (copied into its staging arrays): a list of NumPy arrays. Float
    arrays take the program's dtype; integer and bool arrays keep theirs."""
    arrays = [np.asarray(a) for a in arrays]
    specs = [(a.shape, a.dtype if a.dtype == np.bool_ or np.issubdtype(a.dtype, np.integer) else None)
             for a in arrays]
    c = captured(key, build, specs, device, dtype)
    for staging, a in zip(c.staging, arrays):
        staging[...] = a
    return c.run()


def fill_rows(staging, arrays, fill=0.0):
    """staging[i] = arrays[i] padded with `fill` to staging's rows, in place."""
    for i, a in enumerate(arrays):
        n = len(a)
        staging[i, :n] = a
        staging[i, n:] = fill


def rows_kept():
    """Rows of resident inputs all programs found unchanged and did not copy again (telemetry for tests)."""
    return sum(c.rows_kept for c in _PROGRAMS.values())


def count():
    """How many programs are held (one per key and input signature)."""
    return len(_PROGRAMS)
