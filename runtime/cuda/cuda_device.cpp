// CudaDevice: glue between the Device interface, the renderer, NVRTC and the driver tables. Contexts, streams,
// staging and events live here; compiling lives in nvrtc_compile.cpp and memory policy in caching_allocator.cpp.
#include "runtime/cuda/cuda_device.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"
#include "rewrite/trace.hpp"
#include "runtime/cuda/cuda_api.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <fmt/format.h>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace lmc {
namespace {

using cu::check;

std::string version_text(int v) {
  return fmt::format("{}.{}", v / 1000, (v % 1000) / 10);
}

// The primary context of one GPU, shared by the device and every kernel compiled for it, so a kernel outliving its
// device (static destruction order) still unloads its module in a live context.
struct Context {
  const cu::Driver& d;
  cu::CUdevice dev = 0;
  cu::CUcontext ctx = nullptr;
  Context(const cu::Driver& driver, cu::CUdevice device) : d(driver), dev(device) {
    check(d.cuDevicePrimaryCtxRetain(&ctx, dev), "cuDevicePrimaryCtxRetain");
  }
  ~Context() { d.cuDevicePrimaryCtxRelease(dev); }
  // Makes the context current on the calling thread (once per thread).
  void bind() const {
    thread_local cu::CUcontext bound = nullptr;
    if (bound == ctx) return;
    check(d.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
    bound = ctx;
  }
};

class CudaCompiledKernel final : public CompiledKernel {
public:
  CudaCompiledKernel(std::shared_ptr<Context> ctx, cu::CUmodule module, cu::CUfunction fn, CudaKernelSource src)
      : ctx_(std::move(ctx)), module_(module), fn_(fn), launch_(std::move(src.launch)), symbol_(std::move(src.name)) {
    source_ = std::move(src.source);
  }
  ~CudaCompiledKernel() override {
    try {
      ctx_->bind();
      // A launch of this kernel may still be queued; unloading its module under it would be undefined.
      ctx_->d.cuCtxSynchronize();
      ctx_->d.cuModuleUnload(module_);
    } catch (...) {
      // At process exit the driver may be gone; the module goes with the process.
    }
  }
  cu::CUfunction fn() const { return fn_; }
  const CudaLaunchSpec& launch() const { return launch_; }
  const std::string& symbol() const { return symbol_; }

private:
  std::shared_ptr<Context> ctx_;
  cu::CUmodule module_;
  cu::CUfunction fn_;
  CudaLaunchSpec launch_;
  std::string symbol_;
};

// Host <-> device transfers go through a ring of pinned blocks: a pageable copy would make the driver stage it
// anyway, synchronously; with our own ring, copy_in returns at once and large copies overlap memcpy and DMA.
constexpr size_t kStagingBytes = size_t{8} << 20;
constexpr int kStagingSlots = 4;

struct StagingSlot {
  void* host = nullptr;
  cu::CUevent done = nullptr;
  bool pending = false; // a copy using `host` may still be in flight; wait on `done` before touching it
};

} // namespace

struct CudaDevice::Impl {
  const cu::Driver& d;
  std::shared_ptr<Context> ctx;
  cu::CUstream stream = nullptr;
  CudaTarget target;
  std::string arch;
  std::unique_ptr<CachingAllocator> alloc;
  std::mutex mutex; // staging ring and timing events
  StagingSlot slots[kStagingSlots];
  uint64_t next_slot = 0;
  cu::CUevent start = nullptr, stop = nullptr;
  bool timing = false, timed = false;
  // Streams, events and graphs the caller created, by id (stream 0 is `stream`). Guarded by `mutex`.
  std::unordered_map<StreamId, cu::CUstream> streams;
  std::unordered_map<EventId, cu::CUevent> events;
  std::unordered_map<GraphId, std::pair<cu::CUgraph, cu::CUgraphExec>> graphs;
  int next_id = 1;

  explicit Impl(const cu::Driver& driver) : d(driver) {}

  // Callers hold `mutex`.
  cu::CUstream stream_of(StreamId id) const {
    if (id == 0) return stream;
    auto it = streams.find(id);
    if (it == streams.end()) throw Error(fmt::format("CUDA: stream {} does not exist", id));
    return it->second;
  }
  cu::CUevent event_of(EventId id) const {
    auto it = events.find(id);
    if (it == events.end()) throw Error(fmt::format("CUDA: event {} does not exist", id));
    return it->second;
  }
  const cu::StreamDriver& sd() const {
    std::string why;
    const cu::StreamDriver* s = cu::stream_driver(&why);
    if (!s) throw Error("CUDA: " + why);
    return *s;
  }

  StagingSlot& take_slot() {
    StagingSlot& s = slots[next_slot++ % kStagingSlots];
    if (!s.host) {
      check(d.cuMemAllocHost(&s.host, kStagingBytes), "cuMemAllocHost (pinned staging buffer)");
      check(d.cuEventCreate(&s.done, cu::CU_EVENT_DISABLE_TIMING), "cuEventCreate");
    }
    if (s.pending) check(d.cuEventSynchronize(s.done), "cuEventSynchronize (staging)");
    s.pending = false;
    return s;
  }
};

bool cuda_available(std::string* why) {
  static const std::pair<bool, std::string> state = [] {
    std::string reason;
    const cu::Driver* d = cu::driver(&reason);
    if (!d) return std::pair{false, reason};
    int count = 0;
    if (cu::CUresult r = d->cuDeviceGetCount(&count); r != cu::CUDA_SUCCESS)
      return std::pair{false, "cuDeviceGetCount failed: " + cu::error_text(r)};
    if (count == 0) return std::pair{false, std::string("the CUDA driver is installed but sees no GPU")};
    if (!cu::nvrtc(&reason)) return std::pair{false, reason};
    return std::pair{true, std::string()};
  }();
  if (!state.first && why) *why = state.second;
  return state.first;
}

CudaInfo cuda_info(int ordinal) {
  CudaInfo info;
  std::string why;
  info.nvrtc_version = nvrtc_version(&why);
  info.compile_only = !info.nvrtc_version.empty();
  info.available = cuda_available(&info.why);
  if (const cu::Driver* d = cu::driver()) {
    int v = 0;
    if (d->cuDriverGetVersion(&v) == cu::CUDA_SUCCESS) info.driver_version = version_text(v);
    cu::CUdevice dev = 0;
    if (d->cuDeviceGet(&dev, ordinal) == cu::CUDA_SUCCESS) {
      char name[256] = {};
      d->cuDeviceGetName(name, sizeof(name), dev);
      info.name = name;
      int major = 0, minor = 0;
      d->cuDeviceGetAttribute(&major, cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
      d->cuDeviceGetAttribute(&minor, cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
      info.arch = fmt::format("sm_{}{}", major, minor);
      d->cuDeviceTotalMem(&info.total_memory, dev);
      d->cuDeviceGetAttribute(&info.multiprocessors, cu::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev);
    }
  }
  return info;
}

CudaDevice::CudaDevice(int ordinal) {
  std::string why;
  if (!cuda_available(&why)) throw Error("device CUDA is not available: " + why);
  const cu::Driver& d = *cu::driver();
  impl_ = std::make_unique<Impl>(d);
  cu::CUdevice dev = 0;
  check(d.cuDeviceGet(&dev, ordinal), "cuDeviceGet");
  impl_->ctx = std::make_shared<Context>(d, dev);
  impl_->ctx->bind();
  int major = 0, minor = 0, threads = 0, gx = 0, gy = 0, optin = 0;
  check(d.cuDeviceGetAttribute(&major, cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev), "cuDeviceGetAttribute");
  check(d.cuDeviceGetAttribute(&minor, cu::CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev), "cuDeviceGetAttribute");
  check(d.cuDeviceGetAttribute(&threads, cu::CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, dev), "cuDeviceGetAttribute");
  check(d.cuDeviceGetAttribute(&gx, cu::CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X, dev), "cuDeviceGetAttribute");
  check(d.cuDeviceGetAttribute(&gy, cu::CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y, dev), "cuDeviceGetAttribute");
  check(d.cuDeviceGetAttribute(&optin, cu::CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, dev),
        "cuDeviceGetAttribute");
  impl_->target.sm = major * 10 + minor;
  impl_->target.max_block_threads = threads;
  impl_->target.max_grid_x = gx;
  impl_->target.max_grid_yz = gy;
  impl_->target.max_shared_optin = optin;
  impl_->target.block_size = std::min(impl_->target.block_size, threads);
  impl_->arch = fmt::format("sm_{}{}", major, minor);
  check(d.cuStreamCreate(&impl_->stream, cu::CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  check(d.cuEventCreate(&impl_->start, cu::CU_EVENT_DEFAULT), "cuEventCreate");
  check(d.cuEventCreate(&impl_->stop, cu::CU_EVENT_DEFAULT), "cuEventCreate");

  Impl* impl = impl_.get();
  CachingAllocator::Backend backend;
  backend.alloc = [impl](size_t bytes) -> void* {
    impl->ctx->bind();
    cu::CUdeviceptr p = 0;
    const cu::CUresult r = impl->d.cuMemAlloc(&p, bytes);
    if (r == cu::CUDA_ERROR_OUT_OF_MEMORY) return nullptr;
    check(r, "cuMemAlloc");
    return reinterpret_cast<void*>(p);
  };
  backend.free = [impl](void* p) {
    impl->ctx->bind();
    impl->d.cuMemFree(reinterpret_cast<cu::CUdeviceptr>(p));
  };
  backend.info = [impl](size_t* free, size_t* total) {
    impl->ctx->bind();
    impl->d.cuMemGetInfo(free, total);
  };
  // A cached block may still be read by a queued kernel on any stream; cuMemFree of it must wait for them all.
  backend.before_release = [impl] {
    impl->ctx->bind();
    impl->d.cuCtxSynchronize();
  };
  impl_->alloc = std::make_unique<CachingAllocator>(fmt::format("CUDA:{} ({})", ordinal, impl_->arch), backend);
  if (config().debug >= 1) {
    const CudaInfo info = cuda_info(ordinal);
    fmt::print(stderr, "lmc: CUDA device {}: {} ({}, {} MiB, driver {}, NVRTC {})\n", ordinal, info.name, info.arch,
               info.total_memory >> 20, info.driver_version, info.nvrtc_version);
  }
}

CudaDevice::~CudaDevice() {
  try {
    impl_->ctx->bind();
    impl_->d.cuCtxSynchronize();
    if (const cu::StreamDriver* sd = cu::stream_driver()) {
      for (auto& [id, g] : impl_->graphs) {
        sd->cuGraphExecDestroy(g.second);
        sd->cuGraphDestroy(g.first);
      }
    }
    for (auto& [id, e] : impl_->events)
      impl_->d.cuEventDestroy(e);
    for (auto& [id, st] : impl_->streams)
      impl_->d.cuStreamDestroy(st);
    impl_->alloc.reset();
    for (StagingSlot& s : impl_->slots) {
      if (s.host) impl_->d.cuMemFreeHost(s.host);
      if (s.done) impl_->d.cuEventDestroy(s.done);
    }
    impl_->d.cuEventDestroy(impl_->start);
    impl_->d.cuEventDestroy(impl_->stop);
    impl_->d.cuStreamDestroy(impl_->stream);
  } catch (...) {
    // The driver may already be shut down at process exit.
  }
}

const CudaTarget& CudaDevice::target() const {
  return impl_->target;
}
const std::string& CudaDevice::arch() const {
  return impl_->arch;
}

void* CudaDevice::allocate(size_t bytes) {
  return impl_->alloc->allocate(bytes);
}

void CudaDevice::deallocate(void* ptr, size_t) {
  impl_->alloc->deallocate(ptr);
}

size_t CudaDevice::cached_bytes() const {
  return impl_->alloc->stats().cached_bytes;
}

void CudaDevice::copy_in(void* dst, const void* src, size_t bytes) {
  copy_in_on(0, dst, src, bytes);
}

void CudaDevice::copy_in_on(StreamId stream_id, void* dst, const void* src, size_t bytes) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  const cu::CUstream stream = impl_->stream_of(stream_id);
  const auto base = reinterpret_cast<cu::CUdeviceptr>(dst);
  for (size_t off = 0; off < bytes; off += kStagingBytes) {
    const size_t n = std::min(kStagingBytes, bytes - off);
    StagingSlot& s = impl_->take_slot();
    std::memcpy(s.host, static_cast<const char*>(src) + off, n);
    check(impl_->d.cuMemcpyHtoDAsync(base + off, s.host, n, stream), "cuMemcpyHtoDAsync");
    check(impl_->d.cuEventRecord(s.done, stream), "cuEventRecord");
    s.pending = true;
  }
}

void CudaDevice::copy_out(void* dst, const void* src, size_t bytes) {
  copy_out_on(0, dst, src, bytes);
}

void CudaDevice::copy_out_on(StreamId stream_id, void* dst, const void* src, size_t bytes) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  const cu::CUstream stream = impl_->stream_of(stream_id);
  const auto base = reinterpret_cast<cu::CUdeviceptr>(src);
  struct Pending {
    StagingSlot* slot;
    size_t off, n;
  };
  std::deque<Pending> queue; // in ring order, so the slot about to be reused is always the oldest entry
  auto drain_one = [&] {
    Pending p = queue.front();
    queue.pop_front();
    check(impl_->d.cuEventSynchronize(p.slot->done), "cuEventSynchronize (copy out)");
    p.slot->pending = false;
    std::memcpy(static_cast<char*>(dst) + p.off, p.slot->host, p.n);
  };
  for (size_t off = 0; off < bytes; off += kStagingBytes) {
    while (queue.size() >= static_cast<size_t>(kStagingSlots) - 1)
      drain_one();
    const size_t n = std::min(kStagingBytes, bytes - off);
    StagingSlot& s = impl_->take_slot();
    check(impl_->d.cuMemcpyDtoHAsync(s.host, base + off, n, stream), "cuMemcpyDtoHAsync");
    check(impl_->d.cuEventRecord(s.done, stream), "cuEventRecord");
    s.pending = true;
    queue.push_back({&s, off, n});
  }
  while (!queue.empty())
    drain_one();
}

std::shared_ptr<CompiledKernel> CudaDevice::compile(const LinearProgram& program) {
  return compile_for(program, impl_->target);
}

std::shared_ptr<CompiledKernel> CudaDevice::compile_for(const LinearProgram& program, const CudaTarget& target) {
  std::optional<rw::TimedPhase> phase(std::in_place, "flatten_threads"); // the CUDA-only pass, timed for viz
  const FlatThreadProgram flat = flatten_threads(program, target);
  phase.emplace("render");
  CudaKernelSource src = render_cuda(flat, target);
  phase.emplace("compile"); // NVRTC (or its disk cache) and loading the module
  bool hit = false;
  // wgmma kernels need the arch-specific target (sm_90a); the rest stay portable to later archs' PTX rules.
  const std::string arch = src.arch_specific ? impl_->arch + "a" : impl_->arch;
  const std::vector<char> cubin = nvrtc_compile_cached(src.source, arch, &hit, nvrtc_contracts_fma(src.float64_math));
  impl_->ctx->bind();
  cu::CUmodule module = nullptr;
  if (cu::CUresult r = impl_->d.cuModuleLoadData(&module, cubin.data()); r != cu::CUDA_SUCCESS) {
    int v = 0;
    impl_->d.cuDriverGetVersion(&v);
    throw Error(fmt::format("CUDA: cuModuleLoadData of kernel '{}' ({}, NVRTC {}, driver supports CUDA {}) failed: {}"
                            "\n--- source ---\n{}",
                            src.name, arch, nvrtc_version(), version_text(v), cu::error_text(r), src.source));
  }
  cu::CUfunction fn = nullptr;
  if (cu::CUresult r = impl_->d.cuModuleGetFunction(&fn, module, src.name.c_str()); r != cu::CUDA_SUCCESS) {
    impl_->d.cuModuleUnload(module);
    check(r, "cuModuleGetFunction");
  }
  // Dynamic shared memory past 48 KiB needs the function's opt-in, once; the renderer already refused more than
  // `target` allows, but `target` may be looser than this GPU.
  if (const int64_t smem = src.launch.dynamic_smem_bytes; smem > 0) {
    std::string why;
    if (smem > impl_->target.max_shared_optin)
      why = fmt::format("{} allows {}", impl_->arch, impl_->target.max_shared_optin);
    else if (cu::CUresult r = impl_->d.cuFuncSetAttribute(fn, cu::CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                                          static_cast<int>(smem));
             r != cu::CUDA_SUCCESS)
      why = "cuFuncSetAttribute failed: " + cu::error_text(r);
    if (!why.empty()) {
      impl_->d.cuModuleUnload(module);
      throw Error(fmt::format("CUDA: kernel '{}' needs {} bytes of shared memory per block; {}", src.name, smem, why));
    }
  }
  if (config().debug >= 2)
    fmt::print(stderr, "lmc: CUDA kernel {} compiled for {} ({})\n", src.name, arch, hit ? "disk cache" : "NVRTC");
  return std::make_shared<CudaCompiledKernel>(impl_->ctx, module, fn, std::move(src));
}

void CudaDevice::launch(const CompiledKernel& kernel, const LinearProgram& program, std::span<void* const> buffers,
                        std::span<const int32_t> vars) {
  launch_on(0, kernel, program, buffers, vars);
}

void CudaDevice::launch_on(StreamId stream_id, const CompiledKernel& kernel, const LinearProgram& program,
                           std::span<void* const> buffers, std::span<const int32_t> vars) {
  const auto* k = dynamic_cast<const CudaCompiledKernel*>(&kernel);
  if (!k) throw Error(fmt::format("CUDA: kernel '{}' was not compiled for CUDA", program.name));
  program.check_launch(buffers.size(), vars);
  const CudaDims dims = cuda_launch_dims(k->launch(), vars, impl_->target);
  if (dims.empty()) return; // zero work items: nothing to run (a zero grid is a launch error)
  // cuLaunchKernel reads the argument values when called, so these locals may die right after.
  std::vector<cu::CUdeviceptr> ptrs(program.params.size());
  std::vector<int> ints(vars.begin(), vars.begin() + static_cast<std::ptrdiff_t>(program.vars.size()));
  std::vector<void*> args;
  for (size_t i = 0; i < ptrs.size(); ++i) {
    ptrs[i] = reinterpret_cast<cu::CUdeviceptr>(buffers[i]);
    args.push_back(&ptrs[i]);
  }
  for (const auto& [slot, bytes] : k->launch().aligned_params)
    if (ptrs.at(static_cast<size_t>(slot)) % static_cast<cu::CUdeviceptr>(bytes) != 0)
      throw Error(fmt::format(
          "CUDA: kernel '{}' reads buffer {} with {}-byte vector loads, but its address {:#x} is not "
          "aligned to {} bytes (memory lmc did not allocate?)",
          k->symbol(), slot, bytes, static_cast<unsigned long long>(ptrs[static_cast<size_t>(slot)]), bytes));
  for (int& v : ints)
    args.push_back(&v);
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  const cu::CUstream stream = impl_->stream_of(stream_id);
  // Timing events belong to the default stream; a launch on another stream is not timed.
  const bool timed = impl_->timing && stream_id == 0;
  if (timed) check(impl_->d.cuEventRecord(impl_->start, stream), "cuEventRecord");
  check(impl_->d.cuLaunchKernel(k->fn(), dims.grid[0], dims.grid[1], dims.grid[2], dims.block[0], dims.block[1],
                                dims.block[2], static_cast<unsigned>(k->launch().dynamic_smem_bytes), stream,
                                args.data(), nullptr),
        fmt::format("cuLaunchKernel of '{}' (grid {}x{}x{}, block {}x{}x{})", k->symbol(), dims.grid[0], dims.grid[1],
                    dims.grid[2], dims.block[0], dims.block[1], dims.block[2])
            .c_str());
  if (timed) {
    check(impl_->d.cuEventRecord(impl_->stop, stream), "cuEventRecord");
    impl_->timed = true;
  }
}

void CudaDevice::synchronize() {
  impl_->ctx->bind();
  check(impl_->d.cuStreamSynchronize(impl_->stream), "cuStreamSynchronize");
}

StreamId CudaDevice::create_stream() {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  cu::CUstream s = nullptr;
  check(impl_->d.cuStreamCreate(&s, cu::CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  const StreamId id = impl_->next_id++;
  impl_->streams.emplace(id, s);
  return id;
}

void CudaDevice::destroy_stream(StreamId stream_id) {
  if (stream_id == 0) throw Error("CUDA: the default stream cannot be destroyed");
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  const cu::CUstream s = impl_->stream_of(stream_id);
  // Work still queued on it completes first (cuStreamDestroy would let it finish anyway, but buffers it reads may be
  // freed right after this call).
  check(impl_->d.cuStreamSynchronize(s), "cuStreamSynchronize");
  impl_->d.cuStreamDestroy(s);
  impl_->streams.erase(stream_id);
}

void CudaDevice::synchronize_stream(StreamId stream_id) {
  cu::CUstream s = nullptr;
  {
    std::lock_guard lock(impl_->mutex);
    s = impl_->stream_of(stream_id);
  }
  impl_->ctx->bind();
  check(impl_->d.cuStreamSynchronize(s), "cuStreamSynchronize");
}

EventId CudaDevice::record_event(StreamId stream_id) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  cu::CUevent e = nullptr;
  check(impl_->d.cuEventCreate(&e, cu::CU_EVENT_DISABLE_TIMING), "cuEventCreate");
  if (cu::CUresult r = impl_->d.cuEventRecord(e, impl_->stream_of(stream_id)); r != cu::CUDA_SUCCESS) {
    impl_->d.cuEventDestroy(e);
    check(r, "cuEventRecord");
  }
  const EventId id = impl_->next_id++;
  impl_->events.emplace(id, e);
  return id;
}

bool CudaDevice::event_done(EventId event) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  const cu::CUresult r = impl_->sd().cuEventQuery(impl_->event_of(event));
  if (r == cu::CUDA_ERROR_NOT_READY) return false;
  check(r, "cuEventQuery");
  return true;
}

void CudaDevice::synchronize_event(EventId event) {
  cu::CUevent e = nullptr;
  {
    std::lock_guard lock(impl_->mutex);
    e = impl_->event_of(event);
  }
  impl_->ctx->bind();
  check(impl_->d.cuEventSynchronize(e), "cuEventSynchronize");
}

void CudaDevice::destroy_event(EventId event) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  impl_->d.cuEventDestroy(impl_->event_of(event));
  impl_->events.erase(event);
}

bool CudaDevice::supports_graphs() const {
  return cu::stream_driver() != nullptr;
}

void CudaDevice::begin_capture(StreamId stream_id) {
  if (stream_id == 0)
    throw Error("CUDA: capture needs a stream from create_stream() (the default stream also carries copies)");
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  check(impl_->sd().cuStreamBeginCapture(impl_->stream_of(stream_id), cu::CU_STREAM_CAPTURE_MODE_RELAXED),
        "cuStreamBeginCapture");
}

GraphId CudaDevice::end_capture(StreamId stream_id) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  const cu::StreamDriver& sd = impl_->sd();
  cu::CUgraph graph = nullptr;
  check(sd.cuStreamEndCapture(impl_->stream_of(stream_id), &graph), "cuStreamEndCapture");
  cu::CUgraphExec exec = nullptr;
  if (cu::CUresult r = sd.cuGraphInstantiateWithFlags(&exec, graph, 0); r != cu::CUDA_SUCCESS) {
    sd.cuGraphDestroy(graph);
    check(r, "cuGraphInstantiateWithFlags");
  }
  const GraphId id = impl_->next_id++;
  impl_->graphs.emplace(id, std::pair{graph, exec});
  return id;
}

void CudaDevice::launch_graph(GraphId graph, StreamId stream_id) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  auto it = impl_->graphs.find(graph);
  if (it == impl_->graphs.end()) throw Error(fmt::format("CUDA: graph {} does not exist", graph));
  check(impl_->sd().cuGraphLaunch(it->second.second, impl_->stream_of(stream_id)), "cuGraphLaunch");
}

void CudaDevice::destroy_graph(GraphId graph) {
  std::lock_guard lock(impl_->mutex);
  impl_->ctx->bind();
  auto it = impl_->graphs.find(graph);
  if (it == impl_->graphs.end()) return;
  // A launch of it may be queued; the exec must outlive it.
  impl_->d.cuCtxSynchronize();
  const cu::StreamDriver& sd = impl_->sd();
  sd.cuGraphExecDestroy(it->second.second);
  sd.cuGraphDestroy(it->second.first);
  impl_->graphs.erase(it);
}

void CudaDevice::set_timing(bool on) {
  std::lock_guard lock(impl_->mutex);
  impl_->timing = on;
  impl_->timed = false;
}

bool CudaDevice::timing() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->timing;
}

double CudaDevice::time_last_launch_ms() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->timed) throw Error("CUDA: no timed launch yet (call set_timing(true) before launching)");
  impl_->ctx->bind();
  check(impl_->d.cuEventSynchronize(impl_->stop), "cuEventSynchronize");
  float ms = 0;
  check(impl_->d.cuEventElapsedTime(&ms, impl_->start, impl_->stop), "cuEventElapsedTime");
  return ms;
}

CachingAllocator::Stats CudaDevice::memory_stats() const {
  return impl_->alloc->stats();
}

} // namespace lmc
