// Watching lmc from Python: lmc.flush_trace() writes the LMC_VIZ=1 trace now (it is recorded in C++ and written at
// exit as for any C++ program), lmc.kernels_launched() counts launches. Its own file: the binding's probes.
#include "bindings.hpp"
#include "rewrite/trace_json.hpp"
#include "runtime/realize.hpp"

namespace lmc::python {

void bind_observe(py::module_& m) {
  m.def(
      "flush_trace",
      [] {
        py::gil_scoped_release release;
        rw::flush_trace();
      },
      "Writes the LMC_VIZ=1 trace to LMC_VIZ_FILE (default lmc-trace.json) now, for sessions that never exit; "
      "does nothing when LMC_VIZ is off.");
  m.def("kernels_launched", &kernels_launched, "How many kernels this process has launched so far.");
}

} // namespace lmc::python
