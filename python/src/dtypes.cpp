// lmc.DType and the constants lmc.float32, lmc.int32, ... named as lmc names them (DType::name()), and the one
// conversion every dtype argument goes through. Its own file: dtypes are a concept of their own in Python too.
#include "bindings.hpp"
#include "ir/error.hpp"

#include <fmt/format.h>

namespace lmc::python {
namespace {

constexpr DType kTensorDTypes[] = {bool_,  int8,   int16,   int32,    int64,   uint8,  uint16,
                                   uint32, uint64, float16, bfloat16, float32, float64};

} // namespace

DType dtype_arg(py::handle h, DType fallback) {
  if (h.is_none()) return fallback;
  if (py::isinstance<DType>(h)) return h.cast<DType>();
  std::string name;
  if (py::isinstance<py::str>(h)) {
    name = h.cast<std::string>();
  } else {
    // numpy.float32, numpy.dtype("int64"), float, bool: whatever NumPy names as a dtype.
    try {
      name = py::module_::import("numpy").attr("dtype")(h).attr("name").cast<std::string>();
    } catch (const py::error_already_set&) {
      throw py::type_error(fmt::format("{} is not a dtype (use lmc.float32, 'float32' or a NumPy dtype)",
                                       py::repr(h).cast<std::string>()));
    }
  }
  const DType d = dtype_from_name(name); // lmc::Error naming the unknown name
  if (d.is_void()) throw Error("void is not a tensor dtype");
  return d;
}

void bind_dtypes(py::module_& m) {
  py::class_<DType>(m, "DType", "An lmc element type (lmc.float32, lmc.int32, ...); compares equal to its name.")
      .def_property_readonly("name", &DType::name)
      .def_property_readonly("itemsize", &DType::itemsize, "bytes per element (bool: 1)")
      .def_property_readonly("is_float", &DType::is_float)
      .def_property_readonly("is_int", &DType::is_int)
      .def_property_readonly("is_signed", &DType::is_signed)
      .def_property_readonly("is_bool", &DType::is_bool)
      .def(
          "__eq__", [](const DType& a, const DType& b) { return a == b; }, py::is_operator())
      .def(
          "__eq__", [](const DType& a, const std::string& name) { return a.name() == name; }, py::is_operator())
      .def(
          "__ne__", [](const DType& a, const DType& b) { return a != b; }, py::is_operator())
      .def(
          "__ne__", [](const DType& a, const std::string& name) { return a.name() != name; }, py::is_operator())
      .def("__hash__", [](const DType& d) { return py::hash(py::str(d.name())); })
      .def("__repr__", [](const DType& d) { return "lmc." + d.name(); })
      .def("__str__", &DType::name)
      .def(py::pickle([](const DType& d) { return d.name(); },
                      [](const std::string& name) { return dtype_from_name(name); }));
  for (DType d : kTensorDTypes)
    m.attr(d.name().c_str()) = d;
  m.attr("bool_") = bool_; // lmc::bool_, beside lmc.bool
  m.def("promote", &promote, py::arg("a"), py::arg("b"),
        "The dtype two dtypes promote to (NumPy's rules: bool < ints < floats).");
}

} // namespace lmc::python
