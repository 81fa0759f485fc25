// The extension's private header and the folder's table of contents: one bind_* function per file of python/src,
// called in this order by module.cpp, and the few argument conversions those files share.
#pragma once
#include "frontend/tensor.hpp"
#include "lm/backend.hpp"

#include <memory>
#include <optional>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <string>
#include <vector>

namespace lmc::python {
namespace py = pybind11;

// errors.cpp: lmc.Error (a RuntimeError) carries lmc::Error's message.
void bind_errors(py::module_& m);
// dtypes.cpp: lmc.DType and the dtype constants (lmc.float32, lmc.int32, ...).
void bind_dtypes(py::module_& m);
// devices.cpp: lmc.devices(), lmc.default_device(), lmc.device_info().
void bind_devices(py::module_& m);
// observe.cpp: lmc.flush_trace() (LMC_VIZ) and lmc.kernels_launched().
void bind_observe(py::module_& m);
// host_arrays.cpp: lmc._HostArray, the buffer-protocol view numpy() returns.
void bind_host_arrays(py::module_& m);
// tensor.cpp: lmc.Tensor itself: construction, creation ops, properties, realization, host exchange.
void bind_tensor(py::module_& m, py::class_<Tensor>& cls);
// tensor_elementwise.cpp: unary and binary ops, Python operators, where, casts.
void bind_tensor_elementwise(py::module_& m, py::class_<Tensor>& cls);
// tensor_reduce.cpp: reductions and arg-reductions over axes.
void bind_tensor_reduce(py::class_<Tensor>& cls);
// tensor_movement.cpp: reshape, permute, pad, slice, cat, stack, ...
void bind_tensor_movement(py::class_<Tensor>& cls);
// tensor_indexing.cpp: matmul, gather, index_select, topk, sort.
void bind_tensor_indexing(py::class_<Tensor>& cls);
// program.cpp: lmc.Program (a schedule captured once, run again on new inputs), Tensor.write_, lmc.graph_nodes().
void bind_program(py::module_& m, py::class_<Tensor>& cls);
// step.cpp: lmc.Step (lmc::Step, a step captured from tensors and replayed with its state donated).
void bind_step(py::module_& m);
// monty_config.cpp: lmc._lmc.monty.BackendConfig and the structs inside it (EvidenceParams, FeatureSpec, ...).
void bind_monty_config(py::module_& m);
// monty_results.cpp: what the LM backend returns (LmResult, MostLikely, BurstLmResult, Hypotheses), arrays as views.
void bind_monty_results(py::module_& m);
// monty_backend.cpp: lmc._lmc.monty.Backend, the LM backend with the GIL released while it works or waits.
void bind_monty_backend(py::module_& m);
// monty_neighbour_grid.cpp: lmc._lmc.monty.NeighbourGrid and grid_knn, the fixed-radius K-NN the drop-ins use.
void bind_monty_neighbour_grid(py::module_& m);

// ---- shared conversions ----
// A dtype argument: an lmc.DType, a name ("float32"), or anything numpy.dtype() accepts; None gives `fallback`.
DType dtype_arg(py::handle h, DType fallback);
// A device argument: None gives "" (the default device); otherwise the name as given (lmc checks it).
std::string device_arg(py::handle h);
// A shape argument: an int or a sequence of ints.
Shape shape_arg(py::handle h, const char* op);
// Axes: an int or a sequence of ints; None gives {} (every axis, lmc's convention).
std::vector<int> axes_arg(py::handle h, const char* op);

// host_arrays.cpp: a tensor from any object with the buffer protocol (one copy; strided input is compacted);
// malformed arrays raise ValueError naming `name`, the shape and the format.
Tensor tensor_from_buffer(const py::buffer& array, const std::string& device, const std::string& name);
// host_arrays.cpp: a CPU tensor that reads `array`'s own memory (keeping the array alive), or nothing where it cannot
// (another device; a read-only, strided or misaligned array; no elements; a format with no lmc dtype).
std::optional<Tensor> tensor_sharing_buffer(const py::buffer& array, const std::string& device);
// host_arrays.cpp: the tensor's values as a read-only NumPy array; on the CPU a view of its buffer (no copy).
py::object numpy_of(const Tensor& t);
// tensor.cpp: `t` on `device` (a copy through host memory when it is elsewhere; "" keeps it where it is).
Tensor to_device(const Tensor& t, const std::string& device);
// tensor.cpp: a Tensor from a Tensor, an array (buffer protocol) or nested Python sequences of numbers.
Tensor tensor_from_object(py::handle data, py::handle dtype, const std::string& device);
// tensor_elementwise.cpp: a Python number as a 0-d tensor beside `like` (lmc's rule: it takes like's dtype unless
// a fraction meets an integer tensor, which gives float32).
Tensor scalar_like(const Tensor& like, double value);

// monty_results.cpp: one Python LmResult per LM of `step`, and one Hypotheses per object of `hyps`; their arrays are
// read-only NumPy views that keep the shared host copy alive.
py::list results_of(std::shared_ptr<const lm::StepResults> step, int64_t tracker_window);
py::list hypotheses_of(std::shared_ptr<const std::vector<lm::HypothesesData>> hyps);

} // namespace lmc::python
