// Device buffers owned by the runtime. Each has the id its BUFFER nodes carry; while alive it is findable by id,
// so a schedule that names buffer ids can be run without the frontend passing pointers around.
#pragma once
#include "ir/dtype.hpp"
#include "runtime/device.hpp"

#include <memory>
#include <string_view>

namespace lmc {

class Buffer {
public:
  // `writer`: the kernel whose output it holds, when known; only the trace's memory events use it.
  Buffer(Device& device, DType dtype, int64_t size, int64_t id, std::string_view writer = {});
  // Memory lmc does not own (a host array lent by Python): `owner` keeps it alive while the buffer lives, and the
  // device never frees it. Only for a device whose kernels read host memory (the CPU).
  Buffer(Device& device, DType dtype, int64_t size, int64_t id, void* external, std::shared_ptr<void> owner);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void* ptr() const { return ptr_; }
  DType dtype() const { return dtype_; }
  int64_t size() const { return size_; }
  size_t bytes() const { return static_cast<size_t>(size_) * dtype_.itemsize(); }
  int64_t id() const { return id_; }
  Device& device() const { return device_; }

  void copy_in(const void* host, size_t bytes);
  void copy_out(void* host, size_t bytes) const;

private:
  Device& device_;
  DType dtype_;
  int64_t size_;
  int64_t id_;
  void* ptr_ = nullptr;
  std::shared_ptr<void> owner_; // set for external memory
};

// Allocates a buffer and registers it under `id`; `writer` as in Buffer's constructor.
std::shared_ptr<Buffer> make_buffer(Device& device, DType dtype, int64_t size, int64_t id,
                                    std::string_view writer = {});
// Registers external memory (see Buffer's second constructor) under `id`.
std::shared_ptr<Buffer> make_external_buffer(Device& device, DType dtype, int64_t size, int64_t id, void* external,
                                             std::shared_ptr<void> owner);
// The live buffer with this id, or nullptr.
std::shared_ptr<Buffer> find_buffer(int64_t id);

} // namespace lmc
