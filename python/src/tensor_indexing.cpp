// Linear algebra and selection on lmc.Tensor: matmul (and @), dot, cross, gather, index_select, topk, topk_carrying,
// sort and argsort. topk after a distance expression is one kernel; values and indices come back as a tuple.
#include "bindings.hpp"

namespace lmc::python {

void bind_tensor_indexing(py::class_<Tensor>& cls) {
  using py::arg;
  cls.def("matmul", &Tensor::matmul, arg("other"));
  cls.def("__matmul__", &Tensor::matmul, py::is_operator());
  cls.def(
      "__matmul__",
      [](const Tensor& a, const py::buffer& b) { return a.matmul(tensor_from_buffer(b, a.device(), "the operand")); },
      py::is_operator());
  cls.def(
      "__rmatmul__",
      [](const Tensor& b, const py::buffer& a) { return tensor_from_buffer(a, b.device(), "the operand").matmul(b); },
      py::is_operator());
  cls.def("dot", &Tensor::dot, arg("other"));
  cls.def("cross", &Tensor::cross, arg("other"), arg("dim") = -1);
  cls.def("gather", &Tensor::gather, arg("dim"), arg("index"),
          "out[i][j] = self[index[i][j]][j] for dim 0 (index has self's rank; int dtype).");
  cls.def("index_select", &Tensor::index_select, arg("dim"), arg("index"),
          "The slices at the 1-D integer `index` along `dim`.");
  cls.def(
      "topk",
      [](const Tensor& t, int64_t k, int dim, bool largest, std::optional<double> bound) {
        auto [values, indices] = t.topk(k, dim, largest, bound);
        return py::make_tuple(values, indices);
      },
      arg("k"), arg("dim") = -1, arg("largest") = true, arg("bound") = py::none(),
      "(values, indices) of the k largest (smallest) along `dim`, sorted; ties keep the lower index first. With "
      "`bound`, only values strictly beyond it are selected; unfilled slots hold the bound and index -1.");
  cls.def(
      "topk_carrying",
      [](const Tensor& t, const Tensor& payload, int64_t k, int dim, bool largest, std::optional<double> bound) {
        auto [values, carried] = t.topk_carrying(payload, k, dim, largest, bound);
        return py::make_tuple(values, carried);
      },
      arg("payload"), arg("k"), arg("dim") = -1, arg("largest") = true, arg("bound") = py::none(),
      "As topk, with payload's entries at the selected positions in place of the positions (int32; -1 in slots a "
      "bound left empty): payload.gather(dim, indices) done inside the selection. `payload` has self's shape and an "
      "integer dtype int32 holds exactly.");
  cls.def(
      "sort",
      [](const Tensor& t, int dim, bool descending) {
        auto [values, indices] = t.sort(dim, descending);
        return py::make_tuple(values, indices);
      },
      arg("dim") = -1, arg("descending") = false, "(values, indices), stable.");
  cls.def("argsort", &Tensor::argsort, arg("dim") = -1, arg("descending") = false);
}

} // namespace lmc::python
