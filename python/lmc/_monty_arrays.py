# Host arrays at the door of lmc.monty's drop-in classes: checked (a ValueError naming the array and its shape),
# converted to the working dtype and put on the device. Its own file: every drop-in file takes its inputs through it.
import threading

import numpy as np

from . import _lmc

# lmc's lazy graphs and compiled-kernel caches are driven from one Python thread at a time: Monty runs one thread per
# object, and every drop-in's lmc work holds this lock (the GIL is released inside lmc, so the lock is what orders it).
LMC_LOCK = threading.RLock()

_DTYPES = {"float64": np.float64, "float32": np.float32}


def resolve_dtype(dtype):
    """'float64' or 'float32' (or the NumPy / lmc spelling of either) as a NumPy dtype; anything else: ValueError."""
    name = getattr(dtype, "name", None) or (np.dtype(dtype).name if isinstance(dtype, type) else str(dtype))
    name = name.replace("lmc.", "")
    if name not in _DTYPES:
        raise ValueError(f"dtype = {dtype!r} (expected 'float64' or 'float32')")
    return np.dtype(_DTYPES[name])


def checked_array(value, name, ndim=None, shape=None, dtype=np.float64):
    """`value` as a C-contiguous array of `dtype`. shape: a tuple with None for any size. Raises ValueError naming
    `name` for a non-numeric array or a wrong rank or shape."""
    if type(value) is np.ndarray and value.dtype == dtype and value.flags.c_contiguous:
        a = value  # Monty's own arrays, every object of every step: nothing to convert or check but the shape
    else:
        a = _converted(value, name, dtype)
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} has shape {a.shape}, expected {ndim} dimensions")
    if shape is not None and (a.ndim != len(shape) or any(s is not None and s != n for s, n in zip(shape, a.shape))):
        want = "(" + ", ".join("N" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
        raise ValueError(f"{name} has shape {a.shape}, expected {want}")
    return a


def _converted(value, name, dtype):
    given = getattr(value, "shape", None)
    try:
        a = np.asarray(value)
        if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == np.bool_) or np.iscomplexobj(a):
            raise TypeError(f"elements of dtype {a.dtype}")
        return np.ascontiguousarray(a, dtype=dtype)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name}{' of shape ' + str(tuple(given)) if given is not None else ''} is not a real "
                         f"numeric array ({e})") from None


def host_tensor(array, device, dtype):
    """A NumPy array as an lmc tensor of `dtype` (a NumPy dtype) on `device` (None: the default device)."""
    return _lmc.Tensor.from_numpy(np.ascontiguousarray(array, dtype=dtype), device=device)


def padded_rows(rows):
    """The row count a varying-size array is padded to, so that lmc's kernels (specialized on shapes) are reused
    from step to step and across graphs: a power of two from 64 to 4096 (where compiling a kernel costs more than
    running it on padding), then 8 sizes per doubling (at most 1/8 of the rows are padding)."""
    if rows <= 4096:
        return max(64, 1 << (rows - 1).bit_length())
    step = 1 << (rows.bit_length() - 4)
    return -(-rows // step) * step


def pad_rows(array, rows, fill=0.0):
    """`array` with rows appended (filled with `fill`) up to `rows` rows."""
    array = np.asarray(array)
    if array.shape[0] == rows:
        return array
    padding = np.full((rows - array.shape[0],) + array.shape[1:], fill, dtype=array.dtype)
    return np.concatenate([array, padding])

