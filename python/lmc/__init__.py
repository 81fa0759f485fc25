# lmc for Python: lazy tensors compiled to fused kernels (CPU via LLVM, CUDA via NVRTC), the C++ lmc::Tensor API
# with the same names. This file only re-exports the compiled core (_lmc) and adds the module-level spellings.
"""lmc: the learning-module compiler's tensors from Python.

    import numpy as np, lmc
    x = lmc.Tensor.from_numpy(np.random.rand(100, 3))     # on the CPU: no copy, it reads the array
    d = ((x.reshape(100, 1, 3) - x.reshape(1, 100, 3)) ** 2).sum(-1)
    dist, idx = d.topk(5, largest=False)                  # nothing has run yet
    idx.numpy()                                           # runs here; a read-only view of the CPU buffer

Errors from lmc raise lmc.Error (a RuntimeError) with lmc's message; malformed arrays raise ValueError.
"""
from . import _lmc
from ._indexing import getitem as _getitem, iterate as _iterate
from ._lmc import (DType, Error, Program, Step, Tensor, bfloat16, bool_, default_device, device_info, devices, float16,
                   float32, float64, flush_trace, graph_nodes, int8, int16, int32, int64, kernels_launched, promote,
                   uint8, uint16, uint32, uint64, where)

bool = _lmc.bool  # lmc's name for the bool dtype (lmc.bool_ is the same object)

Tensor.__getitem__ = _getitem
Tensor.__iter__ = _iterate
for _cls in (Tensor, DType, Error, Program, Step):
    _cls.__module__ = "lmc"  # lmc.Tensor, not lmc._lmc.Tensor, in reprs, help() and pickles
del _cls

# Module-level spellings of the static Tensor functions, as in NumPy and PyTorch.
from_numpy = Tensor.from_numpy
zeros = Tensor.zeros
empty = Tensor.empty
ones = Tensor.ones
full = Tensor.full
arange = Tensor.arange
eye = Tensor.eye
rand = Tensor.rand
randn = Tensor.randn
cat = Tensor.cat
stack = Tensor.stack
atan2 = Tensor.atan2
realize_all = Tensor.realize_all


def tensor(data, dtype=None, device=None):
    """A tensor from an array, a Tensor or nested lists (the same as lmc.Tensor(data, dtype, device))."""
    return Tensor(data, dtype=dtype, device=device)


__all__ = ["DType", "Error", "Tensor", "Program", "Step", "tensor", "from_numpy", "zeros", "empty", "ones", "full", "arange", "eye",
           "rand", "randn", "cat", "stack", "where", "atan2", "realize_all", "devices", "default_device", "device_info",
           "flush_trace", "kernels_launched", "graph_nodes", "promote", "bool", "bool_", "int8", "int16", "int32",
           "int64", "uint8", "uint16", "uint32", "uint64", "float16", "bfloat16", "float32", "float64"]
