// lmc._lmc.monty.NeighbourGrid: the LM library's fixed-radius K nearest neighbours over static point sets
// (lm/neighbour_grid.hpp) for Python. Its own file: lmc.monty's drop-in updaters find each hypothesis' nearest
// model nodes with it instead of scanning every node, as the LM backend does.
#include "bindings.hpp"
#include "lm/neighbour_grid.hpp"

#include <fmt/format.h>

namespace lmc::python {
namespace {
namespace lm = lmc::lm;

// One point set: a C-contiguous float64 (n, 3) buffer, named in errors as `name`.
std::vector<double> point_set(py::handle obj, const std::string& name) {
  if (!PyObject_CheckBuffer(obj.ptr())) throw py::value_error(fmt::format("{} is not an array", name));
  const py::buffer_info info = py::reinterpret_borrow<py::buffer>(obj).request();
  std::string format = info.format;
  if (!format.empty() && (format[0] == '@' || format[0] == '=' || format[0] == '<')) format = format.substr(1);
  if (format != "d" || info.ndim != 2 || info.shape[1] != 3 || info.shape[0] < 1)
    throw py::value_error(fmt::format("{} must be a float64 array of shape (n, 3) with n >= 1", name));
  if (info.strides[1] != 8 || (info.shape[0] > 1 && info.strides[0] != 24))
    throw py::value_error(fmt::format("{} is not C-contiguous", name));
  const auto* p = static_cast<const double*>(info.ptr);
  return std::vector<double>(p, p + info.size);
}

} // namespace

void bind_monty_neighbour_grid(py::module_& m) {
  py::class_<lm::NeighbourGrid>(m, "NeighbourGrid",
                                "Points of static sets bucketed for fixed-radius K-NN queries (neighbour_grid.hpp).")
      .def_property_readonly("capacity", [](const lm::NeighbourGrid& g) { return g.capacity; })
      .def_property_readonly("reach_distance", [](const lm::NeighbourGrid& g) { return g.reach * g.cell; });
  m.def(
      "build_neighbour_grid",
      [](const py::sequence& point_sets, double radius, int64_t k, py::handle dtype, py::handle device,
         std::optional<int64_t> max_table_entries) -> std::optional<lm::NeighbourGrid> {
        std::vector<std::vector<double>> sets;
        for (size_t i = 0; i < point_sets.size(); ++i)
          sets.push_back(point_set(point_sets[i], fmt::format("point_sets[{}]", i)));
        const DType dt = dtype_arg(dtype, float64);
        const std::string dev = device_arg(device);
        lm::NeighbourGridLimits limits;
        if (max_table_entries) {
          if (*max_table_entries < 1)
            throw py::value_error(fmt::format("max_table_entries = {} (expected >= 1)", *max_table_entries));
          limits.max_table_entries = *max_table_entries;
        }
        py::gil_scoped_release release;
        return lm::build_neighbour_grid(sets, radius, k, dt, dev, limits);
      },
      py::arg("point_sets"), py::arg("radius"), py::arg("k"), py::arg("dtype") = py::none(),
      py::arg("device") = py::none(), py::arg("max_table_entries") = py::none(),
      "A grid for queries within `radius` returning up to `k` points, or None where scanning every point is as "
      "cheap (a cell block would hold most of a set) or the table would exceed `max_table_entries` int32 entries "
      "(default: the library's 2^28): sparse sets spread far wider than the radius would need a huge table.");
  m.def(
      "grid_knn",
      [](const lm::NeighbourGrid& grid, const Tensor& queries, int64_t k, double bound) {
        auto [distances, ids] = lm::grid_knn(grid, queries, k, bound);
        return py::make_tuple(distances, ids);
      },
      py::arg("grid"), py::arg("queries"), py::arg("k"), py::arg("bound"),
      "(squared distances, ids), each (B, H, k): the k points of each query's set nearest to it with squared distance "
      "below `bound`, ascending, ties to the lower id; empty slots hold (bound, -1). queries: (B, H, 3) in the "
      "grid's dtype. Lazy, like every Tensor op.");
}

} // namespace lmc::python
