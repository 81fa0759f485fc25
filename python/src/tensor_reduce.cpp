// Reductions on lmc.Tensor: sum, max, min, mean, prod, any, all, var, std over `axis` (None: every axis; an int or
// a sequence of ints) with `keepdim`, and argmax/argmin (axis None: over the flattened tensor, as NumPy).
#include "bindings.hpp"

#include <fmt/format.h>

namespace lmc::python {

std::vector<int> axes_arg(py::handle h, const char* op) {
  if (h.is_none()) return {};
  if (PyIndex_Check(h.ptr())) return {h.cast<int>()};
  std::vector<int> axes;
  if (py::isinstance<py::sequence>(h) && !py::isinstance<py::str>(h))
    for (py::handle a : h) {
      if (!PyIndex_Check(a.ptr()))
        throw py::type_error(fmt::format("{}: axis {} holds a non-integer", op, py::repr(h).cast<std::string>()));
      axes.push_back(a.cast<int>());
    }
  else
    throw py::type_error(fmt::format("{}: axis must be None, an int or a sequence of ints, not {}", op,
                                     py::repr(h).cast<std::string>()));
  // lmc reads no axes as every axis; NumPy reads an empty tuple as none. Neither guess is safe here.
  if (axes.empty()) throw py::value_error(fmt::format("{}: an empty axis sequence (use axis=None for every axis)", op));
  return axes;
}

void bind_tensor_reduce(py::class_<Tensor>& cls) {
  using py::arg;
  using Reduce = Tensor (Tensor::*)(std::vector<int>, bool) const;
  const std::pair<const char*, Reduce> reductions[] = {
      {"sum", &Tensor::sum},   {"max", &Tensor::max}, {"min", &Tensor::min}, {"mean", &Tensor::mean},
      {"prod", &Tensor::prod}, {"any", &Tensor::any}, {"all", &Tensor::all}};
  for (const auto& [name, fn] : reductions) {
    cls.def(
        name,
        [fn, op = name](const Tensor& t, py::handle axis, bool keepdim) {
          return (t.*fn)(axes_arg(axis, op), keepdim);
        },
        arg("axis") = py::none(), arg("keepdim") = false);
  }
  cls.def(
      "var",
      [](const Tensor& t, py::handle axis, bool keepdim, int correction) {
        return t.var(axes_arg(axis, "var"), keepdim, correction);
      },
      arg("axis") = py::none(), arg("keepdim") = false, arg("correction") = 1,
      "Variance with `correction` subtracted from the count (1: the sample variance, as lmc and PyTorch).");
  cls.def(
      "std",
      [](const Tensor& t, py::handle axis, bool keepdim, int correction) {
        return t.std(axes_arg(axis, "std"), keepdim, correction);
      },
      arg("axis") = py::none(), arg("keepdim") = false, arg("correction") = 1);
  cls.def(
      "argmax",
      [](const Tensor& t, std::optional<int> axis, bool keepdim) {
        if (!axis) return t.flatten().argmax(0, keepdim).reshape(keepdim ? Shape(t.ndim(), 1) : Shape{});
        return t.argmax(*axis, keepdim);
      },
      arg("axis") = py::none(), arg("keepdim") = false, "The index of the largest value (the first on ties).");
  cls.def(
      "argmin",
      [](const Tensor& t, std::optional<int> axis, bool keepdim) {
        if (!axis) return t.flatten().argmin(0, keepdim).reshape(keepdim ? Shape(t.ndim(), 1) : Shape{});
        return t.argmin(*axis, keepdim);
      },
      arg("axis") = py::none(), arg("keepdim") = false, "The index of the smallest value (the first on ties).");
  cls.def(
      "norm", [](const Tensor& t, py::handle axis, bool keepdim) { return t.norm(axes_arg(axis, "norm"), keepdim); },
      arg("axis") = py::none(), arg("keepdim") = false, "The Euclidean norm over `axis`.");
}

} // namespace lmc::python
