// lmc.Step: lmc::Step from Python, a step captured once from tensors and replayed with its state donated. The GIL is
// released while a replay queues its kernels or a timing run waits for them.
#include "frontend/step.hpp"
#include "bindings.hpp"

#include <fmt/format.h>

namespace lmc::python {
namespace {

Step make_step(const py::list& updates, const std::vector<Tensor>& results) {
  std::vector<Step::Update> pairs;
  for (size_t i = 0; i < updates.size(); ++i) {
    const py::handle item = updates[i];
    if (!py::isinstance<py::tuple>(item) || py::len(item) != 2)
      throw py::value_error(fmt::format("Step: updates[{}] is a {}, not a (state, next) pair of tensors", i,
                                        py::str(item.get_type()).cast<std::string>()));
    const auto pair = py::reinterpret_borrow<py::tuple>(item);
    if (!py::isinstance<Tensor>(pair[0]) || !py::isinstance<Tensor>(pair[1]))
      throw py::value_error(fmt::format("Step: updates[{}] must hold two lmc.Tensor (state, next)", i));
    pairs.push_back({pair[0].cast<Tensor>(), pair[1].cast<Tensor>()});
  }
  py::gil_scoped_release release;
  return Step(pairs, results);
}

} // namespace

void bind_step(py::module_& m) {
  using py::arg;
  py::class_<Step>(m, "Step",
                   "A step captured once from tensors and replayed: its kernels compiled and its buffers bound once, "
                   "so replay() only launches them. Each update (state, next) donates `state` (a realized tensor over "
                   "a whole buffer: Tensor.empty, clone, or one made from an array) to the step, which writes "
                   "`next` into it each replay (alternating with a spare buffer: ask state(i) again after a replay). A "
                   "state made by Tensor.from_numpy on the CPU shares the array's memory, so replays write into that "
                   "array; lmc.Tensor(array) (a copy) leaves the array as it is.")
      .def(py::init(&make_step), arg("updates"), arg("results") = std::vector<Tensor>{},
           "updates: a list of (state, next) pairs; results: tensors recomputed by every replay.")
      .def(
          "replay",
          [](Step& s) {
            py::gil_scoped_release release;
            s.replay();
          },
          "Queues one step: every state takes its next value, the results are recomputed. Reading a value waits.")
      .def("use_graphs", &Step::use_graphs, arg("capture_stream") = 0,
           "Records the step as CUDA graphs (one launch per replay); False on a device without graphs.")
      .def("state", &Step::state, arg("i"),
           "The tensor holding update i's latest value. On the CPU its numpy() "
           "is a view of a buffer a later replay overwrites: copy to keep it.")
      .def("result", &Step::result, arg("i"), "Result i as the last replay left it (its numpy() also a view).")
      .def_property_readonly("num_updates", &Step::num_updates)
      .def_property_readonly("num_results", &Step::num_results)
      .def_property_readonly("num_kernels", &Step::num_kernels)
      .def_property_readonly("device", &Step::device)
      .def(
          "time_kernels",
          [](Step& s) {
            py::gil_scoped_release release;
            return s.time_kernels();
          },
          "One replay launched kernel by kernel, waited for: a list of (kernel name, milliseconds).");
}

} // namespace lmc::python
