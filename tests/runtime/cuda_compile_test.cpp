// The CUDA paths that need no GPU: the renderer (source shape, launch shape), NVRTC compiles of every program kind
// to sm_90 CUBIN, compile errors, the CUBIN disk cache and its recovery, the allocator, and the no-driver fallback.
#include "codegen/render/cuda.hpp"
#include "cuda_programs.hpp"
#include "ir/config.hpp"
#include "ir/error.hpp"
#include "runtime/cuda/caching_allocator.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"
#include "runtime/device.hpp"
#include "runtime/disk_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

namespace lmc {
namespace {

using namespace cuda_test;
namespace fs = std::filesystem;

bool have_nvrtc() {
  return !nvrtc_version().empty();
}
#define REQUIRE_NVRTC()                                                                                                \
  do {                                                                                                                 \
    std::string why;                                                                                                   \
    if (nvrtc_version(&why).empty()) GTEST_SKIP() << "NVRTC is not available: " << why;                                \
  } while (0)

// Renders and compiles for sm_90; a CUBIN is an ELF file.
void expect_compiles(const LinearProgram& p) {
  const CudaKernelSource src = render_cuda(p);
  std::string log;
  std::vector<char> cubin;
  try {
    cubin = nvrtc_compile(src.source, "sm_90", &log);
  } catch (const Error& e) {
    ADD_FAILURE() << p.name << ": " << e.what();
    return;
  }
  ASSERT_GE(cubin.size(), 4u) << p.name;
  EXPECT_EQ(std::string(cubin.data() + 1, 3), "ELF") << p.name;
}

// ---- the renderer ----

TEST(CudaRender, ElementwiseSignatureAndThreadIndex) {
  LinearProgram p = elementwise("mul_add", 1000003, {float32, float32, float32}, float32,
                                [](std::vector<UOp> v) { return v[0] * v[1] + v[2]; });
  const CudaKernelSource s = render_cuda(p);
  EXPECT_EQ(s.name, "mul_add");
  // The block size the launch uses is promised to the compiler (__launch_bounds__).
  EXPECT_NE(s.source.find("extern \"C\" __global__ void __launch_bounds__(256) mul_add(const float* __restrict__ p0, "
                          "const float* "
                          "__restrict__ p1, const float* __restrict__ p2, float* __restrict__ p3)"),
            std::string::npos)
      << s.source;
  EXPECT_NE(s.source.find("blockIdx.x * blockDim.x + threadIdx.x"), std::string::npos) << s.source;
  EXPECT_NE(s.source.find("if (gid < 1000003)"), std::string::npos) << s.source;
  EXPECT_EQ(s.source.find("#include"), std::string::npos) << "no headers for float kernels:\n" << s.source;
  EXPECT_FALSE(s.launch.grid_stride);
  const CudaDims d = cuda_launch_dims(s.launch, {});
  EXPECT_EQ(d.block[0], 256u);
  EXPECT_EQ(d.grid[0], (1000003u + 255) / 256);
}

TEST(CudaRender, HeadersOnlyWhenHalfTypesAreUsed) {
  EXPECT_NE(render_cuda(unary(Op::NEG, float16, float16, 8)).source.find("#include <cuda_fp16.h>"), std::string::npos);
  EXPECT_EQ(render_cuda(unary(Op::NEG, float16, float16, 8)).source.find("cuda_bf16.h"), std::string::npos);
  EXPECT_NE(render_cuda(unary(Op::NEG, bfloat16, bfloat16, 8)).source.find("#include <cuda_bf16.h>"),
            std::string::npos);
  EXPECT_EQ(render_cuda(unary(Op::NEG, float32, float32, 8)).source.find("#include"), std::string::npos);
}

TEST(CudaRender, FloatMaxPropagatesNanExplicitly) {
  const std::string src = render_cuda(binary(Op::MAX, float32, 16)).source;
  EXPECT_NE(src.find("a != a ? a : (a > b ? a : b)"), std::string::npos) << src;
  EXPECT_EQ(src.find("fmaxf"), std::string::npos) << src;
}

TEST(CudaRender, NestedGlobalRangesFoldIntoOneThreadIndex) {
  const CudaKernelSource s = render_cuda(grid_2d(300, 500));
  ASSERT_EQ(s.launch.flat.size(), 2u) << s.source;
  EXPECT_EQ(s.launch.flat[0].var, 0);
  EXPECT_EQ(s.launch.flat[1].var, 1);
  EXPECT_EQ(s.source.find("for ("), std::string::npos) << "no loops left:\n" << s.source;
  const std::vector<int32_t> vars{7, 33};
  const CudaDims d = cuda_launch_dims(s.launch, vars);
  EXPECT_GE(int64_t{d.grid[0]} * d.block[0], 7 * 33);
  EXPECT_LT(int64_t{d.grid[0] - 1} * d.block[0], 7 * 33);
}

// The pass replaces the flattened ranges in place: same positions, slices named flat0 (outer) and flat1 with their
// ranges' extents, and no op (END included) still names a flattened range.
TEST(FlattenThreads, NestedGlobalRangesBecomeSlicesInPlace) {
  const LinearProgram before = grid_2d(300, 500);
  const FlatThreadProgram after = flatten_threads(before, CudaTarget{});
  ASSERT_EQ(after.program.ops.size(), before.ops.size());
  std::vector<UOp> ranges;
  for (size_t i = 0; i < before.ops.size(); ++i) {
    if (before.ops[i].op() != Op::RANGE) continue;
    ranges.push_back(before.ops[i]);
    const UOp slice = after.program.ops[i];
    ASSERT_EQ(slice.op(), Op::SPECIAL) << "position " << i;
    EXPECT_EQ(flat_slice(slice), static_cast<int>(ranges.size()) - 1);
    EXPECT_EQ(slice.src(0), before.ops[i].src(0));
    EXPECT_EQ(slice.dtype(), before.ops[i].dtype());
  }
  ASSERT_EQ(ranges.size(), 2u);
  for (UOp u : after.program.ops)
    for (UOp s : u.src())
      EXPECT_TRUE(std::ranges::find(ranges, s) == ranges.end()) << op_name(u.op()) << " still reads a flattened range";
  ASSERT_EQ(after.launch.flat.size(), 2u);
  EXPECT_EQ(after.launch.flat[1].var, 1);
  EXPECT_FALSE(after.launch.wide_index);
}

// A program whose only range is a serial loop (no parallel range) comes out unchanged: the kernel is one thread.
TEST(FlattenThreads, NoParallelRangeLeavesTheProgram) {
  const LinearProgram before = serial_sum(100);
  const FlatThreadProgram after = flatten_threads(before, CudaTarget{});
  EXPECT_EQ(after.program.ops, before.ops);
  EXPECT_TRUE(after.launch.flat.empty());
  EXPECT_EQ(flat_slice(before.ops.front()), -1);
}

TEST(CudaRender, HugeExtentsUseAGridStrideLoop) {
  CudaTarget small;
  small.max_grid_x = 4; // so a 10^6-element kernel needs more threads than one grid has
  const CudaKernelSource s = render_cuda(unary(Op::NEG, float32, float32, 1000000), small);
  EXPECT_TRUE(s.launch.grid_stride);
  EXPECT_NE(s.source.find("gridDim.x"), std::string::npos) << s.source;
  const CudaDims d = cuda_launch_dims(s.launch, {}, small);
  EXPECT_EQ(d.grid[0], 4u);
}

TEST(CudaRender, SmallKernelsGetOneBlockOfWholeWarps) {
  const CudaDims d = cuda_launch_dims(render_cuda(unary(Op::NEG, float32, float32, 10)).launch, {});
  EXPECT_EQ(d.block[0], 32u);
  EXPECT_EQ(d.grid[0], 1u);
}

TEST(CudaRender, VarExtentOfZeroLaunchesNothing) {
  const CudaKernelSource s = render_cuda(elementwise(
      "neg_n", 4096, {float32}, float32, [](std::vector<UOp> v) { return UOp::alu(Op::NEG, {v[0]}); }, true));
  const std::vector<int32_t> zero{0};
  EXPECT_TRUE(cuda_launch_dims(s.launch, zero).empty());
  const std::vector<int32_t> some{1000};
  EXPECT_EQ(cuda_launch_dims(s.launch, some).grid[0], 4u);
}

TEST(CudaRender, NoParallelRangeIsOneThread) {
  const CudaKernelSource s = render_cuda(serial_sum(100));
  EXPECT_TRUE(s.launch.flat.empty());
  const CudaDims d = cuda_launch_dims(s.launch, {});
  EXPECT_EQ(d.grid[0] * d.block[0], 1u);
}

TEST(CudaRender, VectorOpsAreRejectedWithAMessage) {
  ProgramBuilder b("vec");
  UOp out = b.param(0, float32.vec(4), 4, true);
  UOp v = UOp::constant(float32, 1.0);
  b.store(index(out, c32(0)), UOp::make(Op::VECTORIZE, float32.vec(4), {v, v, v, v}));
  LinearProgram p = b.done();
  try {
    render_cuda(p);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("VECTORIZE"), std::string::npos) << e.what();
  }
}

// ---- NVRTC: every program kind compiles to sm_90 ----

TEST(CudaCompile, ElementwiseReductionGatedAndGrid) {
  REQUIRE_NVRTC();
  expect_compiles(elementwise("mul_add", 1000003, {float32, float32, float32}, float32,
                              [](std::vector<UOp> v) { return v[0] * v[1] + v[2]; }));
  expect_compiles(row_sum(37, 1003));
  expect_compiles(row_sum(37, 1003, float64));
  expect_compiles(row_sum(37, 1003, float16));
  expect_compiles(row_sum(37, 1003, bfloat16));
  expect_compiles(gated_shift(1000, 3));
  expect_compiles(grid_2d(300, 500));
  expect_compiles(serial_sum(100));
  CudaTarget small;
  small.max_grid_x = 4;
  const CudaKernelSource s = render_cuda(unary(Op::NEG, float32, float32, 1 << 30), small);
  EXPECT_NO_THROW(nvrtc_compile(s.source, "sm_90"));
}

TEST(CudaCompile, EveryDtypeLoadsStoresAndCasts) {
  REQUIRE_NVRTC();
  for (DType from : all_dtypes()) {
    for (DType to : all_dtypes())
      expect_compiles(unary(Op::CAST, from, to, 64));
    expect_compiles(binary(Op::ADD, from, 64));
    expect_compiles(binary(Op::MUL, from, 64));
    expect_compiles(binary(Op::MAX, from, 64));
    expect_compiles(binary(Op::MIN, from, 64));
    expect_compiles(binary(Op::CMPLT, from, 64));
    expect_compiles(binary(Op::CMPNE, from, 64));
    expect_compiles(binary(Op::SUB, from, 64));
    expect_compiles(unary(Op::NEG, from, from, 64));
    expect_compiles(elementwise("where_" + from.name(), 64, {bool_, from, from}, from, [](std::vector<UOp> v) {
      return UOp::alu(Op::WHERE, {v[0], v[1], v[2]});
    }));
    expect_compiles(elementwise("const_" + from.name(), 64, {from}, from, [from](std::vector<UOp> v) {
      return UOp::alu(Op::ADD, {v[0], from.is_float() ? UOp::constant(from, -1.5) : UOp::constant(from, int64_t{-1})});
    }));
  }
}

TEST(CudaCompile, IntegerOps) {
  REQUIRE_NVRTC();
  for (DType d : {int8, int16, int32, int64, uint8, uint16, uint32, uint64}) {
    for (Op op : {Op::CDIV, Op::CMOD, Op::AND, Op::OR, Op::XOR, Op::SHL, Op::SHR, Op::CMPLE, Op::CMPEQ})
      expect_compiles(binary(op, d, 64));
    // Extreme constants: the most negative value has no literal of its own in C.
    expect_compiles(elementwise("min_const_" + d.name(), 8, {d}, d, [d](std::vector<UOp> v) {
      return UOp::alu(Op::XOR, {v[0], UOp::constant(d, d.min_int())});
    }));
  }
}

TEST(CudaCompile, FloatOps) {
  REQUIRE_NVRTC();
  for (DType d : {float16, bfloat16, float32, float64}) {
    for (Op op : {Op::EXP2, Op::LOG2, Op::SIN, Op::SQRT, Op::RECIPROCAL, Op::TRUNC})
      expect_compiles(unary(op, d, d, 64));
    expect_compiles(binary(Op::FDIV, d, 64));
    expect_compiles(binary(Op::CMPEQ, d, 64));
    expect_compiles(elementwise("inf_nan_" + d.name(), 8, {d}, d, [d](std::vector<UOp> v) {
      UOp inf = UOp::constant(d, std::numeric_limits<double>::infinity());
      UOp nan = UOp::constant(d, std::numeric_limits<double>::quiet_NaN());
      return UOp::alu(Op::MAX, {UOp::alu(Op::MIN, {v[0], inf}), nan});
    }));
  }
}

TEST(CudaCompile, Bitcasts) {
  REQUIRE_NVRTC();
  expect_compiles(unary(Op::BITCAST, float32, int32, 8));
  expect_compiles(unary(Op::BITCAST, int32, float32, 8));
  expect_compiles(unary(Op::BITCAST, float64, int64, 8));
  expect_compiles(unary(Op::BITCAST, uint64, float64, 8));
  expect_compiles(unary(Op::BITCAST, float16, int16, 8));
  expect_compiles(unary(Op::BITCAST, bfloat16, uint16, 8));
  expect_compiles(unary(Op::BITCAST, uint16, float16, 8));
}

// ---- compile errors ----

TEST(CudaCompile, SyntaxErrorRaisesWithSourceAndLog) {
  REQUIRE_NVRTC();
  const std::string bad = "extern \"C\" __global__ void broken(float* p) {\n  p[0] = ;\n}\n";
  try {
    nvrtc_compile(bad, "sm_90");
    FAIL() << "expected lmc::Error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("CUDA compile failed"), std::string::npos) << m;
    EXPECT_NE(m.find("error"), std::string::npos) << "NVRTC's log:\n" << m;
    EXPECT_NE(m.find("p[0] = ;"), std::string::npos) << "the source:\n" << m;
  }
  std::string log;
  EXPECT_THROW(nvrtc_compile(bad, "sm_90", &log), Error);
  EXPECT_NE(log.find("expected an expression"), std::string::npos) << log;
}

TEST(CudaCompile, UnknownArchRaises) {
  REQUIRE_NVRTC();
  EXPECT_THROW(nvrtc_compile("extern \"C\" __global__ void k() {}", "sm_1"), Error);
}

// ---- the disk cache ----

class TempCacheDir : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("lmc_cuda_cache_test_{}_{}", getpid(), counter_++);
    fs::remove_all(dir_);
    saved_ = mutable_config().cache_dir;
    mutable_config().cache_dir = dir_.string();
  }
  void TearDown() override {
    mutable_config().cache_dir = saved_;
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string saved_;
  static inline int counter_ = 0;
};

using DiskCacheTest = TempCacheDir;

TEST_F(DiskCacheTest, RoundTripsAndRejectsDamage) {
  DiskCache cache((dir_ / "blobs").string(), ".bin");
  EXPECT_FALSE(cache.get(42));
  const std::vector<char> payload{'h', 'e', 'l', 'l', 'o', '\0', '\xff'};
  cache.put(42, payload);
  ASSERT_TRUE(cache.get(42));
  EXPECT_EQ(*cache.get(42), payload);
  // Empty payloads are valid entries too.
  cache.put(7, {});
  ASSERT_TRUE(cache.get(7));
  EXPECT_TRUE(cache.get(7)->empty());
  // No temporary files are left behind.
  for (const auto& e : fs::directory_iterator(dir_ / "blobs"))
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();

  auto damage_and_check = [&](const std::function<void(const std::string&)>& damage, const char* what) {
    cache.put(42, payload);
    damage(cache.path(42));
    const uint64_t before = cache.corrupt_count();
    EXPECT_FALSE(cache.get(42)) << what;
    EXPECT_EQ(cache.corrupt_count(), before + 1) << what;
    EXPECT_FALSE(fs::exists(cache.path(42))) << what << ": a bad entry is deleted";
  };
  damage_and_check([](const std::string& p) { fs::resize_file(p, fs::file_size(p) - 1); }, "truncated");
  damage_and_check([](const std::string& p) { fs::resize_file(p, 10); }, "cut inside the header");
  damage_and_check([](const std::string& p) { fs::resize_file(p, 0); }, "empty");
  damage_and_check(
      [](const std::string& p) {
        std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-2, std::ios::end);
        f.put('X');
      },
      "payload byte flipped");
  damage_and_check(
      [](const std::string& p) {
        std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(0);
        f.put('Z');
      },
      "magic flipped");
  damage_and_check(
      [](const std::string& p) {
        std::ofstream f(p, std::ios::app | std::ios::binary);
        f << "trailing";
      },
      "extra bytes");
}

// Issue #15: an entry that is a link to /dev/zero was read forever, and one that is a directory aborted the run.
// Both are bad entries now: a miss (the kernel is recompiled), counted, removed where that is possible.
TEST_F(DiskCacheTest, EntryThatIsNotARegularFileIsABadEntry) {
  DiskCache cache((dir_ / "blobs").string(), ".bin");
  cache.put(1, {'a'});
  fs::remove(cache.path(1));
  fs::create_symlink("/dev/zero", cache.path(1));
  EXPECT_FALSE(cache.get(1));
  EXPECT_EQ(cache.corrupt_count(), 1u);
  EXPECT_FALSE(fs::is_symlink(cache.path(1))) << "the link is removed";
  cache.put(1, {'b'});
  EXPECT_EQ(*cache.get(1), std::vector<char>{'b'});

  fs::create_directories(fs::path(cache.path(2)) / "inside"); // a directory that cannot simply be removed
  EXPECT_FALSE(cache.get(2));
  EXPECT_EQ(cache.corrupt_count(), 2u);
  EXPECT_NO_THROW(cache.put(2, {'c'})); // cannot replace a directory: the store is skipped, nothing aborts
  EXPECT_FALSE(cache.get(2));
}

TEST_F(DiskCacheTest, UnwritableDirectoryIsNotAnError) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x"; // a file where the cache wants a directory
  DiskCache cache((dir_ / "file" / "sub").string(), ".bin");
  EXPECT_NO_THROW(cache.put(1, {'a'}));
  EXPECT_FALSE(cache.get(1));
}

// Float64 kernels compile without fused multiply-adds unless LMC_CUDA_FMA says otherwise (so CUDA rounds float64 as
// the CPU backend does); float32 kernels keep them. The option is part of the cache key.
TEST(CudaFma, Float64KernelsRoundEachOperationByDefault) {
  EXPECT_TRUE(render_cuda(row_sum(5, 7, float64)).float64_math);
  EXPECT_FALSE(render_cuda(row_sum(5, 7, float32)).float64_math);
  EXPECT_FALSE(render_cuda(unary(Op::CAST, float64, float32, 9)).float64_math); // reads float64, computes nothing
  Config& c = mutable_config();
  const Config::Fma saved = c.cuda_fma;
  c.cuda_fma = Config::Fma::Auto;
  EXPECT_FALSE(nvrtc_contracts_fma(true));
  EXPECT_TRUE(nvrtc_contracts_fma(false));
  c.cuda_fma = Config::Fma::On;
  EXPECT_TRUE(nvrtc_contracts_fma(true));
  c.cuda_fma = Config::Fma::Off;
  EXPECT_FALSE(nvrtc_contracts_fma(false));
  c.cuda_fma = saved;
}

TEST(CudaFma, TheOptionIsPartOfTheCacheKeyAndCompiles) {
  REQUIRE_NVRTC();
  const std::string src = render_cuda(row_sum(5, 7, float64)).source;
  EXPECT_NE(nvrtc_cache_key(src, "sm_90", true), nvrtc_cache_key(src, "sm_90", false));
  EXPECT_FALSE(nvrtc_compile(src, "sm_90", nullptr, false).empty());
}

using CubinCacheTest = TempCacheDir;

TEST_F(CubinCacheTest, WriteReadBackAndRecompileWhenDamaged) {
  REQUIRE_NVRTC();
  const std::string src = render_cuda(row_sum(5, 7)).source;
  bool hit = true;
  const std::vector<char> cold = nvrtc_compile_cached(src, "sm_90", &hit);
  EXPECT_FALSE(hit);
  const std::string path = DiskCache(nvrtc_cache_dir(), ".cubin").path(nvrtc_cache_key(src, "sm_90"));
  ASSERT_TRUE(fs::exists(path)) << path;
  EXPECT_EQ(nvrtc_compile_cached(src, "sm_90", &hit), cold);
  EXPECT_TRUE(hit);

  // Another arch or another source is another entry.
  EXPECT_NE(nvrtc_cache_key(src, "sm_90"), nvrtc_cache_key(src, "sm_80"));
  EXPECT_NE(nvrtc_cache_key(src, "sm_90"), nvrtc_cache_key(src + "\n", "sm_90"));

  // Truncated: detected, recompiled, rewritten.
  fs::resize_file(path, fs::file_size(path) / 2);
  EXPECT_EQ(nvrtc_compile_cached(src, "sm_90", &hit), cold);
  EXPECT_FALSE(hit);
  EXPECT_EQ(nvrtc_compile_cached(src, "sm_90", &hit), cold);
  EXPECT_TRUE(hit);

  // One byte flipped in the middle of the CUBIN.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(fs::file_size(path) / 2));
    const char c = static_cast<char>(f.get());
    f.seekp(static_cast<std::streamoff>(fs::file_size(path) / 2));
    f.put(static_cast<char>(c ^ 0x40));
  }
  EXPECT_EQ(nvrtc_compile_cached(src, "sm_90", &hit), cold);
  EXPECT_FALSE(hit);

  // Garbage of the right length.
  {
    const auto size = fs::file_size(path);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << std::string(size, 'g');
  }
  EXPECT_EQ(nvrtc_compile_cached(src, "sm_90", &hit), cold);
  EXPECT_FALSE(hit);
}

// ---- the caching allocator (a fake device: malloc with a capacity) ----

struct FakeDevice {
  size_t capacity, used = 0;
  std::unordered_map<void*, size_t> blocks;
  int allocs = 0, frees = 0, syncs = 0;
  CachingAllocator::Backend backend() {
    CachingAllocator::Backend b;
    b.alloc = [this](size_t n) -> void* {
      if (used + n > capacity) return nullptr;
      void* p = std::malloc(n);
      used += n;
      blocks[p] = n;
      ++allocs;
      return p;
    };
    b.free = [this](void* p) {
      used -= blocks.at(p);
      blocks.erase(p);
      std::free(p);
      ++frees;
    };
    b.info = [this](size_t* free, size_t* total) {
      *free = capacity - used;
      *total = capacity;
    };
    b.before_release = [this] { ++syncs; };
    return b;
  }
};

TEST(CachingAllocator, SizeClasses) {
  EXPECT_EQ(CachingAllocator::size_class(0), 512u);
  EXPECT_EQ(CachingAllocator::size_class(1), 512u);
  EXPECT_EQ(CachingAllocator::size_class(513), 1024u);
  EXPECT_EQ(CachingAllocator::size_class(1 << 20), size_t{1} << 20);
  EXPECT_EQ(CachingAllocator::size_class((1 << 20) + 1), size_t{1} << 20 | size_t{1} << 18);
  for (size_t n : {size_t{3}, size_t{1000}, size_t{999999}, size_t{5} << 20, (size_t{1} << 33) + 7}) {
    const size_t c = CachingAllocator::size_class(n);
    EXPECT_GE(c, n);
    EXPECT_LE(c, std::max<size_t>(512, n + n / 4 + 512)) << n;
  }
}

TEST(CachingAllocator, ReusesFreedBlocks) {
  FakeDevice dev{1 << 24};
  CachingAllocator a("FAKE", dev.backend());
  void* p = a.allocate(10000);
  a.deallocate(p);
  void* q = a.allocate(9800); // same size class
  EXPECT_EQ(p, q);
  EXPECT_EQ(dev.allocs, 1);
  EXPECT_EQ(a.stats().reuses, 1u);
  void* r = a.allocate(100000); // another class: a new block
  EXPECT_NE(r, q);
  EXPECT_EQ(dev.allocs, 2);
  a.deallocate(q);
  a.deallocate(r);
  EXPECT_EQ(a.stats().live_bytes, 0u);
  a.release_cached();
  EXPECT_EQ(dev.frees, 2);
  EXPECT_EQ(dev.used, 0u);
  EXPECT_THROW(a.deallocate(&dev), Error);
}

TEST(CachingAllocator, OutOfMemoryFreesTheCacheAndRetriesOnce) {
  FakeDevice dev{1 << 20};
  CachingAllocator a("FAKE", dev.backend());
  a.deallocate(a.allocate(600 << 10)); // 600 KiB cached
  void* big = a.allocate(700 << 10);   // does not fit beside the cached block: flush, retry, succeed
  EXPECT_NE(big, nullptr);
  EXPECT_EQ(dev.frees, 1);
  EXPECT_EQ(dev.syncs, 1) << "cached blocks are released only after the stream is synchronized";
  try {
    a.allocate(size_t{10} << 40); // 10 TiB
    FAIL() << "expected lmc::Error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("out of memory"), std::string::npos) << m;
    EXPECT_NE(m.find(fmt::format("asked for {} bytes", size_t{10} << 40)), std::string::npos) << m;
    EXPECT_NE(m.find(fmt::format("{} bytes", dev.capacity - dev.used)), std::string::npos) << "free bytes: " << m;
  }
  a.deallocate(big);
}

// ---- without a driver ----

TEST(CudaFallback, NoDriverMeansAClearErrorAndTheCpu) {
  std::string why;
  if (cuda_available(&why)) GTEST_SKIP() << "this machine has a GPU";
  EXPECT_FALSE(why.empty());
  const std::string saved = mutable_config().device;
  mutable_config().device.clear();
  EXPECT_EQ(default_device(), "CPU");
  mutable_config().device = saved;
  try {
    get_device("CUDA");
    FAIL() << "expected lmc::Error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("CUDA is not available"), std::string::npos) << m;
    EXPECT_NE(m.find(why), std::string::npos) << m;
  }
  const CudaInfo info = cuda_info();
  EXPECT_FALSE(info.available);
  EXPECT_EQ(info.compile_only, have_nvrtc());
}

} // namespace
} // namespace lmc
