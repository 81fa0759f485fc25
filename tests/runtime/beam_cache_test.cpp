// The opt cache: entries round-trip and persist, every key field separates entries, a corrupt file is moved aside
// and rebuilt, an unusable directory disables the cache with a warning, and tune_kernel searches once then hits.
#include "ir/config.hpp"
#include "runtime/beam/beam.hpp"
#include "runtime/realize.hpp"

#include <lmc/lmc.hpp>

#include <atomic>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace lmc {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class TempDir {
public:
  TempDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() / fmt::format("lmc-beam-{}-{}-{}", getpid(), info->name(), counter_++);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }
  fs::path path() const { return path_; }

private:
  fs::path path_;
  static inline int counter_ = 0;
};

OptCacheKey sample_key() {
  return {0x1234abcd5678ef00ull, "CPU test-cpu", "LLVM 16.0.6", kOptCodeVersion, "beam=2 threads=3"};
}

OptCacheEntry sample_entry() {
  return {{{OptOp::UPCAST, 0, 4}, {OptOp::UNROLL, 2, 3}}, "r_12_10_18", 0.25, 0.5, 1.5, 37, 2.75};
}

void expect_same(const OptCacheEntry& got, const OptCacheEntry& want) {
  EXPECT_EQ(got.opts, want.opts);
  EXPECT_EQ(got.kernel, want.kernel);
  EXPECT_DOUBLE_EQ(got.best_ms, want.best_ms);
  EXPECT_DOUBLE_EQ(got.default_ms, want.default_ms);
  EXPECT_DOUBLE_EQ(got.unoptimized_ms, want.unoptimized_ms);
  EXPECT_EQ(got.candidates, want.candidates);
  EXPECT_DOUBLE_EQ(got.search_seconds, want.search_seconds);
}

TEST(OptCache, EntriesRoundTripAndPersist) {
  TempDir dir;
  {
    OptCache cache(dir.str());
    ASSERT_TRUE(cache.enabled()) << cache.warning();
    EXPECT_FALSE(cache.get(sample_key()));
    cache.put(sample_key(), sample_entry());
    auto got = cache.get(sample_key());
    ASSERT_TRUE(got);
    expect_same(*got, sample_entry());
  }
  OptCache reopened(dir.str());
  auto got = reopened.get(sample_key());
  ASSERT_TRUE(got);
  expect_same(*got, sample_entry());
  OptCacheEntry changed = sample_entry();
  changed.opts = {};
  reopened.put(sample_key(), changed); // a forced search replaces the entry
  EXPECT_TRUE(reopened.get(sample_key())->opts.empty());
}

TEST(OptCache, EveryKeyFieldSeparatesEntries) {
  TempDir dir;
  OptCache cache(dir.str());
  cache.put(sample_key(), sample_entry());
  std::vector<OptCacheKey> others(5, sample_key());
  others[0].kernel_hash ^= 1;
  others[1].device = "CPU other-cpu";
  others[2].compiler = "LLVM 17.0.0";
  others[3].code_version = kOptCodeVersion + 1;
  others[4].flags = "beam=4 threads=3";
  for (const OptCacheKey& k : others)
    EXPECT_FALSE(cache.get(k)) << k.str();
  EXPECT_TRUE(cache.get(sample_key()));
}

TEST(OptCache, TwoConnectionsShareTheFile) {
  TempDir dir;
  OptCache a(dir.str()), b(dir.str());
  OptCacheKey k2 = sample_key();
  k2.kernel_hash = 7;
  a.put(sample_key(), sample_entry());
  b.put(k2, sample_entry());
  EXPECT_TRUE(a.get(k2));
  EXPECT_TRUE(b.get(sample_key()));
}

TEST(OptCache, CorruptFileIsMovedAsideAndRebuilt) {
  TempDir dir;
  const std::string garbage(5000, '\x5a');
  std::ofstream(dir.path() / "opts.sqlite", std::ios::binary) << "not a database at all" << garbage;
  OptCache cache(dir.str());
  ASSERT_TRUE(cache.enabled()) << cache.warning();
  EXPECT_EQ(cache.recovered(), 1);
  EXPECT_NE(cache.warning().find(".corrupt"), std::string::npos) << cache.warning();
  ASSERT_TRUE(fs::exists(dir.path() / "opts.sqlite.corrupt"));
  EXPECT_EQ(fs::file_size(dir.path() / "opts.sqlite.corrupt"), 21 + garbage.size());
  EXPECT_FALSE(cache.get(sample_key()));
  cache.put(sample_key(), sample_entry());
  ASSERT_TRUE(cache.get(sample_key()));
  expect_same(*cache.get(sample_key()), sample_entry());
}

// Issue #15: four BEAM runs starting on a corrupt file lost entries (one moved aside the database another had just
// rebuilt and written). Recovery is now serialized and re-checks the file first, so every writer's entry stays.
TEST(OptCache, ConcurrentRecoveryLosesNoEntries) {
  constexpr int kWriters = 4;
  for (int trial = 0; trial < 4; ++trial) {
    TempDir dir;
    std::ofstream(dir.path() / "opts.sqlite", std::ios::binary) << "not a database at all" << std::string(5000, 'Z');
    std::atomic<int> ready{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
      writers.emplace_back([&, w] {
        ++ready;
        while (ready.load() < kWriters) {
        } // start together, so the four find the corrupt file at once
        OptCache cache(dir.str());
        OptCacheKey key = sample_key();
        key.kernel_hash = static_cast<uint64_t>(w + 1);
        cache.put(key, sample_entry());
      });
    for (std::thread& t : writers)
      t.join();
    OptCache check(dir.str());
    for (int w = 0; w < kWriters; ++w) {
      OptCacheKey key = sample_key();
      key.kernel_hash = static_cast<uint64_t>(w + 1);
      EXPECT_TRUE(check.get(key)) << "trial " << trial << ": writer " << w << "'s entry was lost";
    }
  }
}

TEST(OptCache, DatabaseDamagedWhileOpenIsRebuilt) {
  TempDir dir;
  OptCache cache(dir.str());
  cache.put(sample_key(), sample_entry());
  OptCache other(dir.str());
  {
    // Overwrite the first page (the header and schema) behind the connections' backs.
    std::fstream f(dir.path() / "opts.sqlite", std::ios::binary | std::ios::in | std::ios::out);
    const std::string junk(4096, '\x13');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  fs::remove(dir.path() / "opts.sqlite-wal");
  fs::remove(dir.path() / "opts.sqlite-shm");
  OptCache fresh(dir.str());
  EXPECT_TRUE(fresh.enabled()) << fresh.warning();
  EXPECT_EQ(fresh.recovered(), 1);
  EXPECT_FALSE(fresh.get(sample_key()));
  fresh.put(sample_key(), sample_entry());
  EXPECT_TRUE(fresh.get(sample_key()));
}

TEST(OptCache, UnusableDirectoryDisablesTheCacheWithAWarning) {
  TempDir dir;
  std::ofstream(dir.path() / "a-file") << "x";
  const std::string under_a_file = (dir.path() / "a-file" / "cache").string();
  OptCache cache(under_a_file);
  EXPECT_FALSE(cache.enabled());
  EXPECT_NE(cache.warning().find(under_a_file), std::string::npos) << cache.warning();
  EXPECT_FALSE(cache.get(sample_key()));
  EXPECT_NO_THROW(cache.put(sample_key(), sample_entry()));
}

ScheduledKernel row_sum_kernel() {
  std::vector<float> v(15 * 22);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<float>(static_cast<int>(i % 13) - 6) / 8.0f;
  static const Tensor x = Tensor::from_vector(v, {15, 22}, "CPU").realize();
  Schedule s = schedule({x.sum(1).uop()}, "CPU");
  return s.kernels.at(0);
}

BeamOptions tiny() {
  BeamOptions o;
  o.width = 2;
  o.max_rounds = 2;
  o.warmup = 0;
  o.timing_reps = 2;
  return o;
}

TEST(TuneKernel, SearchesOnceThenHitsTheCache) {
  TempDir dir;
  OptCache cache(dir.str());
  Device& cpu = get_device("CPU");
  const ScheduledKernel k = row_sum_kernel();
  const BeamResult first = tune_kernel(cpu, k, tiny(), cache);
  EXPECT_FALSE(first.from_cache);
  EXPECT_GT(first.tried, 0);

  rw::Tracer tracer;
  BeamResult second;
  {
    rw::ScopedTracer scoped(tracer);
    second = tune_kernel(cpu, k, tiny(), cache);
  }
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.best_opts, first.best_opts);
  EXPECT_DOUBLE_EQ(second.best_ms, first.best_ms);
  EXPECT_EQ(second.tried, first.tried);
  EXPECT_EQ(second.timed, 0) << "a hit times nothing";
  ASSERT_EQ(tracer.searches().size(), 1u);
  EXPECT_TRUE(tracer.searches()[0].from_cache);
  EXPECT_EQ(tracer.searches()[0].best_opts, opts_str(first.best_opts));

  // Another beam width is another entry; --force searches again.
  BeamOptions wider = tiny();
  wider.width = 3;
  EXPECT_FALSE(tune_kernel(cpu, k, wider, cache).from_cache);
  EXPECT_FALSE(tune_kernel(cpu, k, tiny(), cache, /*force=*/true).from_cache);
}

TEST(TuneKernel, CachedListThatNoLongerAppliesIsSearchedAgain) {
  TempDir dir;
  OptCache cache(dir.str());
  Device& cpu = get_device("CPU");
  const ScheduledKernel k = row_sum_kernel();
  OptCacheEntry stale = sample_entry();
  stale.opts = {{OptOp::UPCAST, 0, 7}}; // 7 does not divide 15
  cache.put(opt_cache_key(cpu, k, tiny()), stale);
  const BeamResult r = tune_kernel(cpu, k, tiny(), cache);
  EXPECT_FALSE(r.from_cache);
  EXPECT_NO_THROW(apply_opts(k, r.best_opts, opt_target(cpu)));
  EXPECT_EQ(cache.get(opt_cache_key(cpu, k, tiny()))->opts, r.best_opts);
}

// What prepare_kernel does under LMC_BEAM=2, through an opt chooser: the program runs with the searched opts and
// gives the float64 sums; the process cache then holds the kernel.
TEST(TuneKernel, BeamOptsDriveARealSchedule) {
  TempDir dir;
  mutable_config().cache_dir = dir.str(); // before the process cache is first opened
  mutable_config().beam = 2;
  std::vector<float> v(15 * 22);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = static_cast<float>(static_cast<int>(i % 13) - 6) / 8.0f;
  const Tensor x = Tensor::from_vector(v, {15, 22}, "CPU").realize();
  const Tensor rows = (x * x).sum(1);
  const ScheduledKernel k = schedule({rows.uop()}, "CPU").kernels.at(0);
  std::vector<float> got;
  {
    ScopedOptChooser chooser(
        [](const ScheduledKernel& k, const OptTarget&) { return beam_opts(get_device("CPU"), k); });
    got = rows.to_vector<float>();
  }
  mutable_config().beam = 0;
  for (int64_t i = 0; i < 15; ++i) {
    double want = 0;
    for (int64_t j = 0; j < 22; ++j)
      want += static_cast<double>(v[i * 22 + j]) * v[i * 22 + j];
    EXPECT_NEAR(got[i], want, 1e-5 * (1 + want)) << i;
  }
  EXPECT_EQ(OptCache::global().path(), dir.str() + "/opts.sqlite");
  BeamOptions width2;
  width2.width = 2;
  EXPECT_TRUE(OptCache::global().get(opt_cache_key(get_device("CPU"), k, width2)));
}

TEST(TuneKernel, KeyNamesTheDeviceCompilerAndWidth) {
  Device& cpu = get_device("CPU");
  const ScheduledKernel k = row_sum_kernel();
  const OptCacheKey key = opt_cache_key(cpu, k, tiny());
  EXPECT_EQ(key.kernel_hash, k.ast.structural_hash());
  EXPECT_EQ(key.device.rfind("CPU ", 0), 0u) << key.device;
  EXPECT_EQ(key.compiler.rfind("LLVM 16", 0), 0u) << key.compiler;
  EXPECT_EQ(key.code_version, kOptCodeVersion);
  EXPECT_NE(key.flags.find("beam=2"), std::string::npos) << key.flags;
}

} // namespace
} // namespace lmc
