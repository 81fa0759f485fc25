// Buffer allocation and the id registry.
#include "runtime/buffer.hpp"

#include "ir/checked.hpp"
#include "ir/error.hpp"
#include "rewrite/trace.hpp"

#include <fmt/format.h>
#include <mutex>
#include <unordered_map>

namespace lmc {
namespace {
struct Registry {
  std::mutex mutex;
  std::unordered_map<int64_t, std::weak_ptr<Buffer>> by_id;
};
Registry& registry() {
  static Registry* r = new Registry();
  return *r;
}
} // namespace

Buffer::Buffer(Device& device, DType dtype, int64_t size, int64_t id, std::string_view writer)
    : device_(device), dtype_(dtype), size_(size), id_(id) {
  if (size < 0) throw Error(fmt::format("buffer of negative size {}", size));
  // bytes() multiplies without a check: refuse here, once, a size whose byte count would wrap to a small allocation.
  checked_bytes(size, dtype.itemsize(), fmt::format("buffer {} of {} {}", id, size, dtype.name()));
  rw::Tracer* tracer = rw::Tracer::active();
  if (!tracer) {
    ptr_ = device_.allocate(std::max<size_t>(bytes(), 1));
    return;
  }
  // A shrinking cache means the allocator handed back a block it held rather than asking the device.
  const size_t cached_before = device_.cached_bytes();
  ptr_ = device_.allocate(std::max<size_t>(bytes(), 1));
  const size_t cached_after = device_.cached_bytes();
  std::string label = fmt::format("{}[{}]", dtype_.name(), size_);
  if (!writer.empty()) label += fmt::format(" out of {}", writer);
  tracer->memory({"alloc", device_.name(), id_, bytes(), std::move(label), cached_after < cached_before, cached_after,
                  tracer->now_ns()});
}

Buffer::Buffer(Device& device, DType dtype, int64_t size, int64_t id, void* external, std::shared_ptr<void> owner)
    : device_(device), dtype_(dtype), size_(size), id_(id), ptr_(external), owner_(std::move(owner)) {
  if (size < 0) throw Error(fmt::format("buffer of negative size {}", size));
  checked_bytes(size, dtype.itemsize(), fmt::format("buffer {} of {} {}", id, size, dtype.name()));
  if (!external || !owner_) throw Error(fmt::format("external buffer {} without memory or owner", id));
  if (rw::Tracer* tracer = rw::Tracer::active())
    tracer->memory({"alloc", device_.name(), id_, bytes(), fmt::format("host array {}[{}]", dtype_.name(), size_),
                    false, device_.cached_bytes(), tracer->now_ns()});
}

Buffer::~Buffer() {
  if (!owner_) device_.deallocate(ptr_, std::max<size_t>(bytes(), 1));
  if (rw::Tracer* tracer = rw::Tracer::active())
    tracer->memory({"free", device_.name(), id_, bytes(), "", false, device_.cached_bytes(), tracer->now_ns()});
  std::lock_guard lock(registry().mutex);
  auto it = registry().by_id.find(id_);
  if (it != registry().by_id.end() && it->second.expired()) registry().by_id.erase(it);
}

void Buffer::copy_in(const void* host, size_t n) {
  if (n != bytes())
    throw Error(fmt::format("copy of {} bytes into a buffer of {} bytes ({} x {})", n, bytes(), size_, dtype_.name()));
  device_.copy_in(ptr_, host, n);
}

void Buffer::copy_out(void* host, size_t n) const {
  if (n != bytes())
    throw Error(
        fmt::format("copy of {} bytes out of a buffer of {} bytes ({} x {})", n, bytes(), size_, dtype_.name()));
  device_.copy_out(host, ptr_, n);
}

std::shared_ptr<Buffer> make_buffer(Device& device, DType dtype, int64_t size, int64_t id, std::string_view writer) {
  auto b = std::make_shared<Buffer>(device, dtype, size, id, writer);
  std::lock_guard lock(registry().mutex);
  registry().by_id[id] = b;
  return b;
}

std::shared_ptr<Buffer> make_external_buffer(Device& device, DType dtype, int64_t size, int64_t id, void* external,
                                             std::shared_ptr<void> owner) {
  auto b = std::make_shared<Buffer>(device, dtype, size, id, external, std::move(owner));
  std::lock_guard lock(registry().mutex);
  registry().by_id[id] = b;
  return b;
}

std::shared_ptr<Buffer> find_buffer(int64_t id) {
  std::lock_guard lock(registry().mutex);
  auto it = registry().by_id.find(id);
  return it == registry().by_id.end() ? nullptr : it->second.lock();
}

} // namespace lmc
