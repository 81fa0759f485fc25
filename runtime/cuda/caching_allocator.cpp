// CachingAllocator: exact size-class reuse, one flush-and-retry on out of memory, and the error message for it.
// Exact classes (no splitting) keep it simple and predictable; the class rounding bounds the memory this wastes.
#include "runtime/cuda/caching_allocator.hpp"

#include "ir/error.hpp"

#include <bit>
#include <fmt/format.h>

namespace lmc {

namespace {
std::string human(size_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1024.0 * 1024 * 1024) return fmt::format("{:.2f} GiB", b / (1024.0 * 1024 * 1024));
  if (b >= 1024.0 * 1024) return fmt::format("{:.2f} MiB", b / (1024.0 * 1024));
  return fmt::format("{:.1f} KiB", b / 1024.0);
}
} // namespace

CachingAllocator::CachingAllocator(std::string device, Backend backend)
    : device_(std::move(device)), backend_(std::move(backend)) {}

CachingAllocator::~CachingAllocator() {
  try {
    release_cached();
  } catch (...) {
    // At process exit the driver may already be gone; the memory goes with the process anyway.
  }
}

size_t CachingAllocator::size_class(size_t bytes) {
  constexpr size_t kSmall = 512, kLarge = size_t{1} << 20;
  if (bytes <= kLarge) return std::max<size_t>(kSmall, (bytes + kSmall - 1) / kSmall * kSmall);
  const int top = std::bit_width(bytes - 1) - 1; // 2^top < bytes <= 2^(top+1)
  const size_t step = size_t{1} << (top - 2);
  return (bytes + step - 1) / step * step;
}

void* CachingAllocator::allocate(size_t bytes) {
  const size_t cls = size_class(bytes);
  std::lock_guard lock(mutex_);
  auto it = cache_.find(cls);
  if (it != cache_.end() && !it->second.empty()) {
    void* p = it->second.back();
    it->second.pop_back();
    stats_.cached_bytes -= cls;
    stats_.live_bytes += cls;
    ++stats_.reuses;
    live_.emplace(p, cls);
    return p;
  }
  void* p = backend_.alloc(cls);
  if (!p) {
    const size_t cached = stats_.cached_bytes;
    release_locked();
    p = backend_.alloc(cls);
    if (!p) {
      size_t free = 0, total = 0;
      if (backend_.info) backend_.info(&free, &total);
      throw Error(fmt::format("{}: out of memory: asked for {} bytes ({}), {} bytes ({}) free of {} ({} cached bytes "
                              "were released and the allocation retried; {} in use by live buffers)",
                              device_, bytes, human(bytes), free, human(free), human(total), cached, stats_.live_bytes,
                              human(stats_.live_bytes)));
    }
  }
  ++stats_.device_allocs;
  stats_.live_bytes += cls;
  live_.emplace(p, cls);
  return p;
}

void CachingAllocator::deallocate(void* ptr) {
  if (!ptr) return;
  std::lock_guard lock(mutex_);
  auto it = live_.find(ptr);
  if (it == live_.end())
    throw Error(fmt::format("{}: deallocate of a pointer this allocator did not hand out", device_));
  const size_t cls = it->second;
  live_.erase(it);
  stats_.live_bytes -= cls;
  stats_.cached_bytes += cls;
  cache_[cls].push_back(ptr);
}

void CachingAllocator::release_cached() {
  std::lock_guard lock(mutex_);
  release_locked();
}

void CachingAllocator::release_locked() {
  if (stats_.cached_bytes == 0) return;
  if (backend_.before_release) backend_.before_release();
  for (auto& [cls, blocks] : cache_) {
    for (void* p : blocks) {
      backend_.free(p);
      ++stats_.releases;
    }
    blocks.clear();
  }
  cache_.clear();
  stats_.cached_bytes = 0;
}

CachingAllocator::Stats CachingAllocator::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

} // namespace lmc
