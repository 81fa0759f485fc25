// A caching allocator over a raw device allocator: freed blocks are kept by size class and handed out again, so
// steady-state runs never call cuMemAlloc/cuMemFree. Its own file (and backend-agnostic) so it is tested without a GPU.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace lmc {

class CachingAllocator {
public:
  struct Backend {
    std::function<void*(size_t)> alloc;                    // nullptr when out of memory; throws on other errors
    std::function<void(void*)> free;                       // returns one block to the device
    std::function<void(size_t* free, size_t* total)> info; // the device's free and total bytes (for the OOM message)
    std::function<void()> before_release;                  // e.g. synchronize: cached blocks may still be in use
  };
  CachingAllocator(std::string device, Backend backend);
  ~CachingAllocator();

  // A block of at least `bytes` bytes. On out of memory: frees every cached block and retries once, then throws
  // lmc::Error saying how many bytes were asked and how many the device has free.
  void* allocate(size_t bytes);
  // Returns a block to the cache (never to the device). Throws lmc::Error for a pointer it did not hand out.
  void deallocate(void* ptr);
  // Frees every cached block back to the device.
  void release_cached();

  // The rounded size a request of `bytes` gets: whole 512-byte units below 1 MiB, then four classes per power of
  // two (at most 25% waste), so blocks of nearby sizes are interchangeable.
  static size_t size_class(size_t bytes);

  struct Stats {
    size_t live_bytes = 0, cached_bytes = 0;
    uint64_t device_allocs = 0, reuses = 0, releases = 0;
  };
  Stats stats() const;

private:
  std::string device_;
  Backend backend_;
  mutable std::mutex mutex_;
  std::map<size_t, std::vector<void*>> cache_; // size class -> free blocks
  std::unordered_map<void*, size_t> live_;     // handed-out block -> its size class
  Stats stats_;
  void release_locked();
};

} // namespace lmc
