// nvrtc_compile and its cached form: the options, the include path for cuda_fp16.h, the error with source and log.
// The cache key covers everything that changes the binary: source, arch, NVRTC version and the option list.
#include "runtime/cuda/nvrtc_compile.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "ir/hash.hpp"
#include "runtime/cuda/cuda_api.hpp"
#include "runtime/disk_cache.hpp"

#include <atomic>
#include <fmt/format.h>

namespace lmc {
namespace {

std::atomic<uint64_t> g_compiled{0}, g_disk_hits{0};

// The options for `arch`; the include path only when the toolkit headers were found (only fp16/bf16 kernels
// include anything, and those fail with NVRTC's "cannot open source file" log when it is missing).
std::vector<std::string> options(const cu::Nvrtc& n, const std::string& arch, bool contract_fma) {
  std::vector<std::string> opts{"--gpu-architecture=" + arch, "-std=c++17"};
  if (!n.include_dir.empty()) opts.push_back("-I" + n.include_dir);
  if (!contract_fma) opts.push_back("--fmad=false");
  return opts;
}

const cu::Nvrtc& require_nvrtc() {
  std::string why;
  const cu::Nvrtc* n = cu::nvrtc(&why);
  if (!n) throw Error("CUDA compile: " + why);
  return *n;
}

// The source with line numbers, so NVRTC's "kernel.cu(12): error" points somewhere a reader can find.
std::string numbered(const std::string& src) {
  std::string out;
  int line = 1;
  size_t start = 0;
  while (start < src.size()) {
    size_t end = src.find('\n', start);
    if (end == std::string::npos) end = src.size();
    out += fmt::format("{:4} | {}\n", line++, std::string_view(src).substr(start, end - start));
    start = end + 1;
  }
  return out;
}

} // namespace

std::vector<char> nvrtc_compile(const std::string& src, const std::string& arch, std::string* log, bool contract_fma) {
  const cu::Nvrtc& n = require_nvrtc();
  cu::nvrtcProgram prog = nullptr;
  if (int r = n.nvrtcCreateProgram(&prog, src.c_str(), "kernel.cu", 0, nullptr, nullptr); r != 0)
    throw Error(fmt::format("CUDA compile: nvrtcCreateProgram failed: {}", n.nvrtcGetErrorString(r)));
  const std::vector<std::string> opts = options(n, arch, contract_fma);
  std::vector<const char*> argv;
  for (const std::string& o : opts)
    argv.push_back(o.c_str());
  const int result = n.nvrtcCompileProgram(prog, static_cast<int>(argv.size()), argv.data());
  size_t log_size = 0;
  n.nvrtcGetProgramLogSize(prog, &log_size);
  std::string text(log_size, '\0');
  if (log_size) n.nvrtcGetProgramLog(prog, text.data());
  while (!text.empty() && (text.back() == '\0' || text.back() == '\n'))
    text.pop_back();
  if (log) *log = text;
  std::vector<char> cubin;
  if (result == 0) {
    size_t size = 0;
    n.nvrtcGetCUBINSize(prog, &size);
    cubin.resize(size);
    if (size) n.nvrtcGetCUBIN(prog, cubin.data());
  }
  n.nvrtcDestroyProgram(&prog);
  if (result != 0)
    throw Error(fmt::format("CUDA compile failed ({}, NVRTC {}.{}, {}):\n{}\n--- source ---\n{}",
                            n.nvrtcGetErrorString(result), n.major, n.minor, arch, text, numbered(src)));
  if (cubin.empty()) throw Error(fmt::format("CUDA compile: NVRTC returned no CUBIN for {} (arch {})", arch, arch));
  return cubin;
}

uint64_t nvrtc_cache_key(const std::string& src, const std::string& arch, bool contract_fma) {
  const cu::Nvrtc& n = require_nvrtc();
  StableHasher h;
  h.add_str("cubin").add_str(src).add_str(arch).add_i64(n.major).add_i64(n.minor);
  for (const std::string& o : options(n, arch, contract_fma))
    h.add_str(o);
  return h.digest();
}

std::string nvrtc_cache_dir() {
  return config().cache_dir + "/cuda";
}

bool nvrtc_contracts_fma(bool float64_math) {
  switch (config().cuda_fma) {
  case Config::Fma::On:
    return true;
  case Config::Fma::Off:
    return false;
  case Config::Fma::Auto:
    break;
  }
  return !float64_math;
}

std::vector<char> nvrtc_compile_cached(const std::string& src, const std::string& arch, bool* from_cache,
                                       bool contract_fma) {
  DiskCache cache(nvrtc_cache_dir(), ".cubin");
  const uint64_t key = nvrtc_cache_key(src, arch, contract_fma);
  if (auto hit = cache.get(key)) {
    if (from_cache) *from_cache = true;
    g_disk_hits.fetch_add(1);
    return std::move(*hit);
  }
  if (from_cache) *from_cache = false;
  std::vector<char> cubin = nvrtc_compile(src, arch, nullptr, contract_fma);
  g_compiled.fetch_add(1);
  cache.put(key, cubin);
  return cubin;
}

uint64_t nvrtc_compile_count() {
  return g_compiled.load();
}
uint64_t nvrtc_disk_hit_count() {
  return g_disk_hits.load();
}

std::string nvrtc_version(std::string* why) {
  const cu::Nvrtc* n = cu::nvrtc(why);
  return n ? fmt::format("{}.{}", n->major, n->minor) : std::string();
}

} // namespace lmc
