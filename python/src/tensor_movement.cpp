// Movement ops on lmc.Tensor: reshape, permute, transpose, expand, pad, shrink, flip, squeeze, unsqueeze, flatten,
// slice (what t[...] is built on, in lmc/_indexing.py), cat and stack. Each only re-indexes; none copies.
#include "bindings.hpp"

#include <fmt/format.h>

namespace lmc::python {
namespace {

// A shape or axis list given as separate ints (t.reshape(2, 3)) or as one sequence (t.reshape((2, 3))).
std::vector<int64_t> ints_arg(const py::args& args, const char* op) {
  if (args.size() == 1 && !PyIndex_Check(args[0].ptr())) return shape_arg(args[0], op);
  std::vector<int64_t> out;
  for (py::handle a : args) {
    if (!PyIndex_Check(a.ptr()))
      throw py::type_error(fmt::format("{}: expected ints, got {}", op, py::repr(a).cast<std::string>()));
    out.push_back(a.cast<int64_t>());
  }
  return out;
}

std::vector<int> int_axes(const std::vector<int64_t>& v) {
  return {v.begin(), v.end()};
}

// One Python slice (None fields allowed) or (start, stop[, step]) as lmc's Slice: a None start means the first
// element in the step's direction, a None stop runs to the end; out-of-range values clamp as in Python.
Tensor::Slice slice_arg(py::handle h) {
  constexpr int64_t kFar = int64_t{1} << 62; // beyond any axis, and safe to negate and add to
  auto bound = [](py::handle v) {
    const auto x = py::int_(v.attr("__index__")());
    // Python ints are unbounded; anything past int64 is "far away" for clamping purposes.
    if (x < py::int_(-kFar)) return -kFar;
    if (x > py::int_(kFar)) return kFar;
    return x.cast<int64_t>();
  };
  py::object start = py::none(), stop = py::none(), step = py::none();
  if (py::isinstance<py::slice>(h)) {
    start = h.attr("start");
    stop = h.attr("stop");
    step = h.attr("step");
  } else if (py::isinstance<py::sequence>(h) && (py::len(h) == 2 || py::len(h) == 3)) {
    start = h[py::int_(0)];
    stop = h[py::int_(1)];
    if (py::len(h) == 3) step = h[py::int_(2)];
  } else {
    throw py::type_error("slice: each entry is a slice or (start, stop[, step]), not " +
                         py::repr(h).cast<std::string>());
  }
  Tensor::Slice s;
  s.step = step.is_none() ? 1 : bound(step);
  s.start = !start.is_none() ? bound(start) : s.step > 0 ? 0 : -1;
  if (!stop.is_none()) s.stop = bound(stop);
  return s;
}

std::vector<std::pair<int64_t, int64_t>> pairs_arg(py::handle h, const char* op) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (py::handle p : h) {
    if (!py::isinstance<py::sequence>(p) || py::len(p) != 2)
      throw py::type_error(
          fmt::format("{}: expected (low, high) pairs, one per axis, got {}", op, py::repr(p).cast<std::string>()));
    out.push_back({p[py::int_(0)].cast<int64_t>(), p[py::int_(1)].cast<int64_t>()});
  }
  return out;
}

} // namespace

void bind_tensor_movement(py::class_<Tensor>& cls) {
  using py::arg;
  cls.def(
      "reshape", [](const Tensor& t, const py::args& shape) { return t.reshape(ints_arg(shape, "reshape")); },
      "reshape(2, 3) or reshape((2, 3)); one dimension may be -1.");
  cls.def(
      "view", [](const Tensor& t, const py::args& shape) { return t.reshape(ints_arg(shape, "view")); },
      "The same as reshape (lmc tensors are values: every reshape is a view).");
  cls.def(
      "permute", [](const Tensor& t, const py::args& order) { return t.permute(int_axes(ints_arg(order, "permute"))); },
      "permute(2, 0, 1) or permute((2, 0, 1)).");
  cls.def(
      "expand", [](const Tensor& t, const py::args& shape) { return t.expand(ints_arg(shape, "expand")); },
      "Broadcasts size-1 dimensions to `shape` (-1 keeps a dimension).");
  cls.def("transpose", &Tensor::transpose, arg("a") = -2, arg("b") = -1);
  cls.def_property_readonly(
      "T",
      [](const Tensor& t) {
        std::vector<int> order;
        for (int i = t.ndim() - 1; i >= 0; --i)
          order.push_back(i);
        return t.permute(order);
      },
      "The axes reversed, as NumPy's .T.");
  cls.def(
      "pad", [](const Tensor& t, py::handle pads, double value) { return t.pad(pairs_arg(pads, "pad"), value); },
      arg("pads"), arg("value") = 0.0, "pads: one (before, after) pair per axis, filled with `value`.");
  cls.def(
      "shrink", [](const Tensor& t, py::handle bounds) { return t.shrink(pairs_arg(bounds, "shrink")); }, arg("bounds"),
      "bounds: one (start, stop) pair per axis.");
  cls.def(
      "flip", [](const Tensor& t, py::handle axis) { return t.flip(axes_arg(axis, "flip")); }, arg("axis"));
  cls.def(
      "squeeze", [](const Tensor& t, std::optional<int> axis) { return axis ? t.squeeze(*axis) : t.squeeze(); },
      arg("axis") = py::none(), "Drops size-1 axis `axis`, or every size-1 axis.");
  cls.def("unsqueeze", &Tensor::unsqueeze, arg("axis"));
  cls.def("flatten", &Tensor::flatten, arg("start") = 0, arg("end") = -1);
  cls.def(
      "slice",
      [](const Tensor& t, py::handle slices) {
        std::vector<Tensor::Slice> s;
        for (py::handle h : slices)
          s.push_back(slice_arg(h));
        return t.slice(std::move(s));
      },
      arg("slices"), "One Python slice (or (start, stop[, step])) per leading axis; negative steps flip.");
  cls.def_static("cat", &Tensor::cat, arg("tensors"), arg("dim") = 0);
  cls.def_static("stack", &Tensor::stack, arg("tensors"), arg("dim") = 0);
}

} // namespace lmc::python
