// Index arithmetic past int32 (issue #15): a kernel whose tensors hold 2^30 elements or more computes its indices in
// int64, on the CPU (LLVM IR) and in CUDA C; with 32-bit indices a sum over 2^31 elements gave 0 and the last
// elements of a long axis were read from wrapped positions. Most tests use expanded or padded virtual tensors, so
// they need no memory; the one over a real 2 GiB buffer carries the label slow (SlowWideIndex).
#include "check.hpp"
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "codegen/render/llvm_ir.hpp"
#include "codegen/schedule.hpp"
#include "runtime/cuda/nvrtc_compile.hpp"

#include <set>

namespace lmc {
namespace {

constexpr int64_t kBig = (int64_t{1} << 31) + 7; // past INT32_MAX, so an int32 extent wraps negative

TEST(WideIndex, SumOverMoreThanInt32MaxElements) {
  EXPECT_EQ(Tensor::ones({1}, int64).expand({kBig}).sum().to_vector<int64_t>(), std::vector<int64_t>{kBig});
  // kBig virtual entries of which only the last is 1: a wrapped range or gate never reaches it.
  const Tensor last_only = Tensor::ones({1}, int64).pad({{kBig - 1, 0}});
  EXPECT_EQ(last_only.sum().to_vector<int64_t>(), std::vector<int64_t>{1});
  EXPECT_EQ(last_only.max().to_vector<int64_t>(), std::vector<int64_t>{1});
}

// Row r of (3, M) holds r + 1; flattened, entry f is f / M + 1. The last entries and those around each row boundary
// are read back through int64 flat indices (3M > 2^32, so even uint32 would wrap).
TEST(WideIndex, LastEntriesOfALongFlattenedAxisReadTheRightRow) {
  const int64_t m = (int64_t{1} << 31) + 3;
  const Tensor rows = Tensor::from_vector(std::vector<int64_t>{1, 2, 3}, {3, 1}).expand({3, m}).reshape({3 * m});
  auto at = [&](int64_t from, int64_t to) { return rows.shrink({{from, to}}).to_vector<int64_t>(); };
  EXPECT_EQ(at(3 * m - 3, 3 * m), (std::vector<int64_t>{3, 3, 3}));
  EXPECT_EQ(at(m - 1, m + 1), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(at(2 * m - 1, 2 * m + 1), (std::vector<int64_t>{2, 3}));
  // The same positions through a reduce over each row (a whole sum would loop 6.4e9 times: seconds).
  EXPECT_EQ(rows.reshape({3, m}).sum(1).to_vector<int64_t>(), (std::vector<int64_t>{m, 2 * m, 3 * m}));
}

// A gather over a long (virtual) index tensor: its positions come from a small source through int64 arithmetic.
TEST(WideIndex, GatherFromALongIndexTensor) {
  const Tensor src = Tensor::from_vector(std::vector<float>{10, 11, 12}, {3});
  const Tensor index = Tensor::from_vector(std::vector<int64_t>{2}, {1}).expand({kBig});
  const Tensor g = src.gather(0, index);
  EXPECT_EQ(g.shrink({{kBig - 2, kBig}}).to_vector<float>(), (std::vector<float>{12, 12}));
  EXPECT_EQ(g.shrink({{0, 1}}).to_vector<float>(), std::vector<float>{12});
  // In an int64-indexed kernel too, 2^32 + 1 is outside the axis (reads 0), not element 1.
  for (const Tensor& far : {Tensor::from_vector(std::vector<int64_t>{(int64_t{1} << 32) + 1}, {1}),
                            Tensor::from_vector(std::vector<int64_t>{-(int64_t{1} << 32) + 1}, {1})}) {
    const Tensor gf = src.gather(0, far.expand({kBig}));
    EXPECT_EQ(gf.shrink({{kBig - 1, kBig}}).to_vector<float>(), std::vector<float>{0});
  }
  const Tensor ufar = Tensor::from_vector(std::vector<uint64_t>{(uint64_t{1} << 63) + 1}, {1}).expand({kBig});
  EXPECT_EQ(src.gather(0, ufar).shrink({{kBig - 1, kBig}}).to_vector<float>(), std::vector<float>{0});
}

// Small kernels keep int32 indices (cheaper on GPUs); the choice is by element count, not by op.
TEST(WideIndex, OnlyLargeKernelsTakeInt64Indices) {
  auto range_dtypes = [](const Tensor& t) {
    std::set<std::string> out;
    for (const ScheduledKernel& k : schedule({t.uop()}, "CPU").kernels)
      for (UOp u : k.ast.toposort())
        if (u.op() == Op::RANGE) out.insert(u.dtype().name());
    return out;
  };
  EXPECT_EQ(range_dtypes(Tensor::ones({1}, int64).expand({kBig}).sum()), std::set<std::string>{"int64"});
  EXPECT_EQ(range_dtypes(Tensor::ones({1}, int64).expand({(int64_t{1} << 30) - 1}).sum()),
            std::set<std::string>{"int32"});
  EXPECT_EQ(range_dtypes(Tensor::ones({1}, int64).expand({int64_t{1} << 30}).sum()), std::set<std::string>{"int64"});
}

bool nvrtc_present() {
  try {
    nvrtc_compile_cached("extern \"C\" __global__ void probe() {}", "sm_90");
    return true;
  } catch (const Error&) {
    return false;
  }
}

// Lowered as the CUDA device lowers it (sm_90 heuristics: GROUP splits the reduce over a thread block) and as the
// CPU does: every range and thread index of the program is int64, the CUDA C declares them long long, and NVRTC
// compiles it where present. (Running it needs a GPU; the gpu label's suites do that.)
TEST(WideIndex, CudaAndLlvmProgramsIndexIn64Bits) {
  const Tensor rows = Tensor::from_vector(std::vector<int64_t>{1, 2, 3}, {3, 1}, "CPU").expand({3, kBig});
  for (const Tensor& t : {rows.sum(), rows.sum(1), rows.reshape({3 * kBig}).shrink({{3 * kBig - 5, 3 * kBig}})}) {
    const Schedule s = schedule({t.uop()}, "CPU");
    ASSERT_EQ(s.kernels.size(), 1u);
    const ScheduledKernel& k = s.kernels[0];
    for (const OptTarget& target : {OptTarget::cuda(90), OptTarget::cpu(2)}) {
      const LinearProgram p = lower(apply_opts(k, heuristic_opts(k, target), target));
      int indices = 0;
      for (UOp u : p.ops)
        if (u.op() == Op::RANGE || u.op() == Op::SPECIAL) {
          EXPECT_EQ(u.dtype().name(), "int64")
              << k.name << ": " << op_name(u.op()) << (target.gpu ? " on CUDA" : " on the CPU");
          ++indices;
        }
      EXPECT_GT(indices, 0) << k.name;
      if (target.gpu) {
        const CudaKernelSource src = render_cuda(p, CudaTarget{});
        EXPECT_NE(src.source.find("long long"), std::string::npos) << src.source;
        EXPECT_EQ(src.source.find("(int)"), std::string::npos) << src.source; // no narrowing of an index
        if (nvrtc_present()) {
          EXPECT_NO_THROW(nvrtc_compile_cached(src.source, "sm_90"));
        }
      } else {
        const std::string ir = render_llvm_ir(p);
        EXPECT_NE(ir.find("phi i64"), std::string::npos) << ir;
        EXPECT_EQ(ir.find("phi i32"), std::string::npos) << ir;
      }
    }
  }
}

// A top-k names its picks with int32 indices: an axis they cannot all name is refused, not wrapped.
TEST(WideIndex, TopkOverAnAxisPastInt32IsRefused) {
  const Tensor t = Tensor::ones({1}).expand({kBig});
  check::expect_error([&] { (void)t.topk(2); }, {"topk", "2147483655", "int32"});
  check::expect_error([&] { (void)t.argmax(0); }, {"topk", "2147483655", "int32"});
}

// A real buffer of 2^31 + 7 bytes: written by one kernel, its last bytes and its sum read by others (2 GiB of
// memory and a few seconds, hence the label slow).
TEST(SlowWideIndex, BufferPastInt32MaxElements) {
  const Tensor ramp = Tensor::arange(7, int8).pad({{kBig - 7, 0}}).contiguous(); // zeros, then 0..6 at the end
  EXPECT_EQ(ramp.shrink({{kBig - 8, kBig}}).to_vector<int8_t>(), (std::vector<int8_t>{0, 0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(ramp.cast(int64).sum().to_vector<int64_t>(), std::vector<int64_t>{21});
  const Tensor filled = Tensor::full({kBig}, 1, int8);
  EXPECT_EQ(filled.shrink({{kBig - 2, kBig}}).to_vector<int8_t>(), (std::vector<int8_t>{1, 1}));
  EXPECT_EQ(filled.cast(int64).sum().to_vector<int64_t>(), std::vector<int64_t>{kBig});
}

} // namespace
} // namespace lmc
