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
    `kernel_seconds` in lmc's kernels. Two clock reads per run; the benchmark splits an LM step with them."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.runs, self.run_seconds, self.kernel_seconds = 0, 0.0, 0.0


run_times = RunTimes()


class Captured:
    __slots__ = ("staging", "inputs", "program", "shared")

    def __init__(self, staging, inputs, program, shared):
        self.staging, self.inputs, self.program, self.shared = staging, inputs, program, shared

    def run(self):
        """The outputs, as fresh NumPy arrays, for the values now in the staging arrays."""
        start = time.perf_counter()
        # Elsewhere than the CPU the staging arrays are written into the inputs by the same call, in one copy stretch.
        outputs = self.program.run() if self.shared else self.program.run(self.staging)
        run_times.runs += 1
        run_times.run_seconds += time.perf_counter() - start
        run_times.kernel_seconds += self.program.last_kernel_seconds
        return outputs


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


def count():
    """How many programs are held (one per key and input signature)."""
    return len(_PROGRAMS)
