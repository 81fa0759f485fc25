// Elementwise ops on lmc.Tensor: the unary functions, binary ops as Python operators (with Python numbers and
// arrays on either side), comparisons, logic, where, pow and casts. Broadcasting and promotion are lmc's own.
#include "bindings.hpp"
#include "ir/error.hpp"

#include <cmath>
#include <fmt/format.h>

namespace lmc::python {
namespace {

// The dtype a bare Python number gets when nothing else decides: bool, int32 (int64 when it does not fit), float32.
DType number_dtype(py::handle h) {
  if (py::isinstance<py::bool_>(h)) return bool_;
  if (PyIndex_Check(h.ptr())) {
    const auto v = h.cast<int64_t>();
    return v >= INT32_MIN && v <= INT32_MAX ? int32 : int64;
  }
  return float32;
}

// An operand given beside a tensor (or beside nothing, `like` null): a Tensor, an array, or a Python number.
Tensor operand(py::handle h, const Tensor* like, const std::string& device, const char* op) {
  if (py::isinstance<Tensor>(h)) return h.cast<Tensor>();
  if (py::isinstance<py::buffer>(h))
    return tensor_from_buffer(py::reinterpret_borrow<py::buffer>(h), device, "the operand");
  double v = 0;
  try {
    v = h.cast<double>();
  } catch (const py::cast_error&) {
    throw py::type_error(
        fmt::format("{}: expected a Tensor, an array or a number, not {}", op, py::repr(h).cast<std::string>()));
  }
  if (like) return scalar_like(*like, v);
  return Tensor::full({}, v, number_dtype(h), device);
}

// Binds `name` (and its reflected `rname`, when given) for Tensor, Python numbers and arrays on the other side.
template <class F>
void binary(py::class_<Tensor>& cls, const char* name, const char* rname, F f) {
  cls.def(
      name, [f](const Tensor& a, const Tensor& b) { return f(a, b); }, py::is_operator());
  cls.def(
      name, [f](const Tensor& a, double b) { return f(a, scalar_like(a, b)); }, py::is_operator());
  cls.def(
      name,
      [f](const Tensor& a, const py::buffer& b) { return f(a, tensor_from_buffer(b, a.device(), "the operand")); },
      py::is_operator());
  if (!rname) return;
  cls.def(
      rname, [f](const Tensor& a, double b) { return f(scalar_like(a, b), a); }, py::is_operator());
  cls.def(
      rname,
      [f](const Tensor& a, const py::buffer& b) { return f(tensor_from_buffer(b, a.device(), "the operand"), a); },
      py::is_operator());
}

void require_bool(const Tensor& t, const char* op) {
  if (!t.dtype().is_bool())
    throw py::type_error(fmt::format("{} is logical on bool tensors; this tensor is {} (lmc has no bitwise ops; "
                                     "use logical_and/logical_or/logical_not, or compare first)",
                                     op, t.dtype().name()));
}

} // namespace

Tensor scalar_like(const Tensor& like, double v) {
  DType d = like.dtype();
  if (!d.is_float() && (v != std::floor(v) || !std::isfinite(v))) d = float32;
  if (d.is_bool() && v != 0.0 && v != 1.0) d = float32;
  return Tensor::full({}, v, d, like.device());
}

void bind_tensor_elementwise(py::module_& m, py::class_<Tensor>& cls) {
  using py::arg;
  // ---- unary ----
  using Unary = Tensor (Tensor::*)() const;
  const std::pair<const char*, Unary> unary[] = {{"exp", &Tensor::exp},
                                                 {"log", &Tensor::log},
                                                 {"exp2", &Tensor::exp2},
                                                 {"log2", &Tensor::log2},
                                                 {"sqrt", &Tensor::sqrt},
                                                 {"rsqrt", &Tensor::rsqrt},
                                                 {"sin", &Tensor::sin},
                                                 {"cos", &Tensor::cos},
                                                 {"tan", &Tensor::tan},
                                                 {"abs", &Tensor::abs},
                                                 {"sign", &Tensor::sign},
                                                 {"relu", &Tensor::relu},
                                                 {"sigmoid", &Tensor::sigmoid},
                                                 {"tanh", &Tensor::tanh},
                                                 {"acos", &Tensor::acos},
                                                 {"asin", &Tensor::asin},
                                                 {"atan", &Tensor::atan},
                                                 {"floor", &Tensor::floor},
                                                 {"ceil", &Tensor::ceil},
                                                 {"round", &Tensor::round},
                                                 {"reciprocal", &Tensor::reciprocal},
                                                 {"logical_not", &Tensor::logical_not}};
  for (const auto& [name, fn] : unary)
    cls.def(name, fn);
  cls.def("__neg__", [](const Tensor& t) { return -t; });
  cls.def("__pos__", [](const Tensor& t) { return t; });
  cls.def("__abs__", &Tensor::abs);
  cls.def("__invert__", [](const Tensor& t) {
    require_bool(t, "~");
    return t.logical_not();
  });

  // ---- binary operators ----
  binary(cls, "__add__", "__radd__", [](const Tensor& a, const Tensor& b) { return a + b; });
  binary(cls, "__sub__", "__rsub__", [](const Tensor& a, const Tensor& b) { return a - b; });
  binary(cls, "__mul__", "__rmul__", [](const Tensor& a, const Tensor& b) { return a * b; });
  binary(cls, "__truediv__", "__rtruediv__", [](const Tensor& a, const Tensor& b) { return a / b; });
  binary(cls, "__lt__", nullptr, [](const Tensor& a, const Tensor& b) { return a < b; });
  binary(cls, "__le__", nullptr, [](const Tensor& a, const Tensor& b) { return a <= b; });
  binary(cls, "__gt__", nullptr, [](const Tensor& a, const Tensor& b) { return a > b; });
  binary(cls, "__ge__", nullptr, [](const Tensor& a, const Tensor& b) { return a >= b; });
  binary(cls, "__eq__", nullptr, [](const Tensor& a, const Tensor& b) { return a == b; });
  binary(cls, "__ne__", nullptr, [](const Tensor& a, const Tensor& b) { return a != b; });
  binary(cls, "__and__", "__rand__", [](const Tensor& a, const Tensor& b) {
    require_bool(a, "&");
    require_bool(b, "&");
    return a.logical_and(b);
  });
  binary(cls, "__or__", "__ror__", [](const Tensor& a, const Tensor& b) {
    require_bool(a, "|");
    require_bool(b, "|");
    return a.logical_or(b);
  });
  binary(cls, "__rpow__", nullptr, [](const Tensor& e, const Tensor& base) { return base.pow(e); });
  cls.def(
      "__pow__", [](const Tensor& a, const Tensor& e) { return a.pow(e); }, py::is_operator());
  cls.def(
      "__pow__", [](const Tensor& a, double e) { return a.pow(e); }, py::is_operator());

  // ---- binary methods ----
  binary(cls, "maximum", nullptr, [](const Tensor& a, const Tensor& b) { return a.maximum(b); });
  binary(cls, "minimum", nullptr, [](const Tensor& a, const Tensor& b) { return a.minimum(b); });
  binary(cls, "logical_and", nullptr, [](const Tensor& a, const Tensor& b) { return a.logical_and(b); });
  binary(cls, "logical_or", nullptr, [](const Tensor& a, const Tensor& b) { return a.logical_or(b); });
  cls.def("pow", py::overload_cast<double>(&Tensor::pow, py::const_), arg("exponent"));
  cls.def("pow", py::overload_cast<const Tensor&>(&Tensor::pow, py::const_), arg("exponent"));
  cls.def("clip", &Tensor::clip, arg("lo"), arg("hi"));
  cls.def(
      "cast", [](const Tensor& t, py::handle dtype) { return t.cast(dtype_arg(dtype, t.dtype())); }, arg("dtype"),
      "The values converted to `dtype` (an lmc.DType, a name, or a NumPy dtype).");
  cls.def_static("atan2", &Tensor::atan2, arg("y"), arg("x"));

  m.def(
      "where",
      [](const Tensor& cond, py::handle a, py::handle b) {
        // A number beside a tensor takes the tensor's dtype (lmc's rule); two numbers take their own dtypes.
        if (py::isinstance<Tensor>(a) || py::isinstance<py::buffer>(a)) {
          Tensor x = operand(a, nullptr, cond.device(), "where");
          return where(cond, x, operand(b, &x, cond.device(), "where"));
        }
        Tensor y = operand(b, nullptr, cond.device(), "where");
        if (py::isinstance<Tensor>(b) || py::isinstance<py::buffer>(b))
          return where(cond, operand(a, &y, cond.device(), "where"), y);
        return where(cond, operand(a, nullptr, cond.device(), "where"), y);
      },
      arg("cond"), arg("a"), arg("b"), "Elementwise `a` where `cond` is true, else `b` (each a Tensor or a number).");
}

} // namespace lmc::python
