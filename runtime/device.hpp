// The device interface every backend implements: memory, transfers, compile, launch, synchronize. The frontend
// and the schedule runner talk only to this; CPU (LLVM) and CUDA (NVRTC + driver API) live behind it.
#pragma once
#include "codegen/linear.hpp"

#include <atomic>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace lmc {

// A kernel compiled for one device; opaque outside the backend.
class CompiledKernel {
public:
  virtual ~CompiledKernel() = default;
  const std::string& source() const { return source_; }

protected:
  std::string source_;
};

// Queues of work on a device. Stream 0 is the device's default stream (the one launch/copy_in/copy_out use); others
// come from create_stream(). Events mark a point in a stream; graphs are recorded launches replayed as one.
using StreamId = int;
using EventId = int;
using GraphId = int;

class Device {
public:
  virtual ~Device() = default;
  virtual const std::string& name() const = 0;
  // Raw memory for `bytes` bytes; throws lmc::Error naming the request when it cannot be had.
  virtual void* allocate(size_t bytes) = 0;
  virtual void deallocate(void* ptr, size_t bytes) = 0;
  // Bytes the allocator holds freed for reuse (its cache); read only while tracing, for viz's Memory view.
  virtual size_t cached_bytes() const { return 0; }
  // host -> device; may return before the copy is done only if `src` stays valid (it copies for safety otherwise)
  virtual void copy_in(void* dst, const void* src, size_t bytes) = 0;
  // device -> host; blocks until the data is there
  virtual void copy_out(void* dst, const void* src, size_t bytes) = 0;
  // Renders and compiles; compile errors raise lmc::Error with the source and the compiler's log.
  virtual std::shared_ptr<CompiledKernel> compile(const LinearProgram& program) = 0;
  // Queues the kernel; returns before it finishes where the device allows.
  virtual void launch(const CompiledKernel& kernel, const LinearProgram& program, std::span<void* const> buffers,
                      std::span<const int32_t> vars) = 0;
  virtual void synchronize() = 0;

  // ---- streams, events, graphs ----
  // The defaults suit a device whose work is done when the call returns (the CPU): streams are names, events are
  // complete when recorded, and graphs are not supported. The CUDA device overrides all of them.
  virtual StreamId create_stream();
  virtual void destroy_stream(StreamId stream);
  virtual void launch_on(StreamId stream, const CompiledKernel& kernel, const LinearProgram& program,
                         std::span<void* const> buffers, std::span<const int32_t> vars);
  // Queued on `stream`; `src` may be reused as soon as the call returns.
  virtual void copy_in_on(StreamId stream, void* dst, const void* src, size_t bytes);
  // Waits for the work queued on `stream` before it, then copies; returns when the data is in `dst`.
  virtual void copy_out_on(StreamId stream, void* dst, const void* src, size_t bytes);
  virtual void synchronize_stream(StreamId stream);
  virtual EventId record_event(StreamId stream);
  // Never blocks: has the work before the event finished?
  virtual bool event_done(EventId event);
  virtual void synchronize_event(EventId event);
  virtual void destroy_event(EventId event);
  virtual bool supports_graphs() const { return false; }
  // Between begin_capture and end_capture, launch_on(stream, ...) records instead of running; end_capture returns
  // the instantiated graph, and launch_graph queues all its launches at once.
  virtual void begin_capture(StreamId stream);
  virtual GraphId end_capture(StreamId stream);
  virtual void launch_graph(GraphId graph, StreamId stream);
  virtual void destroy_graph(GraphId graph);

private:
  std::atomic<int> next_stream_{1};
  std::atomic<int> next_event_{1};
};

// The device named `name` ("CPU", "CUDA"), created on first use. Throws lmc::Error for an unknown or
// unavailable device, saying why.
Device& get_device(const std::string& name);
// LMC_DEVICE when set, else the best present device.
std::string default_device();

} // namespace lmc
