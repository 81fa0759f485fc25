// dlsym of the stream-ordering and graph entry points from libcuda, which cuda_api.cpp has already opened (so
// RTLD_NOLOAD finds the same handle and nothing is loaded twice).
#include "runtime/cuda/cuda_stream_api.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

namespace lmc::cu {
namespace {

struct StreamDriverState {
  StreamDriver api{};
  bool ok = false;
  std::string why;
};

template <class F>
void sym(void* lib, F& fn, const char* name, std::string& missing) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  if (!fn && missing.empty()) missing = name;
}

StreamDriverState load() {
  StreamDriverState s;
  if (!driver(&s.why)) return s;
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (!lib) lib = dlopen("libcuda.so", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (!lib) {
    s.why = "libcuda is not loaded";
    return s;
  }
  std::string missing;
  StreamDriver& d = s.api;
  sym(lib, d.cuStreamWaitEvent, "cuStreamWaitEvent", missing);
  sym(lib, d.cuEventQuery, "cuEventQuery", missing);
  sym(lib, d.cuStreamBeginCapture, "cuStreamBeginCapture_v2", missing);
  sym(lib, d.cuStreamEndCapture, "cuStreamEndCapture", missing);
  sym(lib, d.cuGraphInstantiateWithFlags, "cuGraphInstantiateWithFlags", missing);
  sym(lib, d.cuGraphLaunch, "cuGraphLaunch", missing);
  sym(lib, d.cuGraphExecDestroy, "cuGraphExecDestroy", missing);
  sym(lib, d.cuGraphDestroy, "cuGraphDestroy", missing);
  if (!missing.empty()) {
    s.why = fmt::format("the CUDA driver lacks {} (streams and graphs need a driver for CUDA 11.4 or later)", missing);
    return s;
  }
  s.ok = true;
  return s;
}

} // namespace

const StreamDriver* stream_driver(std::string* why) {
  static const StreamDriverState state = load();
  if (!state.ok) {
    if (why) *why = state.why;
    return nullptr;
  }
  return &state.api;
}

} // namespace lmc::cu
