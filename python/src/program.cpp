// lmc.Program and Tensor.write_: a computation captured once (its schedule: kernels and buffer ids) and run again on
// new input values written into the same input buffers. Its own file: a Python loop that repeats one computation
// (an LM step) then builds no new graph nodes (the node arena never frees one) and skips scheduling on every run.
#include "bindings.hpp"
#include "codegen/schedule.hpp"
#include "frontend/lazy.hpp"
#include "ir/error.hpp"
#include "runtime/realize.hpp"

#include <chrono>
#include <fmt/format.h>
#include <memory>
#include <optional>

namespace lmc::python {
namespace {

// The roots' schedule, kept with the lazy roots themselves: they keep the input buffers the schedule reads alive.
struct Program {
  std::vector<Tensor> roots;
  std::vector<Tensor> inputs; // the tensors run(arrays) writes, in order (each holds a buffer)
  Schedule plan;
  std::string device;
  // Seconds the last run spent in lmc's kernels (launched and finished), the rest of run() being the binding's:
  // what a caller's profile splits into lmc compute and binding overhead (bench/peer/monty_dropin_step.py).
  double last_kernel_seconds = 0.0;
};

void write_all(std::vector<Tensor>& tensors, const std::vector<py::object>& arrays);

Program make_program(std::vector<Tensor> roots, std::vector<Tensor> inputs) {
  if (roots.empty()) throw py::value_error("Program: no output tensors");
  Program p;
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!TensorAccess::state(inputs[i])->buffer)
      throw py::value_error(fmt::format("Program: input {} holds no buffer (a tensor made from an array, or realized, "
                                        "can be written)",
                                        i));
  p.inputs = std::move(inputs);
  p.device = roots[0].device();
  std::vector<UOp> nodes;
  for (size_t i = 0; i < roots.size(); ++i) {
    const Tensor& t = roots[i];
    if (t.device() != p.device)
      throw py::value_error(
          fmt::format("Program: outputs on {} and {} (one device per program)", p.device, t.device()));
    // Zero-size tensors get no kernel and their CPU kernels write past an empty buffer (see tensor.cpp).
    if (t.numel() == 0)
      throw py::value_error(fmt::format("Program: output {} of shape {} has no elements", i, shape_str(t.shape())));
    nodes.push_back(t.uop());
  }
  {
    py::gil_scoped_release release;
    // No lookup of realized expressions: the program recomputes everything from its inputs on every run.
    p.plan = schedule(nodes, p.device);
  }
  p.roots = std::move(roots);
  return p;
}

// Runs the schedule (temporaries and outputs are allocated under the same buffer ids every run, so nothing new is
// named) and copies each output into a fresh, writable NumPy array. The arrays are made first, so that the kernels
// and all the copies run in one stretch without the GIL: each time the GIL is taken back, Monty's object threads
// may be holding it (one hand-back costs up to Python's switch interval, 5 ms).
py::list run_program(Program& p, const std::optional<std::vector<py::object>>& arrays) {
  if (arrays) {
    if (arrays->size() != p.inputs.size())
      throw py::value_error(fmt::format("Program.run: {} arrays for {} inputs", arrays->size(), p.inputs.size()));
    write_all(p.inputs, *arrays);
  }
  py::module_ np = py::module_::import("numpy");
  py::list out;
  std::vector<void*> hosts;
  std::vector<size_t> sizes;
  for (const Tensor& t : p.roots) {
    const Shape& shape = t.shape();
    py::tuple dims(shape.size());
    for (size_t d = 0; d < shape.size(); ++d)
      dims[d] = py::int_(shape[d]);
    py::object host = np.attr("empty")(dims, py::str(t.dtype().name()));
    hosts.push_back(py::reinterpret_borrow<py::buffer>(host).request(true).ptr);
    sizes.push_back(static_cast<size_t>(t.numel()) * t.dtype().itemsize());
    out.append(host);
  }
  std::string wrong_size;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
    Device& device = get_device(p.device);
    const std::vector<std::shared_ptr<Buffer>> buffers = run_schedule(p.plan, device);
    // The copies below wait for the kernels anyway; waiting here first only moves that wait into the kernels' time.
    device.synchronize();
    p.last_kernel_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (size_t i = 0; i < buffers.size() && wrong_size.empty(); ++i) {
      if (buffers[i]->bytes() != sizes[i])
        wrong_size = fmt::format("Program: output {} is {} bytes, its buffer {}", i, sizes[i], buffers[i]->bytes());
      else
        buffers[i]->copy_out(hosts[i], sizes[i]);
    }
  }
  if (!wrong_size.empty()) throw Error(wrong_size);
  return out;
}

bool c_order(const py::buffer_info& info) {
  py::ssize_t expected = info.itemsize;
  for (size_t i = info.shape.size(); i-- > 0;) {
    if (info.shape[i] != 1 && info.strides[i] != expected) return false;
    expected *= info.shape[i];
  }
  return true;
}

// NumPy's name for an array's dtype, read from its dtype attribute (no conversion); a buffer without one goes through
// numpy.asarray. Names are compared (NumPy's and lmc's agree for every dtype both have): no second table of buffer
// formats beside host_arrays.cpp's.
std::string numpy_dtype_name(const py::buffer& array) {
  if (py::hasattr(array, "dtype")) return py::str(array.attr("dtype"));
  return py::str(py::module_::import("numpy").attr("asarray")(array).attr("dtype"));
}

// The buffer of `t`, a tensor made from an array (or realized), after checking that `array` (viewed by `info`) has
// its dtype and shape in C order: what write_ and Program.run(arrays) copy into.
std::shared_ptr<Buffer> writable_buffer(Tensor& t, const py::buffer& array, const py::buffer_info& info) {
  const UOp u = t.uop();
  if (!(u.op() == Op::BUFFER || (u.op() == Op::RESHAPE && u.src(0).op() == Op::BUFFER)))
    throw py::value_error("write_: the tensor is a lazy expression; only a tensor holding a buffer (made from an "
                          "array, or realized) can be written");
  const std::string want = t.dtype().name();
  const std::string got = numpy_dtype_name(array);
  Shape shape(info.shape.begin(), info.shape.end());
  if (got != want || shape != t.shape())
    throw py::value_error(fmt::format("write_: the array of shape {} and dtype {} does not match the tensor's {} {}",
                                      shape_str(shape), got, shape_str(t.shape()), want));
  if (!c_order(info)) throw py::value_error("write_: the array is not C-contiguous");
  std::shared_ptr<Buffer> b = TensorAccess::state(t)->buffer;
  if (!b) throw py::value_error("write_: the tensor holds no buffer");
  return b;
}

// Writes each array into its tensor's buffer, all copies in one stretch without the GIL; a None entry leaves its
// tensor as it is (a caller that knows an input did not change since the last run keeps it resident on the device:
// the drop-ins' hypothesis poses, the same every step). Expressions realized earlier from these buffers no longer
// hold their current values: they are forgotten (once), so a new expression over them is computed again instead of
// found.
void write_all(std::vector<Tensor>& tensors, const std::vector<py::object>& arrays) {
  std::vector<py::buffer_info> infos;
  std::vector<std::shared_ptr<Buffer>> buffers;
  for (size_t i = 0; i < arrays.size(); ++i) {
    if (arrays[i].is_none()) continue;
    if (!PyObject_CheckBuffer(arrays[i].ptr()))
      throw py::value_error(fmt::format("Program.run: arrays[{}] is a {}, not an array or None", i,
                                        py::str(arrays[i].get_type()).cast<std::string>()));
    const auto array = py::reinterpret_borrow<py::buffer>(arrays[i]);
    infos.push_back(array.request());
    buffers.push_back(writable_buffer(tensors[i], array, infos.back()));
  }
  if (buffers.empty()) return;
  py::gil_scoped_release release;
  for (size_t i = 0; i < buffers.size(); ++i)
    buffers[i]->copy_in(infos[i].ptr, buffers[i]->bytes());
  forget_realized_expressions();
}

void write_into(Tensor& t, const py::buffer& array) {
  std::vector<Tensor> tensors{t};
  write_all(tensors, {array});
}

} // namespace

void bind_program(py::module_& m, py::class_<Tensor>& cls) {
  using py::arg;
  cls.def("write_", &write_into, arg("array"),
          "Overwrites this tensor's values with `array` (same shape and dtype) in place: a tensor made from an array "
          "keeps its buffer, so a Program that reads it sees the new values on its next run.");
  py::class_<Program>(m, "Program",
                      "The schedule of some lazy tensors, captured once and run again: write new values into their "
                      "input tensors (Tensor.write_), then run() computes the outputs again with no new graph.")
      .def(py::init(&make_program), arg("outputs"), arg("inputs") = std::vector<Tensor>{},
           "inputs: the tensors run(arrays) writes (tensors made from arrays), in order.")
      .def("run", &run_program, arg("arrays") = py::none(),
           "Writes `arrays` into the program's inputs (as Tensor.write_ does, one call for all; a None entry keeps "
           "that input's values from the last run), runs the kernels (without the GIL) and returns each output as a "
           "fresh NumPy array.")
      .def_property_readonly("num_kernels", [](const Program& p) { return p.plan.kernels.size(); })
      .def_property_readonly(
          "last_kernel_seconds", [](const Program& p) { return p.last_kernel_seconds; },
          "Seconds the last run() spent running the kernels, until they finished.");
  m.def("graph_nodes", &uop_count, "How many graph nodes (UOps) this process has made; the arena never frees one.");
}

} // namespace lmc::python
