# t[...] for lmc.Tensor: ints, slices (any step), None, Ellipsis and one 1-D integer index (a Tensor or a list),
# translated into lmc's slice, index_select and reshape. Its own file: NumPy's indexing rules live here only.
import operator

from . import _lmc


def _is_int(key):
    if isinstance(key, _lmc.Tensor):
        return False
    try:
        operator.index(key)
        return True
    except TypeError:
        return False


def _host_index(key, n, axis, device):
    """A list or array index, checked and made non-negative on the host (a Tensor index is used as given)."""
    index = _lmc.Tensor(key, device="CPU").numpy()
    if index.dtype.kind in "iu" and index.size:
        bad = index[(index < -n) | (index >= n)]
        if bad.size:
            raise IndexError(f"index {bad[0]} is out of bounds for axis {axis} with size {n}")
        index = index + n * (index < 0)
    return _lmc.Tensor(index, device=device)


def getitem(t, key):
    """NumPy's basic indexing (ints, slices, None, ...) plus one integer index array along one axis."""
    if not isinstance(key, tuple):
        key = (key,)
    if sum(k is Ellipsis for k in key) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    consumed = sum(k is not None and k is not Ellipsis for k in key)
    if consumed > t.ndim:
        raise IndexError(f"too many indices for a tensor of shape {t.shape}: {consumed} given")
    expanded = []
    for k in key:
        if k is Ellipsis:
            expanded.extend([slice(None)] * (t.ndim - consumed))
        else:
            expanded.append(k)
    slices, advanced = [], None
    axis = 0
    for k in expanded:
        if k is None:
            continue
        if isinstance(k, slice):
            slices.append(k)
            axis += 1
        elif _is_int(k):
            i, n = operator.index(k), t.shape[axis]
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
            i = i + n if i < 0 else i
            slices.append(slice(i, i + 1))
            axis += 1
        else:
            index = k if isinstance(k, _lmc.Tensor) else _host_index(k, t.shape[axis], axis, t.device)
            if index.dtype.is_bool:
                raise IndexError("boolean mask indexing is not supported (its shape depends on the data); "
                                 "use lmc.where or topk")
            if index.ndim != 1 or not index.dtype.is_int:
                raise IndexError(f"an index tensor must be 1-D integers, got shape {index.shape} {index.dtype}")
            if advanced is not None:
                raise IndexError("only one index tensor per indexing expression is supported")
            advanced = (axis, index)
            slices.append(slice(None))
            axis += 1
    out = t.slice(slices) if slices else t
    if advanced is not None:
        out = out.index_select(advanced[0], advanced[1])
    # Sliced axes keep their new sizes, int axes vanish, None axes add a 1; trailing axes follow unchanged.
    sizes = iter(out.shape)
    shape = []
    for k in expanded:
        if k is None:
            shape.append(1)
        elif _is_int(k):
            next(sizes)
        else:
            shape.append(next(sizes))
    shape.extend(sizes)
    return out.reshape(tuple(shape)) if tuple(shape) != out.shape else out


def iterate(t):
    """Iteration over the first axis, as NumPy: t[0], t[1], ..."""
    if t.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    for i in range(t.shape[0]):
        yield t[i]
