# The lmc programs of lmc.monty's drop-ins, each captured once per input signature (lmc.Program) and run again with
# new values written into the same input tensors. Its own file: it is why a long Python episode stays flat in memory
# (lmc's graph nodes are never freed, so a step must not build new ones) and why a step skips scheduling.
"""run(key, build, arrays, device, dtype) -> list of NumPy arrays.

`build(*inputs)` receives one lmc tensor per host array (in the program's dtype, except integer and bool arrays, which
keep theirs) and returns the lazy output tensors. The first call with a key and array signature captures the program;
later calls write the arrays into its inputs and run it. Tensors the builder closes over (object models, grids) are
captured with it, so `key` must name them by content. Callers hold LMC_LOCK: a program's buffers are shared by all
its runs.
"""
import numpy as np

from . import _lmc

_PROGRAMS = {}


class _Captured:
    __slots__ = ("inputs", "program")

    def __init__(self, inputs, program):
        self.inputs, self.program = inputs, program


def _input_dtype(array, dtype):
    return array.dtype if array.dtype == np.bool_ or np.issubdtype(array.dtype, np.integer) else dtype


def run(key, build, arrays, device, dtype):
    arrays = [np.ascontiguousarray(a, dtype=_input_dtype(np.asarray(a), dtype)) for a in arrays]
    signature = (key, device, np.dtype(dtype).name, tuple((a.shape, a.dtype.str) for a in arrays))
    captured = _PROGRAMS.get(signature)
    if captured is None:
        # Copies: from_numpy would share the arrays' memory (some are the caller's), and the inputs are rewritten.
        inputs = [_lmc.Tensor(a, device=device) for a in arrays]
        captured = _PROGRAMS[signature] = _Captured(inputs, _lmc.Program(list(build(*inputs))))
    else:
        for tensor, array in zip(captured.inputs, arrays):
            tensor.write_(array)
    return captured.program.run()


def count():
    """How many programs are held (one per key and input signature)."""
    return len(_PROGRAMS)
