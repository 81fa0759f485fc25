// lmc.Tensor itself: construction from arrays and Python lists, the creation ops, properties, realization and the
// exchange with NumPy. The op families are bound in the tensor_*.cpp files beside this one.
#include "bindings.hpp"
#include "ir/error.hpp"
#include "runtime/buffer.hpp"

#include <cmath>
#include <fmt/format.h>
#include <sstream>

namespace lmc::python {
namespace {

// Nested Python sequences of numbers, read into one flat list with their shape. Every leaf says what it is, so the
// default dtype can follow the values: all bools -> bool, all integers -> int32 (int64 when one does not fit),
// any float -> float32 (lmc's default float, as the creation ops).
struct NestedValues {
  Shape shape;
  std::vector<double> floats;
  std::vector<int64_t> ints;
  bool any_float = false;
  bool all_bool = true;
  bool fits_int32 = true;
};

void read_nested(py::handle h, size_t depth, NestedValues& out) {
  const bool sequence = py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h);
  if (depth == out.shape.size() && out.floats.empty() && sequence) {
    // The first path down fixes the shape; every other path must agree with it.
    out.shape.push_back(static_cast<int64_t>(py::len(h)));
  }
  if (depth < out.shape.size()) {
    if (!sequence || static_cast<int64_t>(py::len(h)) != out.shape[depth])
      throw py::value_error(fmt::format("Tensor: nested sequences are ragged at depth {}: expected {} items, got {}",
                                        depth, out.shape[depth], py::repr(h).cast<std::string>()));
    for (py::handle item : h)
      read_nested(item, depth + 1, out);
    return;
  }
  if (sequence)
    throw py::value_error(fmt::format("Tensor: nested sequences are ragged at depth {}: a number was expected, got {}",
                                      depth, py::repr(h).cast<std::string>()));
  if (py::isinstance<Tensor>(h))
    throw py::type_error("Tensor: a list of tensors is not a tensor; use lmc.stack(tensors)");
  if (py::isinstance<py::bool_>(h)) {
    const bool b = h.cast<bool>();
    out.floats.push_back(b);
    out.ints.push_back(b);
    return;
  }
  out.all_bool = false;
  if (PyIndex_Check(h.ptr())) {
    int64_t v = 0;
    try {
      v = h.cast<int64_t>();
    } catch (const py::cast_error&) {
      throw py::value_error(fmt::format("Tensor: {} does not fit in int64", py::repr(h).cast<std::string>()));
    }
    out.fits_int32 = out.fits_int32 && v >= INT32_MIN && v <= INT32_MAX;
    out.floats.push_back(static_cast<double>(v));
    out.ints.push_back(v);
    return;
  }
  double v = 0;
  try {
    v = h.cast<double>();
  } catch (const py::cast_error&) {
    throw py::type_error(fmt::format("Tensor: {} is not a number", py::repr(h).cast<std::string>()));
  }
  out.any_float = true;
  out.floats.push_back(v);
  out.ints.push_back(0);
}

Tensor tensor_from_nested(py::handle data, py::handle dtype, const std::string& device) {
  NestedValues v;
  read_nested(data, 0, v);
  const DType natural = v.any_float || v.ints.empty() ? float32 : v.all_bool ? bool_ : v.fits_int32 ? int32 : int64;
  const DType want = dtype_arg(dtype, natural);
  // Host values go up in the widest exact type, then cast on the device: no precision is lost on the way.
  if (v.any_float) return Tensor::from_vector(v.floats, v.shape, device).cast(want);
  if (want.is_bool() || natural.is_bool()) {
    std::vector<bool> bools(v.ints.begin(), v.ints.end());
    return Tensor::from_vector(bools, v.shape, device).cast(want);
  }
  return Tensor::from_vector(v.ints, v.shape, device).cast(want);
}

// The one element of a one-element tensor as a Python number.
py::object one_value(const Tensor& t, const char* op) {
  if (t.numel() != 1)
    throw py::value_error(
        fmt::format("{}: the tensor of shape {} has {} elements, not 1", op, shape_str(t.shape()), t.numel()));
  return numpy_of(t).attr("item")();
}

// Realizes `t` unless it has no elements. A zero-size tensor needs no kernel, and lmc's CPU kernel for one of rank
// > 1 (zeros((0, 64))) drops the empty axis and writes past its empty buffer: a C++ bug worked around here.
void realize_if_nonempty(Tensor& t) {
  if (t.numel() != 0) t.realize();
}

// Runs `f` with the GIL released (realization, transfers, waiting for kernels).
template <class F>
decltype(auto) unlocked(F&& f) {
  py::gil_scoped_release release;
  return f();
}

} // namespace

Tensor to_device(const Tensor& t, const std::string& device) {
  std::string name = device;
  for (char& c : name)
    c = static_cast<char>(std::toupper(c));
  if (name.empty() || name == t.device()) return t;
  return tensor_from_buffer(numpy_of(t), device, "the tensor");
}

Tensor tensor_from_object(py::handle data, py::handle dtype, const std::string& device) {
  if (py::isinstance<Tensor>(data)) {
    Tensor t = to_device(data.cast<Tensor>(), device);
    return dtype.is_none() ? t : t.cast(dtype_arg(dtype, t.dtype()));
  }
  if (py::isinstance<py::buffer>(data) && !py::isinstance<py::str>(data)) {
    Tensor t = tensor_from_buffer(py::reinterpret_borrow<py::buffer>(data), device, "the array");
    return dtype.is_none() ? t : t.cast(dtype_arg(dtype, t.dtype()));
  }
  return tensor_from_nested(data, dtype, device);
}

Shape shape_arg(py::handle h, const char* op) {
  Shape shape;
  if (PyIndex_Check(h.ptr())) {
    shape.push_back(h.cast<int64_t>());
  } else if (py::isinstance<py::sequence>(h) && !py::isinstance<py::str>(h)) {
    for (py::handle d : h) {
      if (!PyIndex_Check(d.ptr()))
        throw py::type_error(fmt::format("{}: shape {} holds a non-integer {}", op, py::repr(h).cast<std::string>(),
                                         py::repr(d).cast<std::string>()));
      shape.push_back(d.cast<int64_t>());
    }
  } else {
    throw py::type_error(
        fmt::format("{}: a shape is an int or a sequence of ints, not {}", op, py::repr(h).cast<std::string>()));
  }
  return shape;
}

void bind_tensor(py::module_& m, py::class_<Tensor>& cls) {
  using py::arg;
  const py::none none;
  cls.def(py::init([](py::handle data, py::handle dtype, py::handle device) {
            return tensor_from_object(data, dtype, device_arg(device));
          }),
          arg("data"), arg("dtype") = none, arg("device") = none,
          "A tensor from an array (buffer protocol, copied once), a Tensor, or nested lists of numbers (bools -> "
          "bool, ints -> int32 or int64, floats -> float32 unless dtype says otherwise).");

  // ---- creation ----
  cls.def_static(
      "from_numpy",
      [](const py::buffer& array, py::handle device, const std::string& name) {
        if (std::optional<Tensor> shared = tensor_sharing_buffer(array, device_arg(device))) return *shared;
        return tensor_from_buffer(array, device_arg(device), name);
      },
      arg("array"), arg("device") = none, arg("name") = "the array",
      "A tensor of `array` (any object with the buffer protocol). On the CPU it reads the array's own memory, as "
      "torch.from_numpy does (no copy; the array stays alive with it): change the array only before the tensor's "
      "values are first computed, or through Tensor.write_. Read-only, strided or misaligned arrays and other "
      "devices get one copy (strided arrays compacted). lmc.Tensor(array) always copies. `name` is what errors "
      "call the array.");
  cls.def_static(
      "zeros",
      [](py::handle shape, py::handle dtype, py::handle device) {
        return Tensor::zeros(shape_arg(shape, "zeros"), dtype_arg(dtype, float32), device_arg(device));
      },
      arg("shape"), arg("dtype") = none, arg("device") = none);
  cls.def_static(
      "empty",
      [](py::handle shape, py::handle dtype, py::handle device) {
        return Tensor::empty(shape_arg(shape, "empty"), dtype_arg(dtype, float32), device_arg(device));
      },
      arg("shape"), arg("dtype") = none, arg("device") = none,
      "A realized tensor over a fresh buffer of its own, its values unspecified until written (Tensor.write_, a "
      "Step's update). Never shared with another tensor.");
  cls.def_static(
      "ones",
      [](py::handle shape, py::handle dtype, py::handle device) {
        return Tensor::ones(shape_arg(shape, "ones"), dtype_arg(dtype, float32), device_arg(device));
      },
      arg("shape"), arg("dtype") = none, arg("device") = none);
  cls.def_static(
      "full",
      [](py::handle shape, double value, py::handle dtype, py::handle device) {
        return Tensor::full(shape_arg(shape, "full"), value, dtype_arg(dtype, float32), device_arg(device));
      },
      arg("shape"), arg("value"), arg("dtype") = none, arg("device") = none);
  cls.def_static(
      "arange",
      [](int64_t start, std::optional<int64_t> stop, int64_t step, py::handle dtype, py::handle device) {
        const DType d = dtype_arg(dtype, int32);
        if (!stop) return Tensor::arange(0, start, step, d, device_arg(device));
        return Tensor::arange(start, *stop, step, d, device_arg(device));
      },
      arg("start"), arg("stop") = none, arg("step") = 1, arg("dtype") = none, arg("device") = none,
      "arange(n) or arange(start, stop, step): integers (int32 unless dtype says otherwise).");
  cls.def_static(
      "eye",
      [](int64_t n, py::handle dtype, py::handle device) {
        return Tensor::eye(n, dtype_arg(dtype, float32), device_arg(device));
      },
      arg("n"), arg("dtype") = none, arg("device") = none);
  cls.def_static(
      "rand",
      [](py::handle shape, uint64_t seed, py::handle dtype, py::handle device) {
        return Tensor::rand(shape_arg(shape, "rand"), seed, dtype_arg(dtype, float32), device_arg(device));
      },
      arg("shape"), arg("seed"), arg("dtype") = none, arg("device") = none,
      "Uniform [0, 1) from a counter-based generator: the same seed gives the same values on every device.");
  cls.def_static(
      "randn",
      [](py::handle shape, uint64_t seed, py::handle dtype, py::handle device) {
        return Tensor::randn(shape_arg(shape, "randn"), seed, dtype_arg(dtype, float32), device_arg(device));
      },
      arg("shape"), arg("seed"), arg("dtype") = none, arg("device") = none);

  // ---- properties ----
  cls.def_property_readonly("shape", [](const Tensor& t) {
    py::tuple out(t.shape().size());
    for (size_t i = 0; i < t.shape().size(); ++i)
      out[i] = t.shape()[i];
    return out;
  });
  cls.def_property_readonly("dtype", &Tensor::dtype);
  cls.def_property_readonly("device", &Tensor::device);
  cls.def_property_readonly("ndim", &Tensor::ndim);
  cls.def("numel", &Tensor::numel);
  cls.def("__len__", [](const Tensor& t) -> int64_t {
    if (t.ndim() == 0) throw py::type_error("len() of a 0-d tensor");
    return t.shape()[0];
  });

  // ---- realization and host exchange (the GIL is released while lmc works) ----
  cls.def(
      "realize",
      [](Tensor& t) -> Tensor& {
        unlocked([&] { realize_if_nonempty(t); });
        return t;
      },
      py::return_value_policy::reference_internal, "Runs the kernels that compute this tensor now; returns it.");
  cls.def_static(
      "realize_all",
      [](std::vector<Tensor*> tensors) {
        std::erase_if(tensors, [](Tensor* t) { return t->numel() == 0; });
        unlocked([&] { Tensor::realize_all(tensors); });
      },
      arg("tensors"), "Realizes several tensors (one device) with one schedule, so shared work runs once.");
  cls.def("contiguous", &Tensor::contiguous);
  cls.def(
      "clone", [](const Tensor& t) { return unlocked([&] { return t.clone(); }); },
      "A realized copy in a buffer of its own (one kernel): a later write to either is never seen by the other.");
  cls.def("numpy", &numpy_of,
          "The values as a read-only NumPy array. On the CPU it is a view of the realized buffer (no copy; it keeps "
          "the buffer alive); on other devices a host copy. Use .copy() for a writable array.");
  cls.def(
      "__array__",
      [](const Tensor& t, py::handle dtype, py::handle copy) {
        // NumPy 2's protocol: copy=True always copies, copy=False never does (or raises), None copies if needed.
        if (!copy.is_none() && !copy.cast<bool>() && t.device() != "CPU")
          throw py::value_error(fmt::format("a {} tensor cannot be read without a copy (copy=False)", t.device()));
        py::object a = numpy_of(t);
        const bool must_copy = !copy.is_none() && copy.cast<bool>();
        if (!dtype.is_none()) return a.attr("astype")(dtype, py::arg("copy") = must_copy);
        return must_copy ? a.attr("copy")() : a;
      },
      arg("dtype") = none, arg("copy") = none);
  cls.attr("__array_ufunc__") = py::none(); // ndarray (op) Tensor defers to Tensor's reflected operators
  cls.def("tolist", [](const Tensor& t) { return numpy_of(t).attr("tolist")(); });
  cls.def("item", [](const Tensor& t) { return one_value(t, "item"); });
  cls.def("__float__", [](const Tensor& t) { return py::float_(one_value(t, "float()")); });
  cls.def("__int__", [](const Tensor& t) { return py::int_(one_value(t, "int()")); });
  cls.def("__index__", [](const Tensor& t) {
    if (!t.dtype().is_int())
      throw py::type_error(fmt::format("only an integer tensor is an index, not {}", t.dtype().name()));
    return py::int_(one_value(t, "index"));
  });
  cls.def("__bool__", [](const Tensor& t) { return numpy_of(t).attr("__bool__")(); });
  cls.def(
      "data_ptr",
      [](const Tensor& t) -> uintptr_t {
        if (t.numel() == 0) return 0;
        return unlocked([&] { return reinterpret_cast<uintptr_t>(t.buffer()->ptr()); });
      },
      "The address of the realized buffer (realizes first; 0 for a tensor with no elements): numpy() of a CPU "
      "tensor points here.");
  cls.def(
      "to", [](const Tensor& t, const std::string& device) { return to_device(t, device); }, arg("device"),
      "A copy on `device` (through host memory; a tensor already there is returned as is).");
  cls.def("__repr__", [](const Tensor& t) {
    if (t.numel() == 0)
      return fmt::format("tensor([], shape={}, dtype={}, device={})", shape_str(t.shape()), t.dtype().name(),
                         t.device());
    return unlocked([&] {
      std::ostringstream out;
      out << t;
      return out.str();
    });
  });
  (void)m;
}

} // namespace lmc::python
