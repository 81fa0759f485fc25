// The extension module lmc._lmc: binds each part in the order bindings.hpp lists them. The Python package
// (python/lmc/__init__.py) re-exports it and adds what reads better in Python (indexing, module-level functions).
#include "bindings.hpp"

PYBIND11_MODULE(_lmc, m) {
  namespace lp = lmc::python;
  m.doc() = "lmc's compiled core: lazy tensors compiled to fused kernels (CPU via LLVM, CUDA via NVRTC).";
  lp::bind_errors(m);
  lp::bind_dtypes(m);
  lp::bind_devices(m);
  lp::bind_observe(m);
  lp::bind_host_arrays(m);
  pybind11::class_<lmc::Tensor> tensor(m, "Tensor",
                                       "A lazy lmc tensor: ops build a graph; kernels run when a value is read.");
  lp::bind_tensor(m, tensor);
  lp::bind_tensor_elementwise(m, tensor);
  lp::bind_tensor_reduce(tensor);
  lp::bind_tensor_movement(tensor);
  lp::bind_tensor_indexing(tensor);
  lp::bind_program(m, tensor);
  lp::bind_step(m);
  pybind11::module_ monty = m.def_submodule("monty", "The Monty LM backend's compiled core (lmc.monty wraps it).");
  lp::bind_monty_config(monty);
  lp::bind_monty_results(monty);
  lp::bind_monty_backend(monty);
  lp::bind_monty_neighbour_grid(monty);
}
