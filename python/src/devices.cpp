// lmc.devices(), lmc.default_device() and lmc.device_info(): what `lmc devices` prints, as Python values, and the
// conversion of every device= argument. Its own file: devices are named and checked here and nowhere else.
#include "bindings.hpp"
#include "runtime/cpu/llvm_jit.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/device.hpp"

#include <thread>

namespace lmc::python {

std::string device_arg(py::handle h) {
  if (h.is_none()) return "";
  if (!py::isinstance<py::str>(h))
    throw py::type_error("device must be a string ('CPU' or 'CUDA') or None, not " + py::repr(h).cast<std::string>());
  return h.cast<std::string>(); // lmc checks the name where the tensor is made (unknown -> lmc.Error)
}

void bind_devices(py::module_& m) {
  m.def(
      "devices",
      [] {
        py::list out;
        out.append("CPU");
        bool cuda = false;
        {
          py::gil_scoped_release release;
          cuda = cuda_available();
        }
        if (cuda) out.append("CUDA");
        return out;
      },
      "The devices lmc can run on here, e.g. ['CPU'] or ['CPU', 'CUDA'].");
  m.def(
      "default_device",
      [] {
        py::gil_scoped_release release;
        return default_device();
      },
      "Where tensors go when no device is named: LMC_DEVICE when set, else CUDA when present, else CPU.");
  m.def(
      "device_info",
      [] {
        CudaInfo cuda;
        {
          py::gil_scoped_release release;
          cuda = cuda_info(0);
        }
        py::dict cpu;
        cpu["available"] = true;
        cpu["cores"] = std::thread::hardware_concurrency();
        cpu["host_cpu"] = host_cpu();
        cpu["llvm"] = llvm_version();
        py::dict gpu;
        gpu["available"] = cuda.available;
        gpu["compile_only"] = cuda.compile_only;
        if (cuda.available) {
          gpu["name"] = cuda.name;
          gpu["arch"] = cuda.arch;
          gpu["total_memory"] = cuda.total_memory;
          gpu["multiprocessors"] = cuda.multiprocessors;
          gpu["driver_version"] = cuda.driver_version;
        } else {
          gpu["why"] = cuda.why;
        }
        if (!cuda.nvrtc_version.empty()) gpu["nvrtc_version"] = cuda.nvrtc_version;
        py::dict out;
        out["CPU"] = cpu;
        out["CUDA"] = gpu;
        return out;
      },
      "What `lmc devices` prints, as a dict: {'CPU': {...}, 'CUDA': {'available': ..., 'why' or the GPU's details}}.");
}

} // namespace lmc::python
