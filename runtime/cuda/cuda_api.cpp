// dlopen/dlsym of libcuda (the driver table and the stream/graph table) and libnvrtc, done once; every other CUDA file
// reaches the libraries through these tables. Nothing here is ever dlclosed: the tables live as long as the process.
#include "runtime/cuda/cuda_api.hpp"

#include "ir/error.hpp"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <fmt/format.h>
#include <initializer_list>
#include <vector>

namespace lmc::cu {
namespace {

void* open_first(std::initializer_list<const char*> names, std::string* tried) {
  for (const char* n : names) {
    if (void* h = dlopen(n, RTLD_NOW | RTLD_LOCAL)) return h;
    const char* err = dlerror();
    *tried += fmt::format("\n  {}: {}", n, err ? err : "not found");
  }
  return nullptr;
}

// Resolves `name` into `fn`; records the first missing symbol.
template <class F>
void sym(void* lib, F& fn, const char* name, std::string& missing) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  if (!fn && missing.empty()) missing = name;
}
// Resolves one entry of an entry-point list into the table of the loader's state `s`.
#define LMC_RESOLVE(field, symbol, ...) sym(lib, s.api.field, symbol, missing);

struct DriverState {
  Driver api{};
  bool ok = false;
  std::string why;
};

DriverState load_driver() {
  DriverState s;
  std::string tried;
  // Only the loader's search path: the toolkit's lib64/stubs/libcuda.so is a stub that cannot run anything.
  void* lib = open_first({"libcuda.so.1", "libcuda.so"}, &tried);
  if (!lib) {
    s.why = "no CUDA driver: libcuda.so.1 could not be opened (is the NVIDIA driver installed?)" + tried;
    return s;
  }
  std::string missing;
  Driver& d = s.api;
  LMC_CUDA_DRIVER_ENTRY_POINTS(LMC_RESOLVE)
  std::string unused;
  sym(lib, d.cuEventElapsedTime, "cuEventElapsedTime_v2", unused);
  if (!d.cuEventElapsedTime) sym(lib, d.cuEventElapsedTime, "cuEventElapsedTime", missing);
  if (!missing.empty()) {
    s.why = fmt::format("the CUDA driver library lacks {} (driver too old?)", missing);
    return s;
  }
  if (CUresult r = d.cuInit(0); r != CUDA_SUCCESS) {
    const char* name = nullptr;
    d.cuGetErrorName(r, &name);
    s.why = r == CUDA_ERROR_STUB_LIBRARY ? "libcuda.so.1 is the toolkit's stub library, not a driver"
            : r == CUDA_ERROR_NO_DEVICE  ? "the CUDA driver found no GPU (cuInit: CUDA_ERROR_NO_DEVICE)"
                                         : fmt::format("cuInit failed: {} ({})", name ? name : "?", r);
    return s;
  }
  s.ok = true;
  return s;
}

struct StreamDriverState {
  StreamDriver api{};
  bool ok = false;
  std::string why;
};

// From the libcuda load_driver has already opened (RTLD_NOLOAD finds the same handle; nothing is loaded twice).
StreamDriverState load_stream_driver() {
  StreamDriverState s;
  if (!driver(&s.why)) return s;
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (!lib) lib = dlopen("libcuda.so", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (!lib) {
    s.why = "libcuda is not loaded";
    return s;
  }
  std::string missing;
  LMC_CUDA_STREAM_ENTRY_POINTS(LMC_RESOLVE)
  if (!missing.empty()) {
    s.why = fmt::format("the CUDA driver lacks {} (streams and graphs need a driver for CUDA 11.4 or later)", missing);
    return s;
  }
  s.ok = true;
  return s;
}

struct NvrtcState {
  Nvrtc api{};
  bool ok = false;
  std::string why;
};

// cuda_fp16.h sits in the toolkit's include dir: beside the library's lib dir, or in the usual install places.
std::string find_include_dir(const std::string& library) {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  std::error_code ec;
  if (!library.empty()) {
    const fs::path lib = fs::weakly_canonical(library, ec).parent_path();
    candidates.push_back(lib.parent_path() / "include");               // <cuda>/lib64/.. /include
    candidates.push_back(lib.parent_path().parent_path() / "include"); // <cuda>/targets/x86_64-linux/lib
  }
  for (const char* env : {"CUDA_HOME", "CUDA_PATH"})
    if (const char* v = std::getenv(env)) candidates.push_back(fs::path(v) / "include");
  candidates.push_back("/usr/local/cuda/include");
  for (const fs::path& p : candidates)
    if (fs::exists(p / "cuda_fp16.h", ec)) return p.string();
  return {};
}

NvrtcState load_nvrtc() {
  NvrtcState s;
  std::string tried;
  void* lib = open_first({"libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so", "/usr/local/cuda/lib64/libnvrtc.so.13",
                          "/usr/local/cuda/lib64/libnvrtc.so.12", "/usr/local/cuda/lib64/libnvrtc.so"},
                         &tried);
  if (!lib) {
    s.why = "NVRTC is missing: libnvrtc.so could not be opened (install the CUDA toolkit's NVRTC)" + tried;
    return s;
  }
  std::string missing;
  Nvrtc& n = s.api;
  LMC_NVRTC_ENTRY_POINTS(LMC_RESOLVE)
  if (!missing.empty()) {
    s.why = fmt::format("the NVRTC library lacks {} (older than CUDA 11.1?)", missing);
    return s;
  }
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(n.nvrtcVersion), &info) && info.dli_fname) n.library = info.dli_fname;
  n.include_dir = find_include_dir(n.library);
  n.nvrtcVersion(&n.major, &n.minor);
  s.ok = true;
  return s;
}

} // namespace

const Driver* driver(std::string* why) {
  static const DriverState state = load_driver();
  if (!state.ok && why) *why = state.why;
  return state.ok ? &state.api : nullptr;
}

const StreamDriver* stream_driver(std::string* why) {
  static const StreamDriverState state = load_stream_driver();
  if (!state.ok && why) *why = state.why;
  return state.ok ? &state.api : nullptr;
}

const Nvrtc* nvrtc(std::string* why) {
  static const NvrtcState state = load_nvrtc();
  if (!state.ok && why) *why = state.why;
  return state.ok ? &state.api : nullptr;
}

std::string error_text(CUresult result) {
  const Driver* d = driver();
  const char *name = nullptr, *text = nullptr;
  if (d) {
    d->cuGetErrorName(result, &name);
    d->cuGetErrorString(result, &text);
  }
  return fmt::format("{} ({})", name ? name : fmt::format("CUresult {}", result), text ? text : "no description");
}

void check(CUresult result, const char* what) {
  if (result != CUDA_SUCCESS) throw Error(fmt::format("CUDA: {} failed: {}", what, error_text(result)));
}

} // namespace lmc::cu
