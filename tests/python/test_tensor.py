# The Python binding's test suite: lmc.Tensor from Python against NumPy float64 references on seeded random inputs,
# for every op family, plus the binding's own promises (zero copy, errors, GIL, LMC_VIZ). Run by ctest (label unit).
import gc
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

try:
    import lmc
except ImportError as e:  # pragma: no cover - a message for whoever runs pytest by hand
    raise ImportError(f"{e}: build lmc, then run with PYTHONPATH=<build>/python") from e

DEVICES = lmc.devices()  # ['CPU'], plus 'CUDA' where a GPU is present: the value tests run on both


def rng(seed):
    return np.random.default_rng(seed)


def randf(seed, *shape, lo=-2.0, hi=2.0, dtype=np.float32):
    return rng(seed).uniform(lo, hi, size=shape).astype(dtype)


def check(t, ref, rtol=2e-5, atol=2e-6):
    """t's values against a float64 reference computed from the same inputs."""
    assert isinstance(t, lmc.Tensor), type(t)
    got = t.numpy()
    ref = np.asarray(ref)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    np.testing.assert_allclose(got.astype(np.float64), ref.astype(np.float64), rtol=rtol, atol=atol)


def f64(a):
    return np.asarray(a, dtype=np.float64)


# ---------------------------------------------------------------------------------------------------------- module


def test_devices_list_the_cpu():
    assert "CPU" in lmc.devices()
    assert lmc.default_device() in lmc.devices()
    info = lmc.device_info()
    assert info["CPU"]["available"] and info["CPU"]["cores"] >= 1 and info["CPU"]["llvm"].startswith("16")
    assert info["CUDA"]["available"] == ("CUDA" in lmc.devices())
    if not info["CUDA"]["available"]:
        assert info["CUDA"]["why"]


def test_dtypes_carry_lmc_names():
    names = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "bfloat16",
             "float32", "float64"]
    for name in names:
        d = getattr(lmc, name)
        assert isinstance(d, lmc.DType) and d.name == name and d == name and str(d) == name
        assert repr(d) == f"lmc.{name}"
    assert lmc.bool_ == lmc.bool and lmc.float32 != lmc.float64
    assert lmc.float64.itemsize == 8 and lmc.float32.is_float and lmc.int32.is_int and lmc.bool.is_bool
    assert len({lmc.float32, lmc.float32, lmc.int32}) == 2
    assert lmc.promote(lmc.int32, lmc.float32) == lmc.float32
    assert lmc.promote(lmc.uint8, lmc.int8) == lmc.int16


def test_dtype_arguments_accept_lmc_names_and_numpy():
    for spec in (lmc.float64, "float64", np.float64, np.dtype("float64"), float):
        assert lmc.zeros(3, dtype=spec).dtype == lmc.float64
    assert lmc.zeros(3, dtype=np.int16).dtype == lmc.int16
    assert lmc.zeros(3, dtype=bool).dtype == lmc.bool


# ---------------------------------------------------------------------------------------------------------- creation


@pytest.mark.parametrize("device", DEVICES)
def test_constant_creation(device):
    check(lmc.zeros((3, 5), device=device), np.zeros((3, 5)))
    check(lmc.ones(7, device=device), np.ones(7))
    check(lmc.full((2, 3), 2.5, device=device), np.full((2, 3), 2.5))
    assert lmc.full((2,), 7, dtype=lmc.int64, device=device).numpy().tolist() == [7, 7]
    check(lmc.eye(5, device=device), np.eye(5))
    assert lmc.zeros((3, 5), device=device).device == device
    assert lmc.zeros((), device=device).shape == ()
    assert lmc.zeros((0, 4), device=device).numpy().shape == (0, 4)


def test_zero_size_tensors_read_and_realize_without_kernels():
    # lmc's CPU kernel for zeros((0, 64)) writes past its buffer; the binding never realizes an empty tensor.
    for shape in ((0, 64), (3, 0, 2), (0,)):
        t = lmc.zeros(shape, device="CPU") + 1.0
        assert t.realize() is t and t.numpy().shape == shape and t.data_ptr() == 0
        assert "shape=" in repr(t) and t.tolist() == np.zeros(shape).tolist()
    lmc.realize_all([lmc.zeros((0, 64)), lmc.ones(3)])
    assert lmc.from_numpy(randf(1, 4, 5, 7))[4:1].numpy().shape == (0, 5, 7)


def test_arange_forms():
    assert lmc.arange(5).numpy().tolist() == [0, 1, 2, 3, 4]
    assert lmc.arange(5).dtype == lmc.int32
    assert lmc.arange(2, 11, 3).numpy().tolist() == [2, 5, 8]
    assert lmc.arange(5, -4, -2).numpy().tolist() == list(range(5, -4, -2))
    check(lmc.arange(7, dtype=lmc.float64), np.arange(7.0))
    assert lmc.arange(0).shape == (0,)


def test_random_is_seeded_and_shaped():
    a = lmc.rand((1000, 3), seed=7).numpy()
    assert a.shape == (1000, 3) and a.dtype == np.float32
    assert a.min() >= 0.0 and a.max() < 1.0 and abs(a.mean() - 0.5) < 0.03
    assert np.array_equal(a, lmc.rand((1000, 3), seed=7).numpy())
    assert not np.array_equal(a, lmc.rand((1000, 3), seed=8).numpy())
    n = lmc.randn(20000, seed=3, dtype=lmc.float64).numpy()
    assert n.dtype == np.float64 and abs(n.mean()) < 0.03 and abs(n.std() - 1.0) < 0.03


def test_tensor_from_python_lists():
    t = lmc.Tensor([[1, 2, 3], [4, 5, 6]])
    assert t.dtype == lmc.int32 and t.shape == (2, 3) and t.numpy().tolist() == [[1, 2, 3], [4, 5, 6]]
    assert lmc.tensor([1.5, 2]).dtype == lmc.float32
    assert lmc.tensor([True, False]).dtype == lmc.bool
    assert lmc.tensor([2**40, 1]).dtype == lmc.int64 and lmc.tensor([2**40]).item() == 2**40
    assert lmc.tensor(3.0).shape == () and lmc.tensor(3.0).item() == 3.0
    assert lmc.tensor([]).shape == (0,) and lmc.tensor([]).dtype == lmc.float32
    assert lmc.tensor([1, 2], dtype=lmc.float64).dtype == lmc.float64
    assert lmc.tensor(((1, 2), (3, 4))).shape == (2, 2)
    assert lmc.tensor([np.float32(1.5), np.int64(2)]).numpy().tolist() == [1.5, 2.0]


def test_tensor_from_ragged_or_odd_lists_raises():
    with pytest.raises(ValueError, match="ragged"):
        lmc.tensor([[1, 2], [3]])
    with pytest.raises(ValueError, match="ragged"):
        lmc.tensor([[1, 2], 3])
    with pytest.raises(TypeError, match="not a number"):
        lmc.tensor([1, "two"])
    with pytest.raises(TypeError, match="stack"):
        lmc.tensor([lmc.ones(2), lmc.ones(2)])
    with pytest.raises(ValueError, match="int64"):
        lmc.tensor([2**70])


# ---------------------------------------------------------------------------------------------------------- arrays in and out


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
                                   np.uint64, np.float16, np.float32, np.float64])
def test_numpy_round_trip_every_dtype(dtype):
    a = (rng(1).uniform(0, 100, size=(3, 5)) > 50) if dtype is np.bool_ else rng(1).uniform(0, 100, size=(3, 5))
    a = a.astype(dtype)
    t = lmc.from_numpy(a)
    assert t.dtype == np.dtype(dtype).name and t.shape == (3, 5)
    b = t.numpy()
    assert b.dtype == a.dtype and np.array_equal(a, b)


@pytest.mark.parametrize("device", DEVICES)
def test_from_numpy_strided_views_are_compacted(device):
    a = randf(2, 6, 9, dtype=np.float64)
    for view in (a.T, a[::2, 1::3], a[::-1, ::-2], np.asfortranarray(a), np.broadcast_to(a[:1], (4, 9)), a[3]):
        t = lmc.from_numpy(view, device=device)
        assert t.shape == view.shape
        assert np.array_equal(t.numpy(), view)
    assert np.array_equal(lmc.from_numpy(np.float64(2.5)).numpy(), np.array(2.5))
    assert lmc.from_numpy(np.zeros((0, 3))).shape == (0, 3)


def test_any_buffer_exporter_is_accepted():
    m = memoryview(np.arange(6, dtype=np.int16).reshape(2, 3))
    assert lmc.from_numpy(m).numpy().tolist() == [[0, 1, 2], [3, 4, 5]]
    assert lmc.from_numpy(bytearray(b"\x01\x02")).numpy().tolist() == [1, 2]


def test_malformed_arrays_raise_value_error_naming_the_array():
    with pytest.raises(ValueError, match=r"'locations' of shape \(3, 4\).*'Zd'"):
        lmc.from_numpy(np.zeros((3, 4), dtype=np.complex128), name="'locations'")
    with pytest.raises(ValueError, match=r"the array of shape \(5,\)"):
        lmc.from_numpy(np.zeros(5, dtype=">f8"))  # not the native byte order
    with pytest.raises(ValueError, match=r"of shape \(2,\)"):
        lmc.from_numpy(np.zeros(2, dtype=[("x", "f4"), ("y", "i4")]))
    with pytest.raises(ValueError, match="no lmc dtype"):
        lmc.Tensor(np.zeros(2, dtype=np.longdouble))
    with pytest.raises(ValueError, match="format 'O'"):
        lmc.from_numpy(np.array([object()]))


def test_numpy_of_a_cpu_tensor_is_a_zero_copy_read_only_view():
    t = (lmc.from_numpy(randf(3, 50, 7), device="CPU") * 2.0).realize()
    a, b = t.numpy(), t.numpy()
    assert np.shares_memory(a, b)
    assert a.ctypes.data == t.data_ptr()
    assert not a.flags.writeable
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
    assert np.array_equal(np.asarray(t), a) and np.shares_memory(np.asarray(t), a)
    assert np.array_equal(np.array(t), a) and not np.shares_memory(np.array(t, copy=True), a)
    assert memoryview(a).readonly
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
    assert np.shares_memory(lmc.Tensor(t, device="cpu").numpy(), a)  # already there: the same tensor
    assert lmc.Tensor(t, dtype=lmc.float64).dtype == lmc.float64


def test_numpy_keeps_the_buffer_alive_after_the_tensor_is_gone():
    src = randf(4, 1000)
    t = lmc.from_numpy(src) + 1.0
    a = t.numpy()
    del t
    gc.collect()
    _ = [lmc.from_numpy(randf(5, 1000)).realize() for _ in range(4)]  # reuse freed memory, if any was freed
    np.testing.assert_allclose(a, src + 1.0, rtol=1e-6)


def test_from_numpy_on_the_cpu_reads_the_array_itself():
    src = randf(6, 64)
    t = lmc.from_numpy(src, device="CPU")
    assert np.shares_memory(t.numpy(), src) and t.data_ptr() == src.ctypes.data
    np.testing.assert_allclose((t * 2.0 + 1.0).numpy(), src * 2.0 + 1.0, rtol=1e-6)
    keep = src.copy()
    del src
    gc.collect()
    _ = [lmc.from_numpy(randf(7, 64)).realize() for _ in range(4)]  # reuse freed memory, if the array was freed
    np.testing.assert_array_equal(t.numpy(), keep)  # the tensor keeps the array alive


def test_arrays_a_cpu_tensor_cannot_read_in_place_are_copied_once():
    src = randf(8, 6, 64)
    frozen = src.copy()
    frozen.flags.writeable = False  # a buffer may be written (Tensor.write_): a read-only array is copied
    for array in (src[:, ::2], frozen, src.astype(">f4")[:0]):
        t = lmc.from_numpy(array, device="CPU") if array.size else None
        if t is not None:
            assert not np.shares_memory(t.numpy(), src) and np.array_equal(t.numpy(), array)
    copied = lmc.Tensor(src, device="CPU")  # the constructor always copies, as torch.tensor does
    keep = src.copy()
    src[:] = 0.0
    assert np.array_equal(copied.numpy(), keep)


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="resident memory is read from /proc")
def test_a_512_mb_input_adds_no_resident_memory():
    def resident():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    big = np.ones(1 << 26)  # 512 MB of float64, every page touched
    before = resident()
    t = lmc.from_numpy(big, device="CPU")
    assert np.shares_memory(t.numpy(), big)
    assert t.sum().item() == float(1 << 26)
    assert resident() - before < 32 << 20


@pytest.mark.parametrize("shared", [True, False], ids=["from_numpy", "copied"])
def test_write_replaces_the_values_a_program_reads(shared):
    x = (lmc.from_numpy if shared else lmc.Tensor)(np.zeros((4, 3)), device="CPU")
    program = lmc.Program([(x * 2.0).sum(1), x.max()])
    program.run()  # the first run compiles the kernels (lowering makes nodes)
    nodes = lmc.graph_nodes()
    for seed in range(3):
        values = randf(seed, 4, 3, dtype=np.float64)
        x.write_(values)
        total, largest = program.run()
        np.testing.assert_allclose(total, (values * 2.0).sum(1), rtol=1e-12)
        assert largest == values.max() and total.flags.writeable
    assert lmc.graph_nodes() == nodes  # running again made no graph
    np.testing.assert_allclose((x + 1.0).numpy(), values + 1.0)  # a new expression sees the last write
    with pytest.raises(ValueError, match="does not match"):
        x.write_(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="does not match"):
        x.write_(np.zeros((4, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="lazy expression"):
        (x + 1.0).write_(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="does not match"):
        x.write_(np.zeros((0, 3)))  # empty
    with pytest.raises(ValueError, match="does not match"):
        x.write_(np.broadcast_to(np.zeros(1), (4, 3 * 10**7)))  # huge (a view: no memory behind it)
    with pytest.raises((TypeError, ValueError)):
        x.write_("not an array")
    np.testing.assert_allclose(program.run()[0], (values * 2.0).sum(1), rtol=1e-12)  # refusals changed nothing


def test_program_run_writes_its_inputs_in_one_call():
    x, y = lmc.Tensor(np.zeros((4, 3)), device="CPU"), lmc.Tensor(np.zeros(3, dtype=np.float32), device="CPU")
    program = lmc.Program([x * y.cast(lmc.float64) + 1.0, y.sum()], [x, y])
    for seed in range(3):
        a, b = randf(seed, 4, 3, dtype=np.float64), randf(seed + 9, 3, dtype=np.float32)
        scaled, total = program.run([a, b])
        np.testing.assert_allclose(scaled, a * b.astype(np.float64) + 1.0, rtol=1e-15)
        assert total == pytest.approx(float(b.astype(np.float64).sum()), rel=1e-6) and scaled.flags.writeable
        np.testing.assert_allclose(program.run()[0], scaled, rtol=0)  # without arrays: the values last written
    with pytest.raises(ValueError, match="1 arrays for 2 inputs"):
        program.run([a])
    with pytest.raises(ValueError, match="0 arrays for 2 inputs"):  # empty
        program.run([])
    with pytest.raises(ValueError):  # huge: a view of 3e8 values where (4, 3) is expected
        program.run([np.broadcast_to(np.zeros(1), (4, 3 * 10**8)), b])
    with pytest.raises(ValueError, match="does not match"):  # the second array is wrong: neither is written
        program.run([np.ones((4, 3)), np.ones(3)])
    np.testing.assert_allclose(program.run()[0], scaled, rtol=0)
    with pytest.raises(ValueError, match="holds no buffer"):
        lmc.Program([x + 1.0], [x + 2.0])


def test_program_refuses_what_it_cannot_run():
    with pytest.raises((TypeError, ValueError)):
        lmc.Program([np.zeros(3)])
    with pytest.raises(ValueError, match="no output tensors"):
        lmc.Program([])


def test_graphs_are_lazy_until_read():
    x = lmc.from_numpy(randf(7, 33, 17))
    before = lmc.kernels_launched()
    y = ((x * 3.0 + 1.0).exp() - x).sum(axis=1)
    assert lmc.kernels_launched() == before  # building runs nothing
    y.numpy()
    assert lmc.kernels_launched() > before
    after = lmc.kernels_launched()
    y.numpy()
    assert lmc.kernels_launched() == after  # realized once
    assert y.realize() is y


def test_scalar_conversions():
    t = lmc.tensor([[3.5]])
    assert t.item() == 3.5 and float(t) == 3.5 and int(lmc.tensor([7])) == 7
    assert [10, 20, 30][lmc.tensor(1)] == 20
    assert bool(lmc.tensor([1.0])) and not bool(lmc.tensor(0))
    with pytest.raises(ValueError, match="3 elements"):
        lmc.tensor([1, 2, 3]).item()
    with pytest.raises(TypeError, match="integer"):
        [1, 2][lmc.tensor(1.0)]
    assert lmc.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert len(lmc.zeros((4, 2))) == 4
    with pytest.raises(TypeError):
        len(lmc.tensor(1.0))
    r = repr(lmc.tensor([1.0, 2.0]))
    assert "shape=(2,)" in r and "float32" in r and lmc.default_device() in r


# ---------------------------------------------------------------------------------------------------------- elementwise


UNARY = {
    "exp": (np.exp, -3, 3), "log": (np.log, 0.01, 5), "exp2": (np.exp2, -3, 3), "log2": (np.log2, 0.01, 5),
    "sqrt": (np.sqrt, 0, 5), "rsqrt": (lambda x: 1 / np.sqrt(x), 0.05, 5), "sin": (np.sin, -6, 6),
    "cos": (np.cos, -6, 6), "tan": (np.tan, -1.2, 1.2), "abs": (np.abs, -3, 3), "sign": (np.sign, -3, 3),
    "relu": (lambda x: np.maximum(x, 0), -3, 3), "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), -6, 6),
    "tanh": (np.tanh, -4, 4), "acos": (np.arccos, -0.99, 0.99), "asin": (np.arcsin, -0.99, 0.99),
    "atan": (np.arctan, -5, 5), "floor": (np.floor, -5, 5), "ceil": (np.ceil, -5, 5), "round": (np.round, -5, 5),
    "reciprocal": (lambda x: 1 / x, 0.1, 5),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_against_numpy(name):
    ref, lo, hi = UNARY[name]
    a = randf(hash(name) % 1000, 37, 5, lo=lo, hi=hi)
    check(getattr(lmc.from_numpy(a), name)(), ref(f64(a)), rtol=1e-5, atol=3e-6)
    a64 = a.astype(np.float64)
    check(getattr(lmc.from_numpy(a64), name)(), ref(a64), rtol=1e-12, atol=1e-12)


def test_round_is_half_to_even_and_neg_abs_operators():
    a = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.4999], dtype=np.float32)
    check(lmc.from_numpy(a).round(), np.round(f64(a)))
    check(-lmc.from_numpy(a), -f64(a))
    check(abs(lmc.from_numpy(a)), np.abs(f64(a)))
    check(+lmc.from_numpy(a), f64(a))


@pytest.mark.parametrize("device", DEVICES)
def test_binary_ops_broadcast_like_numpy(device):
    a, b = randf(10, 5, 1, 7), randf(11, 3, 7, lo=0.5, hi=2.0)
    ta, tb = lmc.from_numpy(a, device=device), lmc.from_numpy(b, device=device)
    A, B = f64(a), f64(b)
    check(ta + tb, A + B)
    check(ta - tb, A - B)
    check(ta * tb, A * B)
    check(ta / tb, A / B)
    check(ta.maximum(tb), np.maximum(A, B))
    check(ta.minimum(tb), np.minimum(A, B))
    check(tb ** ta, B ** A, rtol=1e-5)
    for op in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"):
        got = getattr(ta, op)(tb)
        assert got.dtype == lmc.bool
        assert np.array_equal(got.numpy(), getattr(A, op)(B)), op


def test_python_numbers_on_either_side():
    a = randf(12, 4, 6, lo=0.5, hi=3.0)
    t, A = lmc.from_numpy(a), f64(a)
    check(t + 2, A + 2)
    check(2 + t, 2 + A)
    check(t - 1.5, A - 1.5)
    check(1.5 - t, 1.5 - A)
    check(t * -3, A * -3)
    check(-3 * t, -3 * A)
    check(t / 4, A / 4)
    check(4 / t, 4 / A)
    check(t ** 2, A ** 2)
    check(t ** 0.5, A ** 0.5)
    check(t ** 3, A ** 3, rtol=1e-5)
    check(2 ** t, 2 ** A, rtol=1e-5)
    check(t ** lmc.full((), 2.0), A ** 2)
    assert np.array_equal((t > 1).numpy(), A > 1) and np.array_equal((1 < t).numpy(), 1 < A)
    assert np.array_equal((t == t).numpy(), np.ones_like(A, bool))
    check(t + np.float32(1.5), A + 1.5)
    check(t + np.int64(2), A + 2)
    assert (t + 1).dtype == lmc.float32


def test_numpy_arrays_on_either_side_make_tensors():
    a, b = randf(13, 3, 4), randf(14, 4)
    t = lmc.from_numpy(a)
    for got, ref in ((t + b, f64(a) + f64(b)), (b + t, f64(b) + f64(a)), (b * t, f64(b) * f64(a)),
                     (t - b, f64(a) - f64(b)), (b - t, f64(b) - f64(a)), (b / t, f64(b) / f64(a))):
        assert isinstance(got, lmc.Tensor)
        check(got, ref, rtol=1e-5)


def test_integer_and_bool_arithmetic_follow_lmc_promotion():
    i = lmc.tensor([1, 2, 3, 4])
    assert (i + 1).dtype == lmc.int32 and (i + 1).numpy().tolist() == [2, 3, 4, 5]
    assert (i + 0.5).dtype == lmc.float32
    assert (i / 2).dtype == lmc.float32 and (i / 2).numpy().tolist() == [0.5, 1.0, 1.5, 2.0]
    assert (i * i).numpy().tolist() == [1, 4, 9, 16]
    assert (i + lmc.tensor([1.0])).dtype == lmc.float32
    assert (i.cast(lmc.int64) + i).dtype == lmc.int64
    m, n = lmc.tensor([True, False, True]), lmc.tensor([True, True, False])
    assert (m & n).numpy().tolist() == [True, False, False]
    assert (m | n).numpy().tolist() == [True, True, True]
    assert (~m).numpy().tolist() == [False, True, False]
    assert m.logical_and(n).numpy().tolist() == [True, False, False]
    assert i.logical_not().numpy().tolist() == [False] * 4
    with pytest.raises(TypeError, match="bool"):
        _ = i & i
    with pytest.raises(TypeError, match="bool"):
        _ = ~i
    with pytest.raises(lmc.Error, match="bool"):
        _ = -m


def test_where_clip_atan2_and_casts():
    a, b = randf(15, 6, 5), randf(16, 5)
    ta, tb = lmc.from_numpy(a), lmc.from_numpy(b)
    A, B = f64(a), f64(b)
    check(lmc.where(ta > 0, ta, tb), np.where(A > 0, A, B))
    check(lmc.where(ta > 0, ta, 0.0), np.where(A > 0, A, 0.0))
    check(lmc.where(ta > 0, -1.0, tb), np.where(A > 0, -1.0, B))
    assert lmc.where(ta > 0, 1, 0).dtype == lmc.int32
    assert lmc.where(ta > 0, True, False).dtype == lmc.bool
    check(lmc.where(ta > 0, 1.5, 0), np.where(A > 0, 1.5, 0))
    check(lmc.where(ta > 0, b, ta), np.where(A > 0, B, A))
    check(ta.clip(-0.5, 0.75), np.clip(A, -0.5, 0.75))
    check(lmc.atan2(ta, tb), np.arctan2(A, B), rtol=1e-5, atol=1e-6)
    assert ta.cast(lmc.int32).numpy().tolist() == A.astype(np.int32).tolist()  # truncation toward zero
    assert ta.cast("float64").dtype == lmc.float64
    assert ta.cast(np.int16).dtype == lmc.int16
    assert (ta > 0).cast(lmc.float32).numpy().tolist() == (A > 0).astype(np.float32).tolist()
    assert ta.cast(lmc.float16).numpy().dtype == np.float16


# ---------------------------------------------------------------------------------------------------------- reductions


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", ["sum", "max", "min", "mean", "prod"])
def test_reductions_over_axes(device, name):
    a = randf(20, 3, 5, 7, lo=0.5, hi=1.5)
    t, A = lmc.from_numpy(a, device=device), f64(a)
    ref = getattr(np, name)
    check(getattr(t, name)(), ref(A), rtol=1e-5)
    for axis in (0, 1, -1, (0, 2), (2, 0, 1)):
        check(getattr(t, name)(axis=axis), ref(A, axis=axis), rtol=1e-5)
        check(getattr(t, name)(axis, keepdim=True), ref(A, axis=axis, keepdims=True), rtol=1e-5)


def test_any_all_var_std_norm():
    a = randf(21, 6, 9)
    t, A = lmc.from_numpy(a), f64(a)
    m = t > 1.0
    assert m.any().item() == bool((A > 1.0).any()) and m.all().item() == bool((A > 1.0).all())
    assert np.array_equal(m.any(axis=1).numpy(), (A > 1.0).any(axis=1))
    assert np.array_equal(m.all(axis=0, keepdim=True).numpy(), (A > 1.0).all(axis=0, keepdims=True))
    check(t.var(), A.var(ddof=1), rtol=1e-5)
    check(t.var(axis=1, correction=0), A.var(axis=1), rtol=1e-5)
    check(t.std(axis=0, keepdim=True), A.std(axis=0, ddof=1, keepdims=True), rtol=1e-5)
    check(t.norm(axis=-1), np.linalg.norm(A, axis=-1), rtol=1e-5)
    assert lmc.tensor([True, True, False]).sum().item() == 2


def test_argmax_argmin_with_and_without_axis():
    a = randf(22, 7, 11)
    t = lmc.from_numpy(a)
    assert np.array_equal(t.argmax(axis=1).numpy(), a.argmax(axis=1))
    assert np.array_equal(t.argmin(axis=0).numpy(), a.argmin(axis=0))
    assert np.array_equal(t.argmax(1, keepdim=True).numpy(), a.argmax(axis=1)[:, None])
    assert t.argmax().item() == a.argmax() and t.argmin().item() == a.argmin()
    assert t.argmax(keepdim=True).shape == (1, 1)
    assert lmc.tensor([3, 7, 7, 1]).argmax().item() == 1  # the first on ties


def test_reductions_of_strided_transposed_and_padded_inputs():
    a = randf(23, 9, 13)
    t, A = lmc.from_numpy(a), f64(a)
    check(t.T.sum(axis=1), A.T.sum(axis=1), rtol=1e-5)
    check(t[::2, ::-3].max(axis=0), A[::2, ::-3].max(axis=0))
    check(t.pad(((1, 2), (3, 0)), value=-1.0).sum(axis=0), np.pad(A, ((1, 2), (3, 0)), constant_values=-1).sum(0),
          rtol=1e-5)
    check(t.flip(0).permute(1, 0).mean(axis=1), A[::-1].T.mean(axis=1), rtol=1e-5)
    check(lmc.from_numpy(a.T).sum(axis=0), A.T.sum(axis=0), rtol=1e-5)


def test_reduction_axis_errors():
    t = lmc.zeros((2, 3))
    with pytest.raises(lmc.Error, match=r"axis 5 out of range for shape \(2, 3\)"):
        t.sum(axis=5)
    with pytest.raises(ValueError, match="empty axis"):
        t.sum(axis=())
    with pytest.raises(TypeError):
        t.sum(axis="x")


# ---------------------------------------------------------------------------------------------------------- movement


def test_movement_ops_against_numpy():
    a = randf(30, 2, 3, 5)
    t, A = lmc.from_numpy(a), f64(a)
    check(t.reshape(6, 5), A.reshape(6, 5))
    check(t.reshape((5, -1)), A.reshape(5, -1))
    check(t.view(-1), A.reshape(-1))
    check(t.permute(2, 0, 1), A.transpose(2, 0, 1))
    check(t.permute((1, 2, 0)), A.transpose(1, 2, 0))
    check(t.transpose(), np.swapaxes(A, -2, -1))
    check(t.transpose(0, 2), np.swapaxes(A, 0, 2))
    check(t.T, A.T)
    check(t[:, :1].expand(2, 4, 5), np.broadcast_to(A[:, :1], (2, 4, 5)))
    check(t[:, :1].expand(-1, 4, -1), np.broadcast_to(A[:, :1], (2, 4, 5)))
    check(t.pad(((0, 1), (2, 0), (1, 1))), np.pad(A, ((0, 1), (2, 0), (1, 1))))
    check(t.shrink(((0, 1), (1, 3), (2, 5))), A[0:1, 1:3, 2:5])
    check(t.flip(1), A[:, ::-1])
    check(t.flip((0, 2)), A[::-1, :, ::-1])
    check(t[:1].squeeze(0), A[0])
    check(t.reshape(1, 6, 1, 5).squeeze(), A.reshape(6, 5))
    check(t.unsqueeze(1), A[:, None])
    check(t.unsqueeze(-1), A[..., None])
    check(t.flatten(), A.reshape(-1))
    check(t.flatten(1), A.reshape(2, 15))
    check(t.contiguous(), A)


def test_cat_and_stack():
    a, b, c = randf(31, 2, 3), randf(32, 4, 3), randf(33, 2, 3)
    check(lmc.cat([lmc.from_numpy(a), lmc.from_numpy(b)]), np.concatenate([a, b]))
    check(lmc.cat([lmc.from_numpy(a), lmc.from_numpy(c)], dim=1), np.concatenate([a, c], axis=1))
    check(lmc.stack([lmc.from_numpy(a), lmc.from_numpy(c)]), np.stack([a, c]))
    check(lmc.Tensor.stack([lmc.from_numpy(a), lmc.from_numpy(c)], dim=-1), np.stack([a, c], axis=-1))
    with pytest.raises(lmc.Error):
        lmc.cat([lmc.from_numpy(a), lmc.from_numpy(b)], dim=1)


INDEXES = [
    1, -1, slice(None), slice(1, None), slice(None, None, 2), slice(None, None, -1), slice(-2, None, -2),
    (1, 2), (slice(1, 3), 4), (Ellipsis, 1), (None, 0), (slice(None), None, slice(None, None, 3)),
    (Ellipsis, None), (-1, slice(None, None, -3), 2), (slice(10, -10, -1),), (slice(-100, 100),), (slice(4, 1),),
    ([0, 2],), (slice(None), [3, 0, 0]), (1, [4, -1]), (Ellipsis, [2, 1]), (),
]


@pytest.mark.parametrize("key", INDEXES, ids=[repr(k) for k in INDEXES])
def test_getitem_like_numpy(key):
    a = randf(34, 4, 5, 7)
    np.testing.assert_array_equal(lmc.from_numpy(a)[key].numpy(), a[key])


def test_getitem_with_tensor_indices_and_iteration():
    a = randf(35, 6, 4)
    t = lmc.from_numpy(a)
    np.testing.assert_array_equal(t[lmc.tensor([5, 0, 2])].numpy(), a[[5, 0, 2]])
    np.testing.assert_array_equal(t[:, lmc.arange(3)].numpy(), a[:, :3])
    rows = list(t)
    assert len(rows) == 6 and np.array_equal(rows[4].numpy(), a[4])
    with pytest.raises(IndexError, match="out of bounds"):
        t[6]
    with pytest.raises(IndexError, match="too many"):
        t[0, 0, 0]
    with pytest.raises(IndexError, match="boolean"):
        t[t > 0]
    with pytest.raises(IndexError, match="index 6 is out of bounds for axis 0"):
        t[[0, 6]]
    with pytest.raises(IndexError, match="only one"):
        t[[0, 1], [0, 1]]
    with pytest.raises(TypeError):
        iter(lmc.tensor(1.0)).__next__()
    with pytest.raises(TypeError):
        t[0] = 1.0


# ---------------------------------------------------------------------------------------------------------- linalg and indexing


@pytest.mark.parametrize("device", DEVICES)
def test_matmul_shapes(device):
    a, b = randf(40, 13, 17), randf(41, 17, 9)
    ta, tb = lmc.from_numpy(a, device=device), lmc.from_numpy(b, device=device)
    check(ta @ tb, f64(a) @ f64(b), rtol=1e-5, atol=1e-5)
    check(ta.matmul(tb), f64(a) @ f64(b), rtol=1e-5, atol=1e-5)
    v = randf(42, 17)
    check(ta @ lmc.from_numpy(v, device=device), f64(a) @ f64(v), rtol=1e-5, atol=1e-5)
    check(lmc.from_numpy(v, device=device) @ tb, f64(v) @ f64(b), rtol=1e-5, atol=1e-5)
    batch = randf(43, 3, 1, 5, 17)
    check(lmc.from_numpy(batch, device=device) @ tb, f64(batch) @ f64(b), rtol=1e-5, atol=1e-5)
    check(ta @ b, f64(a) @ f64(b), rtol=1e-5, atol=1e-5)
    check(a @ tb, f64(a) @ f64(b), rtol=1e-5, atol=1e-5)
    check(ta.T.T @ lmc.from_numpy(b.T.copy(), device=device).T, f64(a) @ f64(b), rtol=1e-5, atol=1e-5)


def test_dot_and_cross():
    x, y = randf(44, 11), randf(45, 11)
    check(lmc.from_numpy(x).dot(lmc.from_numpy(y)), np.dot(f64(x), f64(y)), rtol=1e-5)
    p, q = randf(46, 5, 3), randf(47, 5, 3)
    check(lmc.from_numpy(p).cross(lmc.from_numpy(q)), np.cross(f64(p), f64(q)), rtol=1e-5, atol=1e-6)


def test_gather_and_index_select():
    a = randf(48, 5, 6)
    idx = rng(49).integers(0, 5, size=(3, 6)).astype(np.int32)
    t = lmc.from_numpy(a)
    np.testing.assert_array_equal(t.gather(0, lmc.from_numpy(idx)).numpy(), np.take_along_axis(a, idx, axis=0))
    idx1 = rng(50).integers(0, 6, size=(5, 2)).astype(np.int64)
    np.testing.assert_array_equal(t.gather(1, lmc.from_numpy(idx1)).numpy(), np.take_along_axis(a, idx1, axis=1))
    sel = lmc.tensor([4, 0, 4, 1])
    np.testing.assert_array_equal(t.index_select(0, sel).numpy(), a[[4, 0, 4, 1]])
    np.testing.assert_array_equal(t.index_select(-1, sel).numpy(), a[:, [4, 0, 4, 1]])


@pytest.mark.parametrize("device", DEVICES)
def test_topk_sort_argsort(device):
    a = randf(51, 9, 23)
    t = lmc.from_numpy(a, device=device)
    values, indices = t.topk(5)
    order = np.argsort(-a, axis=-1, kind="stable")[:, :5]
    np.testing.assert_array_equal(indices.numpy(), order)
    np.testing.assert_array_equal(values.numpy(), np.take_along_axis(a, order, -1))
    values, indices = t.topk(4, dim=0, largest=False)
    order = np.argsort(a, axis=0, kind="stable")[:4]
    np.testing.assert_array_equal(indices.numpy(), order)
    np.testing.assert_array_equal(values.numpy(), np.take_along_axis(a, order, 0))
    s, si = t.sort(dim=1)
    np.testing.assert_array_equal(s.numpy(), np.sort(a, axis=1))
    np.testing.assert_array_equal(si.numpy(), np.argsort(a, axis=1, kind="stable"))
    np.testing.assert_array_equal(t.argsort(dim=0, descending=True).numpy(), np.argsort(-a, axis=0, kind="stable"))
    ties = lmc.tensor([[3, 1, 3, 2, 1]], device=device)
    assert ties.topk(3)[1].numpy().tolist() == [[0, 2, 3]]
    assert ties.argsort().numpy().tolist() == [[1, 4, 3, 0, 2]]


def test_topk_with_a_bound_leaves_unfilled_slots():
    a = np.array([[0.5, 0.1, 0.9, 0.3], [0.8, 0.95, 0.7, 0.99]], dtype=np.float32)
    values, indices = lmc.from_numpy(a).topk(3, largest=False, bound=0.6)
    assert indices.numpy().tolist() == [[1, 3, 0], [-1, -1, -1]]
    np.testing.assert_allclose(values.numpy(), [[0.1, 0.3, 0.5], [0.6, 0.6, 0.6]])


@pytest.mark.parametrize("device", DEVICES)
def test_topk_carrying_returns_the_payload_at_the_selected_positions(device):
    a = np.round(randf(53, 7, 19) * 4) / 4  # many ties
    ids = np.random.default_rng(54).integers(-500, 500, size=(7, 19)).astype(np.int16)
    t, p = lmc.from_numpy(a, device=device), lmc.from_numpy(ids, device=device)
    values, carried = t.topk_carrying(p, 5, largest=False)
    order = np.argsort(a, axis=-1, kind="stable")[:, :5]
    np.testing.assert_array_equal(carried.numpy(), np.take_along_axis(ids, order, -1).astype(np.int32))
    np.testing.assert_array_equal(values.numpy(), np.take_along_axis(a, order, -1))
    values, carried = t.topk_carrying(p, 3, largest=False, bound=-0.25)
    want = np.where(np.take_along_axis(a, order[:, :3], -1) < -0.25, np.take_along_axis(ids, order[:, :3], -1), -1)
    np.testing.assert_array_equal(carried.numpy(), want)
    with pytest.raises(lmc.Error, match="payload"):
        t.topk_carrying(lmc.from_numpy(ids[:, :4].copy(), device=device), 2)


def test_strided_and_padded_inputs_into_matmul_and_topk():
    a = randf(52, 12, 10)
    t = lmc.from_numpy(a)
    A = f64(a)
    check(t[1::2].pad(((0, 0), (1, 2))) @ t.T.pad(((1, 2), (0, 0)))[:, ::3],
          np.pad(A[1::2], ((0, 0), (1, 2))) @ np.pad(A.T, ((1, 2), (0, 0)))[:, ::3], rtol=1e-5, atol=1e-5)
    d = ((t.reshape(12, 1, 10) - t.flip(0).reshape(1, 12, 10)) ** 2).sum(-1)
    D = ((A[:, None] - A[::-1][None]) ** 2).sum(-1)
    np.testing.assert_array_equal(d.topk(3, largest=False)[1].numpy(), np.argsort(D, axis=1, kind="stable")[:, :3])


# ---------------------------------------------------------------------------------------------------------- errors


def test_lmc_errors_are_lmc_error_with_lmc_message():
    assert issubclass(lmc.Error, RuntimeError)
    a, b = lmc.zeros((3, 4)), lmc.zeros((5, 4))
    with pytest.raises(lmc.Error, match=r"add: shapes \(3, 4\) and \(5, 4\) cannot be broadcast"):
        a + b
    with pytest.raises(lmc.Error, match=r"matmul: inner dimensions differ: \(3, 4\) @ \(5, 4\)"):
        a @ b
    with pytest.raises(lmc.Error, match="reshape"):
        a.reshape(5, 5)
    with pytest.raises(lmc.Error, match=r"topk: k=9"):
        a.topk(9)
    with pytest.raises(lmc.Error, match="gather: index must be an integer tensor, got float32"):
        a.gather(0, a)
    with pytest.raises(lmc.Error, match="unknown dtype 'complex64'"):
        a.cast(np.complex64)
    with pytest.raises(lmc.Error, match="negative dimension"):
        lmc.zeros((2, -1))


def test_unknown_or_mixed_devices_raise():
    with pytest.raises(lmc.Error, match="unknown device 'TPU'"):
        lmc.zeros(3, device="TPU")
    with pytest.raises(lmc.Error, match="unknown device"):
        lmc.from_numpy(np.zeros(3), device="gpu0")
    with pytest.raises(TypeError, match="device must be a string"):
        lmc.zeros(3, device=0)
    assert lmc.zeros(2, device="cpu").device == "CPU"
    if "CUDA" not in lmc.devices():
        with pytest.raises(lmc.Error):
            lmc.zeros(3, device="CUDA").numpy()
    else:
        with pytest.raises(lmc.Error, match="different devices"):
            lmc.zeros(3, device="CPU") + lmc.zeros(3, device="CUDA")


def test_bad_arguments_raise_type_errors():
    with pytest.raises(TypeError, match="not a dtype"):
        lmc.zeros(3, dtype=object())
    with pytest.raises(TypeError, match="shape"):
        lmc.zeros("abc")
    with pytest.raises(TypeError, match="bfloat16 has no NumPy dtype"):
        lmc.ones(3, dtype=lmc.bfloat16).numpy()
    with pytest.raises(TypeError):
        lmc.ones(3) + "a"
    assert (lmc.ones(3) == None) is False  # noqa: E711 - no overload: Python's identity comparison


# ---------------------------------------------------------------------------------------------------------- devices


@pytest.mark.skipif("CUDA" not in DEVICES, reason="no CUDA device here")
def test_cuda_tensors_copy_to_the_host_and_back():
    a = randf(60, 33, 7)
    t = lmc.from_numpy(a, device="CUDA")
    assert t.device == "CUDA"
    out = (t * 2.0).numpy()
    np.testing.assert_array_equal(out, a * 2.0)
    assert (t.to("CPU") + 1.0).device == "CPU"
    np.testing.assert_array_equal(t.to("cpu").numpy(), a)


# ---------------------------------------------------------------------------------------------------------- GIL and threads


def _heavy(seed):
    a = lmc.rand((400, 400), seed=seed)
    return ((a @ a).exp() @ a).sum(axis=1)


def test_the_gil_is_released_while_lmc_realizes():
    _heavy(0).numpy()  # compile first, so the timed run below is kernels only
    gaps = []
    done = threading.Event()

    def work():
        _heavy(1).realize()
        done.set()

    start = time.perf_counter()
    th = threading.Thread(target=work)
    th.start()
    last = time.perf_counter()
    while not done.is_set():
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    th.join()
    elapsed = time.perf_counter() - start
    # With the GIL held the main thread would stall for the whole realization; released, it keeps spinning.
    assert elapsed > 0.02, "the workload is too small to tell"
    assert max(gaps) < 0.5 * elapsed, (max(gaps), elapsed)
    assert len(gaps) > 100


def test_realizations_from_several_threads_agree():
    srcs = [randf(70 + i, 40, 30) for i in range(4)]
    out = [None] * 4

    def work(i):
        t = lmc.from_numpy(srcs[i])
        out[i] = (t @ t.T).topk(3)[1].numpy()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for i in range(4):
        d = f64(srcs[i]) @ f64(srcs[i]).T
        np.testing.assert_array_equal(out[i], np.argsort(-d, axis=1, kind="stable")[:, :3])


# ---------------------------------------------------------------------------------------------------------- viz


def test_lmc_viz_traces_a_python_program(tmp_path):
    trace = tmp_path / "trace.json"
    program = "import lmc\nx = lmc.arange(10, dtype=lmc.float32)\nprint((x * 2.0 + 1.0).sum().item())\n"
    env = dict(os.environ, LMC_VIZ="1", LMC_VIZ_FILE=str(trace))
    run = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "100.0"
    doc = json.loads(trace.read_text())
    assert doc["format"] == "lmc-trace"
    assert doc["contexts"] and doc["launches"] and doc["nodes"]


# ------------------------------------------------------------------------------------------- Step, empty and clone


@pytest.mark.parametrize("device", DEVICES)
def test_step_replays_a_recurrence_with_donated_state(device):
    x0, y0 = randf(1301, 7, 5, dtype=np.float64), randf(1302, 7, 5, dtype=np.float64)
    x = lmc.Tensor(x0, device=device).clone()
    y = lmc.Tensor(y0, device=device).clone()
    nxt = x * 0.5 + y
    step = lmc.Step([(x, nxt)], [nxt.sum(1)])
    assert (step.num_updates, step.num_results, step.device) == (1, 1, device)
    want = x0.copy()
    for replay in range(4):
        if replay == 2:
            y0 = -3.0 * y0 + 1.0
            y.write_(y0)
        step.replay()
        want = 0.5 * want + y0
        check(step.state(0), want, rtol=1e-12, atol=1e-12)
        check(step.result(0), want.sum(1), rtol=1e-12, atol=1e-12)


def test_step_next_values_read_the_state_before_the_step():
    a = lmc.Tensor(np.array([0, 5, -2], np.int64)).clone()
    b = lmc.Tensor(np.array([1, 7, 3], np.int64)).clone()
    step = lmc.Step([(a, b), (b, a + b)])
    wa, wb = np.array([0, 5, -2]), np.array([1, 7, 3])
    for _ in range(6):
        step.replay()
        wa, wb = wb, wa + wb
        assert step.state(0).numpy().tolist() == wa.tolist()
        assert step.state(1).numpy().tolist() == wb.tolist()


def test_step_state_from_numpy_shares_the_array_and_a_copy_does_not():
    shared = np.arange(4.0)
    t = lmc.from_numpy(shared)
    step = lmc.Step([(t, t + 1)])
    step.replay()
    step.replay()
    if t.device == "CPU":  # from_numpy reads the array's own memory there: the state is the array
        np.testing.assert_array_equal(shared, [2, 3, 4, 5])
    kept = np.arange(4.0)
    u = lmc.Tensor(kept)
    step2 = lmc.Step([(u, u + 1)])
    step2.replay()
    step2.replay()
    np.testing.assert_array_equal(kept, [0, 1, 2, 3])
    np.testing.assert_array_equal(step2.state(0).numpy(), [2, 3, 4, 5])


def test_step_bad_updates_raise():
    x = lmc.Tensor(np.ones((2, 2))).clone()
    with pytest.raises(ValueError, match=r"updates\[0\].*pair"):
        lmc.Step([x])
    with pytest.raises(ValueError, match=r"updates\[0\].*two lmc.Tensor"):
        lmc.Step([(x, 1.0)])
    with pytest.raises(lmc.Error, match="not a realized tensor"):
        lmc.Step([(x * 2, x)])
    with pytest.raises(lmc.Error, match=r"update 0.*\(2,\)"):
        lmc.Step([(x, x.sum(0))])
    with pytest.raises(lmc.Error, match="nothing to compute"):
        lmc.Step([])


def test_empty_and_clone_are_buffers_of_their_own():
    e = lmc.empty((3, 4), dtype=lmc.float64)
    assert e.shape == (3, 4) and e.dtype == lmc.float64
    vals = randf(1303, 3, 4, dtype=np.float64)
    e.write_(vals)
    c = e.clone()
    assert c.data_ptr() != e.data_ptr()
    e.write_(-vals)
    np.testing.assert_array_equal(c.numpy(), vals)
    np.testing.assert_array_equal(e.numpy(), -vals)
    with pytest.raises(lmc.Error, match="empty"):
        lmc.empty((3, -1))
