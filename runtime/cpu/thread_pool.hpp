// ThreadPool: a fixed set of workers that split an index interval into chunks (the CPU's THREAD axis).
// Its own file because the CPU executor and, later, host-side work (BEAM compiles, LM loops) share one pool.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lmc {

class ThreadPool {
public:
  // `threads` counts the calling thread too: ThreadPool(4) starts 3 workers. 0 means hardware_concurrency.
  explicit ThreadPool(unsigned threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // Calls fn(begin, end) over disjoint chunks covering [0, n) and returns when all are done. The first exception
  // a chunk throws is rethrown here (chunks not yet started are skipped). Runs inline when n <= grain, when the
  // pool has one thread, or when called from inside a chunk (nested calls would otherwise wait on themselves).
  // Concurrent callers from other threads take turns.
  void parallel_for(int64_t n, const std::function<void(int64_t begin, int64_t end)>& fn, int64_t grain = 1);

private:
  struct Job;
  void worker_loop();
  static void run_chunks(Job& job);

  std::vector<std::thread> workers_;
  std::mutex submit_; // one parallel_for at a time
  std::mutex mutex_;  // guards job_, generation_, busy_, stop_
  std::condition_variable wake_, idle_;
  Job* job_ = nullptr;
  uint64_t generation_ = 0;
  unsigned busy_ = 0;
  bool stop_ = false;
};

} // namespace lmc
