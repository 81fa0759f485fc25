// ThreadPool: chunks are claimed from an atomic counter, so fast threads take more chunks and no chunk runs twice.
// The caller works too, and waits for every worker to leave the job before the job (on its stack) goes away.
#include "runtime/cpu/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <exception>

namespace lmc {

namespace {
thread_local bool t_inside_chunk = false;
} // namespace

struct ThreadPool::Job {
  const std::function<void(int64_t, int64_t)>* fn = nullptr;
  int64_t n = 0, chunk = 1, chunks = 0;
  std::atomic<int64_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
};

ThreadPool::ThreadPool(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < threads; ++i)
    workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_)
    t.join();
}

void ThreadPool::run_chunks(Job& job) {
  const bool was_inside = t_inside_chunk;
  t_inside_chunk = true;
  for (int64_t c = job.next.fetch_add(1); c < job.chunks; c = job.next.fetch_add(1)) {
    const int64_t begin = c * job.chunk, end = std::min(job.n, begin + job.chunk);
    try {
      (*job.fn)(begin, end);
    } catch (...) {
      std::lock_guard lock(job.error_mutex);
      if (!job.error) job.error = std::current_exception();
      job.next.store(job.chunks); // the remaining chunks are skipped
    }
  }
  t_inside_chunk = was_inside;
}

void ThreadPool::worker_loop() {
  uint64_t seen = 0;
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || (job_ && generation_ != seen); });
      if (stop_) return;
      seen = generation_;
      job = job_;
      ++busy_;
    }
    run_chunks(*job);
    {
      std::lock_guard lock(mutex_);
      --busy_;
    }
    idle_.notify_all();
  }
}

void ThreadPool::parallel_for(int64_t n, const std::function<void(int64_t, int64_t)>& fn, int64_t grain) {
  if (n <= 0) return;
  if (workers_.empty() || n <= std::max<int64_t>(grain, 1) || t_inside_chunk) {
    fn(0, n);
    return;
  }
  std::lock_guard turn(submit_);
  Job job;
  job.fn = &fn;
  job.n = n;
  // A few chunks per thread balance uneven chunks; not more, since each chunk is a separate kernel call. The chunk is
  // n / target rounded down, so that the chunks are at least `target` (a whole number per thread) plus at most one
  // short one: rounded up, 20 (pair) rows on 2 threads ran as 7 chunks of 3, one thread taking 11 rows and the other 9
  // (10% over balanced in the burst step's K-NN, most of a CPU step); now 10 chunks of 2.
  const int64_t target = std::min<int64_t>(n, static_cast<int64_t>(threads()) * 4);
  job.chunk = std::max<int64_t>({n / target, grain, 1});
  job.chunks = (n + job.chunk - 1) / job.chunk;
  {
    std::lock_guard lock(mutex_);
    job_ = &job;
    ++generation_;
  }
  wake_.notify_all();
  run_chunks(job);
  {
    std::unique_lock lock(mutex_);
    job_ = nullptr; // workers that wake from now on skip this job
    idle_.wait(lock, [&] { return busy_ == 0; });
  }
  if (job.error) std::rethrow_exception(job.error);
}

} // namespace lmc
