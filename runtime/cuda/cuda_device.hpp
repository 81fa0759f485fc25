// The CUDA device: the primary context of one GPU, one stream, a caching allocator, pinned staging for transfers,
// kernels rendered to CUDA C and compiled by NVRTC (disk-cached CUBINs), launched with cuLaunchKernel.
#pragma once
#include "codegen/render/cuda.hpp"
#include "runtime/cuda/caching_allocator.hpp"
#include "runtime/device.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace lmc {

// What `lmc devices` shows about CUDA: the GPU when there is one, else why not and whether compile-only works.
struct CudaInfo {
  bool available = false;    // a GPU, the driver and NVRTC are all there
  std::string why;           // when not available: the first thing missing
  bool compile_only = false; // NVRTC is there (kernels can be compiled to CUBIN without a GPU)
  std::string name;          // "NVIDIA H100 80GB HBM3"
  std::string arch;          // "sm_90"
  size_t total_memory = 0;   // bytes
  int multiprocessors = 0;
  std::string driver_version; // "13.0" (the CUDA version the driver supports)
  std::string nvrtc_version;  // "13.0"
};
CudaInfo cuda_info(int ordinal = 0);

// True when CUDA can run kernels here (driver loads, cuInit succeeds, a GPU is present, NVRTC loads); otherwise
// false with the reason in *why. Cheap after the first call.
bool cuda_available(std::string* why = nullptr);

class CudaDevice final : public Device {
public:
  // Throws lmc::Error saying why when CUDA is not available or the GPU `ordinal` does not exist.
  explicit CudaDevice(int ordinal = 0);
  ~CudaDevice() override;

  const std::string& name() const override { return name_; }
  void* allocate(size_t bytes) override;
  void deallocate(void* ptr, size_t bytes) override;
  size_t cached_bytes() const override;
  // Staged through pinned host memory and queued on the device's stream; returns before the copy completes.
  void copy_in(void* dst, const void* src, size_t bytes) override;
  void copy_out(void* dst, const void* src, size_t bytes) override;
  std::shared_ptr<CompiledKernel> compile(const LinearProgram& program) override;
  void launch(const CompiledKernel& kernel, const LinearProgram& program, std::span<void* const> buffers,
              std::span<const int32_t> vars) override;
  void synchronize() override;

  // Streams are CUDA streams (non-blocking), events CUDA events without timing, graphs captured stream work.
  StreamId create_stream() override;
  void destroy_stream(StreamId stream) override;
  void launch_on(StreamId stream, const CompiledKernel& kernel, const LinearProgram& program,
                 std::span<void* const> buffers, std::span<const int32_t> vars) override;
  void copy_in_on(StreamId stream, void* dst, const void* src, size_t bytes) override;
  void copy_out_on(StreamId stream, void* dst, const void* src, size_t bytes) override;
  void synchronize_stream(StreamId stream) override;
  EventId record_event(StreamId stream) override;
  bool event_done(EventId event) override;
  void synchronize_event(EventId event) override;
  void destroy_event(EventId event) override;
  bool supports_graphs() const override;
  void begin_capture(StreamId stream) override;
  GraphId end_capture(StreamId stream) override;
  void launch_graph(GraphId graph, StreamId stream) override;
  void destroy_graph(GraphId graph) override;

  // compile() renders for target(); this renders for another target (a different block size, or smaller grid
  // limits to exercise the grid-stride path) and launches with the launch shape that target gave.
  std::shared_ptr<CompiledKernel> compile_for(const LinearProgram& program, const CudaTarget& target);

  const CudaTarget& target() const;
  const std::string& arch() const; // "sm_90"
  // With timing on, every launch is bracketed by two events; time_last_launch_ms() waits for the last launch and
  // returns its GPU time. Off by default (two event records per launch are not free).
  void set_timing(bool on);
  bool timing() const;
  double time_last_launch_ms();
  CachingAllocator::Stats memory_stats() const;

private:
  struct Impl;
  std::string name_ = "CUDA";
  std::unique_ptr<Impl> impl_;
};

} // namespace lmc
