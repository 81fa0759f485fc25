// Kernels compiled before the first launch: a schedule's kernels built in parallel give the values of naive loops and
// the same bits as kernels built one at a time, and a second process finds every kernel (LLVM object code and, in
// compile-check mode, the CUBIN) in the disk cache and compiles nothing.
#include "frontend/tensor.hpp"
#include "ir/config.hpp"
#include "runtime/cpu/llvm_jit.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/plan.hpp"
#include "runtime/precompile.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace lmc {
namespace {

// Four outputs of distinct shapes, sizes no other test uses (the kernel cache is per process), so each is a new
// kernel: a row sum, a column max, an elementwise chain and a sum of squares over everything.
struct Program {
  static constexpr int64_t kRows = 37, kCols = 53;
  std::vector<double> x;
  std::vector<Tensor> outputs;
  explicit Program(double shift) : x(kRows * kCols) {
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = std::sin(0.13 * static_cast<double>(i)) + shift;
    const Tensor t = Tensor::from_vector(x, {kRows, kCols}, "CPU");
    outputs = {t.sum(1), t.max(0), (t * 3.0 + 1.0).exp2(), (t * t).sum()};
  }
  std::vector<UOp> roots() const {
    std::vector<UOp> out;
    for (const Tensor& t : outputs)
      out.push_back(t.uop());
    return out;
  }
  // Naive float64 loops over the same input, in the outputs' order.
  std::vector<std::vector<double>> reference() const {
    std::vector<double> rows(kRows, 0), cols(kCols, -INFINITY), chain(x.size()), squares(1, 0);
    for (int64_t r = 0; r < kRows; ++r)
      for (int64_t c = 0; c < kCols; ++c) {
        const double v = x[r * kCols + c];
        rows[r] += v;
        cols[c] = std::max(cols[c], v);
        chain[r * kCols + c] = std::exp2(v * 3.0 + 1.0);
        squares[0] += v * v;
      }
    return {rows, cols, chain, squares};
  }
};

std::vector<double> values(const Buffer& b) {
  std::vector<double> v(static_cast<size_t>(b.size()));
  b.copy_out(v.data(), b.bytes());
  return v;
}

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-9 * std::max(1.0, std::fabs(want[i]))) << what << " element " << i;
}

TEST(Precompile, ParallelBuildsGiveTheLoopsValuesAndTheSerialBits) {
  const Program parallel(0.25);
  const Schedule s = schedule(parallel.roots(), "CPU");
  Device& cpu = get_device("CPU");
  // Every kernel is new, so all are built here, each once; a second call finds them prepared.
  EXPECT_GE(precompile_schedule(cpu, s), 4u);
  for (const ScheduledKernel& k : s.kernels)
    if (!writes_nothing(s, k)) {
      EXPECT_TRUE(is_prepared(cpu, k)) << k.name;
    }
  EXPECT_EQ(precompile_schedule(cpu, s), 0u);
  Plan plan(cpu, s);
  plan.replay();
  const std::vector<std::vector<double>> want = parallel.reference();
  std::vector<std::vector<double>> got;
  for (size_t i = 0; i < plan.num_outputs(); ++i)
    got.push_back(values(*plan.output(i)));
  const std::array<const char*, 4> names{"row sum", "column max", "exp2 chain", "sum of squares"};
  for (size_t i = 0; i < want.size(); ++i)
    expect_near_all(got[i], want[i], names[i]);

  // The same program built one kernel at a time (an OptChooser keeps precompile out and bypasses the kernel cache):
  // the same opts give the same code, so the same bits.
  const Program serial(0.25);
  ScopedOptChooser one_at_a_time([](const ScheduledKernel& k, const OptTarget& t) { return heuristic_opts(k, t); });
  const Schedule s2 = schedule(serial.roots(), "CPU");
  EXPECT_EQ(precompile_schedule(cpu, s2), 0u);
  const std::vector<std::shared_ptr<Buffer>> outs = run_schedule(s2, cpu);
  ASSERT_EQ(outs.size(), got.size());
  for (size_t i = 0; i < outs.size(); ++i)
    EXPECT_EQ(values(*outs[i]), got[i]) << names[i];
}

// Opts chosen on this thread do not reach helper threads, so nothing is built ahead under a chooser.
TEST(Precompile, NothingIsPreparedUnderAnOptChooser) {
  const Program p(1.5);
  const Schedule s = schedule(p.roots(), "CPU");
  ScopedOptChooser chooser([](const ScheduledKernel&, const OptTarget&) { return std::vector<Opt>{}; });
  EXPECT_TRUE(opt_chooser_active());
  EXPECT_EQ(precompile_schedule(get_device("CPU"), s), 0u);
  for (const ScheduledKernel& k : s.kernels)
    EXPECT_FALSE(is_prepared(get_device("CPU"), k)) << k.name;
}

// The child half of SecondProcessCompilesNothing: runs the program (through run_schedule, so precompiled) and prints
// what this process compiled and what it found on disk. Skipped unless the parent started it.
TEST(PrecompileChild, RunsTheProgramAndPrintsItsCompiles) {
  if (!std::getenv("PRECOMPILE_TEST_CHILD")) GTEST_SKIP() << "run by Precompile.SecondProcessCompilesNothing";
  const Program p(0.75);
  const std::vector<std::vector<double>> want = p.reference();
  for (size_t i = 0; i < p.outputs.size(); ++i)
    expect_near_all(p.outputs[i].cast(float64).to_vector<double>(), want[i], "output");
  std::printf("\nCOMPILES llvm_compiled=%llu llvm_disk_hits=%llu nvrtc_compiled=%llu nvrtc_disk_hits=%llu\n",
              static_cast<unsigned long long>(LlvmJit::global().compiled_count()),
              static_cast<unsigned long long>(LlvmJit::global().disk_hit_count()),
              static_cast<unsigned long long>(nvrtc_compile_count()),
              static_cast<unsigned long long>(nvrtc_disk_hit_count()));
}

struct Compiles {
  unsigned long long llvm = 0, llvm_hits = 0, nvrtc = 0, nvrtc_hits = 0;
};

Compiles run_child(const std::filesystem::path& cache, bool cuda_check) {
  const std::string cmd = "PRECOMPILE_TEST_CHILD=1 LMC_CACHE_DIR='" + cache.string() +
                          "' LMC_CUDA_COMPILE_CHECK=" + (cuda_check ? "1" : "0") + " /proc/" +
                          std::to_string(getpid()) + "/exe --gtest_filter=PrecompileChild.* 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  Compiles c;
  bool found = false;
  std::string all;
  char line[4096];
  while (pipe && std::fgets(line, sizeof line, pipe)) {
    all += line;
    if (std::sscanf(line, "COMPILES llvm_compiled=%llu llvm_disk_hits=%llu nvrtc_compiled=%llu nvrtc_disk_hits=%llu",
                    &c.llvm, &c.llvm_hits, &c.nvrtc, &c.nvrtc_hits) == 4)
      found = true;
  }
  const int status = pipe ? pclose(pipe) : -1;
  EXPECT_EQ(status, 0) << all;
  EXPECT_TRUE(found) << all;
  return c;
}

TEST(Precompile, SecondProcessCompilesNothing) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lmc_precompile_" + std::to_string(getpid()));
  fs::remove_all(dir);
  struct Remove {
    const fs::path& dir;
    ~Remove() { fs::remove_all(dir); }
  } remove{dir};
  // With NVRTC present, compile-check mode also builds every kernel as CUDA C, through the CUBIN cache.
  const bool cuda = !nvrtc_version().empty();
  const Compiles first = run_child(dir, cuda);
  EXPECT_GE(first.llvm, 4u);
  EXPECT_EQ(first.llvm_hits, 0u);
  if (cuda) {
    EXPECT_GE(first.nvrtc, 4u);
  }
  const Compiles second = run_child(dir, cuda);
  EXPECT_EQ(second.llvm, 0u);
  EXPECT_EQ(second.llvm_hits, first.llvm);
  EXPECT_EQ(second.nvrtc, 0u);
  if (cuda) {
    EXPECT_EQ(second.nvrtc_hits, first.nvrtc + first.nvrtc_hits);
  }
}

} // namespace
} // namespace lmc
