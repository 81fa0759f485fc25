// lmc.Error: every lmc::Error thrown below the binding reaches Python as lmc.Error (a RuntimeError) with lmc's
// message, which names the op, shapes, dtypes and device. Its own file: the one place exceptions are translated.
#include "bindings.hpp"
#include "ir/error.hpp"

namespace lmc::python {

void bind_errors(py::module_& m) {
  // register_exception catches by reference, so lmc::Error's subclasses (IllegalOpt, ...) map here too.
  py::register_exception<Error>(m, "Error", PyExc_RuntimeError);
  m.attr("Error").attr("__doc__") = "An error raised by lmc (bad shapes, dtypes or devices, compile failures); "
                                    "the message names the op, the shapes, the dtypes and the device.";
}

} // namespace lmc::python
