// The CUDA device on a real GPU (ctest label gpu): hand-built programs launched and checked against naive C++ loops,
// the dtype/op matrix checked against the CPU backend bit for bit, transfers, the allocator, OOM and timing.
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "codegen/render/float_bits.hpp"
#include "codegen/schedule.hpp"
#include "cuda_programs.hpp"
#include "ir/config.hpp"
#include "ir/error.hpp"
#include "runtime/cuda/cuda_device.hpp"
#include "runtime/device.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <limits>
#include <random>

namespace lmc {
namespace {

using namespace cuda_test;

#define REQUIRE_GPU()                                                                                                  \
  do {                                                                                                                 \
    std::string why;                                                                                                   \
    if (!cuda_available(&why)) GTEST_SKIP() << "no usable GPU: " << why;                                               \
  } while (0)

CudaDevice& gpu() {
  return dynamic_cast<CudaDevice&>(get_device("CUDA"));
}

// A device buffer freed when it goes out of scope.
struct DevBuf {
  void* ptr = nullptr;
  size_t bytes = 0;
  explicit DevBuf(size_t n) : ptr(gpu().allocate(n)), bytes(n) {}
  ~DevBuf() { gpu().deallocate(ptr, bytes); }
  DevBuf(const DevBuf&) = delete;
};

// Runs `p` on the GPU with these host inputs (one byte vector per param slot; outputs may be sized-only) and
// returns every slot's contents afterwards.
std::vector<std::vector<char>> run_gpu(const LinearProgram& p, std::vector<std::vector<char>> host,
                                       std::vector<int32_t> vars = {}) {
  CudaDevice& d = gpu();
  std::vector<std::unique_ptr<DevBuf>> bufs;
  std::vector<void*> ptrs;
  for (auto& h : host) {
    bufs.push_back(std::make_unique<DevBuf>(std::max<size_t>(h.size(), 1)));
    d.copy_in(bufs.back()->ptr, h.data(), h.size());
    ptrs.push_back(bufs.back()->ptr);
  }
  auto k = d.compile(p);
  d.launch(*k, p, ptrs, vars);
  for (size_t i = 0; i < host.size(); ++i)
    d.copy_out(host[i].data(), ptrs[i], host[i].size());
  return host;
}

// The same on the CPU backend: the second, independent implementation the dtype matrix is checked against.
std::vector<std::vector<char>> run_cpu_backend(const LinearProgram& p, std::vector<std::vector<char>> host,
                                               std::vector<int32_t> vars = {}) {
  Device& d = get_device("CPU");
  std::vector<void*> ptrs;
  for (auto& h : host)
    ptrs.push_back(h.data());
  auto k = d.compile(p);
  d.launch(*k, p, ptrs, vars);
  d.synchronize();
  return host;
}

template <class T>
std::vector<char> bytes_of(const std::vector<T>& v) {
  std::vector<char> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}
template <class T>
std::vector<T> values_of(const std::vector<char>& b) {
  std::vector<T> v(b.size() / sizeof(T));
  std::memcpy(v.data(), b.data(), v.size() * sizeof(T));
  return v;
}

// Host bytes of `vals` in dtype d (ints wrap, floats round to nearest even).
std::vector<char> encode(DType d, const std::vector<double>& vals) {
  std::vector<char> out(vals.size() * d.itemsize());
  for (size_t i = 0; i < vals.size(); ++i) {
    char* at = out.data() + i * d.itemsize();
    const double v = vals[i];
    auto put = [&](auto x) { std::memcpy(at, &x, sizeof(x)); };
    switch (d.scalar) {
    case Scalar::Bool:
      put(static_cast<uint8_t>(v != 0));
      break;
    case Scalar::Float16:
      put(double_to_half_bits(v));
      break;
    case Scalar::BFloat16:
      put(double_to_bf16_bits(v));
      break;
    case Scalar::Float32:
      put(static_cast<float>(v));
      break;
    case Scalar::Float64:
      put(v);
      break;
    default: {
      const int64_t x = static_cast<int64_t>(v);
      std::memcpy(at, &x, d.itemsize()); // little-endian: the low bytes are the wrapped value
    }
    }
  }
  return out;
}

// Element i of a dtype-d byte vector as a double (for messages and tolerances).
double decode(DType d, const std::vector<char>& b, size_t i) {
  const char* at = b.data() + i * d.itemsize();
  auto get = [&](auto x) {
    std::memcpy(&x, at, sizeof(x));
    return x;
  };
  switch (d.scalar) {
  case Scalar::Bool:
    return get(uint8_t{});
  case Scalar::Int8:
    return get(int8_t{});
  case Scalar::Int16:
    return get(int16_t{});
  case Scalar::Int32:
    return get(int32_t{});
  case Scalar::Int64:
    return static_cast<double>(get(int64_t{}));
  case Scalar::UInt8:
    return get(uint8_t{});
  case Scalar::UInt16:
    return get(uint16_t{});
  case Scalar::UInt32:
    return get(uint32_t{});
  case Scalar::UInt64:
    return static_cast<double>(get(uint64_t{}));
  case Scalar::Float16:
    return half_bits_to_double(get(uint16_t{}));
  case Scalar::BFloat16:
    return bf16_bits_to_double(get(uint16_t{}));
  case Scalar::Float32:
    return get(float{});
  case Scalar::Float64:
    return get(double{});
  default:
    return 0;
  }
}

// GPU and CPU backend agree: bit for bit (NaNs as NaNs), or within `rel` for float outputs of inexact library
// functions.
void expect_backends_agree(const LinearProgram& p, const std::vector<std::vector<char>>& inputs, DType out, size_t n,
                           double rel = 0) {
  std::vector<std::vector<char>> host = inputs;
  host.emplace_back(n * out.itemsize(), '\0');
  const auto g = run_gpu(p, host).back();
  const auto c = run_cpu_backend(p, host).back();
  for (size_t i = 0; i < n; ++i) {
    const double gv = decode(out, g, i), cv = decode(out, c, i);
    if (out.is_float() && std::isnan(gv) && std::isnan(cv)) {
      continue; // any NaN is a NaN: payload bits are not part of the contract
    } else if (rel == 0 || !out.is_float()) {
      ASSERT_EQ(std::memcmp(g.data() + i * out.itemsize(), c.data() + i * out.itemsize(), out.itemsize()), 0)
          << p.name << " element " << i << ": GPU " << gv << ", CPU " << cv;
    } else if (!(std::isnan(gv) && std::isnan(cv))) {
      ASSERT_NEAR(gv, cv, rel * std::max(1.0, std::abs(cv))) << p.name << " element " << i;
    }
  }
}

// ---- headline programs against naive loops ----

TEST(CudaGpu, ElementwiseMulAddOddSize) {
  REQUIRE_GPU();
  const int64_t n = 1000003;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-10, 10);
  std::vector<float> a(n), b(n), c(n);
  for (int64_t i = 0; i < n; ++i)
    a[i] = dist(rng), b[i] = dist(rng), c[i] = dist(rng);
  LinearProgram p = elementwise("mul_add", n, {float32, float32, float32}, float32,
                                [](std::vector<UOp> v) { return v[0] * v[1] + v[2]; });
  const auto out = values_of<float>(run_gpu(p, {bytes_of(a), bytes_of(b), bytes_of(c), std::vector<char>(n * 4)})[3]);
  for (int64_t i = 0; i < n; ++i)
    ASSERT_NEAR(out[i], double(a[i]) * b[i] + c[i], 1e-5 * (1 + std::abs(double(a[i]) * b[i]))) << i;
}

// Rows of 8 summed read each row with two 16-byte vector loads (the pass vector_loads): right from a buffer lmc
// allocated, and refused with an error naming the buffer when its address is 4 bytes off, rather than faulting.
TEST(CudaGpu, VectorLoadsNeedAnAlignedBuffer) {
  REQUIRE_GPU();
  const UOp b = UOp::make(Op::BUFFER, float32, {}, BufferArg{next_buffer_id(), 7 * 8, "CPU"});
  const UOp x = UOp::make(Op::RESHAPE, float32, {b}, IntList{7, 8});
  const UOp sums = UOp::make(Op::REDUCE, float32, {x}, ReduceArg{Op::ADD, {1}});
  const Schedule s = schedule({sums}, "CPU");
  const LinearProgram p = lower(apply_opts(s.kernels.at(0), {}, OptTarget::cuda(90)));
  ASSERT_EQ(render_cuda(p).launch.aligned_params, (std::vector<std::pair<int, int>>{{0, 16}}));
  std::vector<float> in(7 * 8);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<float>(i % 13) - 4.5f;
  const auto out = values_of<float>(run_gpu(p, {bytes_of(in), std::vector<char>(7 * 4)})[1]);
  for (int row = 0; row < 7; ++row) {
    double want = 0;
    for (int c = 0; c < 8; ++c)
      want += in[row * 8 + c];
    EXPECT_NEAR(out[row], want, 1e-5) << row;
  }
  DevBuf big(8 * 8 * 4), result(7 * 4);
  auto k = gpu().compile(p);
  const std::vector<void*> shifted{static_cast<char*>(big.ptr) + 4, result.ptr};
  try {
    gpu().launch(*k, p, shifted, {});
    FAIL() << "a vector load from a misaligned buffer was launched";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("buffer 0"), std::string::npos) << what;
    EXPECT_NE(what.find("aligned to 16 bytes"), std::string::npos) << what;
  }
}

TEST(CudaGpu, RowSumWithRegisterAccumulator) {
  REQUIRE_GPU();
  for (auto [rows, cols] : {std::pair<int64_t, int64_t>{37, 1003}, {4099, 513}, {1, 100000}}) {
    std::mt19937 rng(2);
    std::uniform_real_distribution<float> dist(-1, 1);
    std::vector<float> in(rows * cols);
    for (float& v : in)
      v = dist(rng);
    const auto out = values_of<float>(run_gpu(row_sum(rows, cols), {bytes_of(in), std::vector<char>(rows * 4)})[1]);
    for (int64_t r = 0; r < rows; ++r) {
      double ref = 0;
      for (int64_t c = 0; c < cols; ++c)
        ref += in[r * cols + c];
      ASSERT_NEAR(out[r], ref, 1e-6 * cols) << rows << "x" << cols << " row " << r;
    }
  }
}

TEST(CudaGpu, GatedLoadsAndStores) {
  REQUIRE_GPU();
  const int64_t n = 1000, shift = 3;
  std::vector<float> in(n), out2(n, -7.f);
  for (int64_t i = 0; i < n; ++i)
    in[i] = static_cast<float>(i) + 0.5f;
  const auto res = run_gpu(gated_shift(n, shift), {bytes_of(in), std::vector<char>(n * 4), bytes_of(out2)});
  const auto out = values_of<float>(res[1]), kept = values_of<float>(res[2]);
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_EQ(out[i], i + shift < n ? in[i + shift] : 0.f) << i;
    ASSERT_EQ(kept[i], i % 2 == 0 ? in[i] : -7.f) << i << ": a false gate stores nothing";
  }
}

TEST(CudaGpu, TwoGlobalRangesWithVariableExtents) {
  REQUIRE_GPU();
  const int64_t max_rows = 300, max_cols = 500;
  LinearProgram p = grid_2d(max_rows, max_cols);
  std::vector<float> a(max_rows * max_cols);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = static_cast<float>(i % 977) * 0.25f;
  for (auto [rows, cols] : {std::pair<int32_t, int32_t>{7, 33}, {300, 500}, {1, 1}, {299, 1}}) {
    std::vector<float> init(max_rows * max_cols, -1.f);
    const auto out = values_of<float>(run_gpu(p, {bytes_of(a), bytes_of(init)}, {rows, cols})[1]);
    for (int64_t i = 0; i < max_rows * max_cols; ++i) {
      const int64_t r = i / cols, c = i % cols;
      const float expect = i < int64_t{rows} * cols ? a[i] * 2.f + static_cast<float>(c) : -1.f;
      ASSERT_EQ(out[i], expect) << rows << "x" << cols << " at " << r << "," << c;
    }
  }
}

TEST(CudaGpu, GridStrideLoopCoversEverything) {
  REQUIRE_GPU();
  // Rendered for a grid of at most 4 blocks, the kernel must still cover every element by striding.
  CudaDevice& d = gpu();
  CudaTarget small = d.target();
  small.max_grid_x = 4;
  const int64_t n = 100003;
  LinearProgram p = unary(Op::NEG, int32, int32, n);
  ASSERT_TRUE(render_cuda(p, small).launch.grid_stride);
  std::vector<int32_t> in(n), out(n);
  for (int64_t i = 0; i < n; ++i)
    in[i] = static_cast<int32_t>(i * 7 - 1000);
  DevBuf a(n * 4), b(n * 4);
  d.copy_in(a.ptr, in.data(), n * 4);
  auto k = d.compile_for(p, small);
  std::vector<void*> ptrs{a.ptr, b.ptr};
  d.launch(*k, p, ptrs, {});
  d.copy_out(out.data(), b.ptr, n * 4);
  for (int64_t i = 0; i < n; ++i)
    ASSERT_EQ(out[i], -in[i]) << i;
}

TEST(CudaGpu, SerialKernelWithoutParallelRange) {
  REQUIRE_GPU();
  const int64_t n = 1000;
  std::vector<int64_t> in(n);
  int64_t ref = 0;
  for (int64_t i = 0; i < n; ++i)
    ref += in[i] = i * i - 12345;
  const auto out = values_of<int64_t>(run_gpu(serial_sum(n), {bytes_of(in), std::vector<char>(8)})[1]);
  EXPECT_EQ(out[0], ref);
}

TEST(CudaGpu, FloatMaxMinPropagateNan) {
  REQUIRE_GPU();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> a{1.f, nan, 3.f, nan, -0.f, 2.f};
  const std::vector<float> b{nan, 2.f, 1.f, nan, 0.f, 5.f};
  for (Op op : {Op::MAX, Op::MIN}) {
    const auto out =
        values_of<float>(run_gpu(binary(op, float32, 6), {bytes_of(a), bytes_of(b), std::vector<char>(6 * 4)})[2]);
    for (size_t i = 0; i < 4; ++i) {
      if (std::isnan(a[i]) || std::isnan(b[i])) {
        EXPECT_TRUE(std::isnan(out[i])) << op_name(op) << " " << i;
      }
    }
    EXPECT_EQ(out[2], op == Op::MAX ? 3.f : 1.f);
    EXPECT_EQ(out[5], op == Op::MAX ? 5.f : 2.f);
  }
  // And the same in float64, float16 and bfloat16 (computed in float).
  for (DType d : {float64, float16, bfloat16}) {
    const std::vector<double> x{1, NAN, 3}, y{NAN, 2, 1};
    expect_backends_agree(binary(Op::MAX, d, 3), {encode(d, x), encode(d, y)}, d, 3);
  }
}

TEST(CudaGpu, Int32OpsAgainstNaiveLoops) {
  REQUIRE_GPU();
  const int64_t n = 4096;
  std::mt19937 rng(3);
  std::uniform_int_distribution<int32_t> any(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  std::uniform_int_distribution<int32_t> small(-1000, 1000);
  std::vector<int32_t> a(n), b(n);
  for (int64_t i = 0; i < n; ++i) {
    a[i] = i % 2 ? any(rng) : small(rng);
    b[i] = small(rng);
    if (b[i] == 0) b[i] = 7;
  }
  auto check = [&](Op op, auto ref) {
    const auto out =
        values_of<int32_t>(run_gpu(binary(op, int32, n), {bytes_of(a), bytes_of(b), std::vector<char>(n * 4)})[2]);
    for (int64_t i = 0; i < n; ++i)
      ASSERT_EQ(out[i], ref(a[i], b[i])) << op_name(op) << " " << a[i] << ", " << b[i];
  };
  auto wrap = [](int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); };
  check(Op::ADD, [&](int32_t x, int32_t y) { return wrap(int64_t{x} + y); });
  check(Op::SUB, [&](int32_t x, int32_t y) { return wrap(int64_t{x} - y); });
  check(Op::MUL, [&](int32_t x, int32_t y) { return wrap(int64_t{x} * y); });
  check(Op::CDIV, [](int32_t x, int32_t y) { return x / y; });
  check(Op::CMOD, [](int32_t x, int32_t y) { return x % y; });
  check(Op::MAX, [](int32_t x, int32_t y) { return std::max(x, y); });
  check(Op::MIN, [](int32_t x, int32_t y) { return std::min(x, y); });
  check(Op::XOR, [](int32_t x, int32_t y) { return x ^ y; });
}

// ---- the dtype/op matrix against the CPU backend ----

std::vector<double> sample_values(DType from, DType to, size_t n) {
  std::vector<double> v(n);
  // Inside every target's range (no undefined float->int conversions): [-50, 36] signed, [0, 86] unsigned.
  const bool nonneg = to.is_unsigned() || from.is_unsigned() || from.is_bool();
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<double>(i) * 1.37 - (nonneg ? 0 : 50);
  if (from.is_bool())
    for (size_t i = 0; i < n; ++i)
      v[i] = static_cast<double>(i % 3 == 0);
  return v;
}

TEST(CudaGpu, EveryCastAgreesWithTheCpuBackend) {
  REQUIRE_GPU();
  const size_t n = 64;
  for (DType from : all_dtypes())
    for (DType to : all_dtypes())
      expect_backends_agree(unary(Op::CAST, from, to, n), {encode(from, sample_values(from, to, n))}, to, n);
}

TEST(CudaGpu, ArithmeticOnEveryDtypeAgreesWithTheCpuBackend) {
  REQUIRE_GPU();
  const size_t n = 64;
  for (DType d : all_dtypes()) {
    const auto a = encode(d, sample_values(d, d, n));
    // Nonzero divisors: 1..9, negative at odd positions for signed types; any nonzero value for floats.
    std::vector<double> bv(n);
    for (size_t i = 0; i < n; ++i)
      bv[i] = static_cast<double>(i % 9 + 1) * (d.is_signed() || d.is_float() ? (i % 2 ? -1 : 1) : 1) +
              (d.is_float() ? 0.25 : 0);
    const auto b = encode(d, bv);
    std::vector<Op> ops{Op::ADD, Op::SUB, Op::MUL, Op::MAX, Op::MIN, Op::CMPLT, Op::CMPLE, Op::CMPEQ, Op::CMPNE};
    if (d.is_float()) ops.push_back(Op::FDIV);
    if (d.is_int()) ops.insert(ops.end(), {Op::CDIV, Op::CMOD, Op::AND, Op::OR, Op::XOR});
    for (Op op : ops)
      expect_backends_agree(binary(op, d, n), {a, b}, is_comparison(op) ? bool_ : d, n);
    expect_backends_agree(unary(Op::NEG, d, d, n), {a}, d, n);
    if (d.is_int())
      for (Op op : {Op::POPCOUNT, Op::CTZ})
        expect_backends_agree(unary(op, d, d, n), {a}, d, n);
    expect_backends_agree(elementwise("where_" + d.name(), n, {bool_, d, d}, d,
                                      [](std::vector<UOp> v) {
                                        return UOp::alu(Op::WHERE, {v[0], v[1], v[2]});
                                      }),
                          {encode(bool_, sample_values(bool_, bool_, n)), a, b}, d, n);
  }
}

TEST(CudaGpu, ShiftsAgreeWithTheCpuBackend) {
  REQUIRE_GPU();
  const size_t n = 64;
  for (DType d : {int8, int16, int32, int64, uint8, uint16, uint32, uint64}) {
    std::vector<double> x(n), amount(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = d.is_signed() && i % 2 ? -static_cast<double>(i * 3 + 1) : static_cast<double>(i * 5 + 3);
      amount[i] = static_cast<double>(i % (d.bits() - 1));
    }
    for (Op op : {Op::SHL, Op::SHR})
      expect_backends_agree(binary(op, d, n), {encode(d, x), encode(d, amount)}, d, n);
  }
}

TEST(CudaGpu, TranscendentalsAgreeWithTheCpuBackend) {
  REQUIRE_GPU();
  const size_t n = 64;
  for (DType d : {float16, bfloat16, float32, float64}) {
    std::vector<double> pos(n), any(n);
    for (size_t i = 0; i < n; ++i) {
      pos[i] = 0.05 + static_cast<double>(i) * 0.37;
      any[i] = static_cast<double>(i) * 0.41 - 13;
    }
    // exp2f/log2f/sinf are within 2 ulp of the correctly rounded result; 16-bit types round that once more.
    const double rel = d == float64 ? 1e-14 : d == float32 ? 1e-6 : d == float16 ? 2e-3 : 1.6e-2;
    expect_backends_agree(unary(Op::EXP2, d, d, n), {encode(d, any)}, d, n, rel);
    expect_backends_agree(unary(Op::LOG2, d, d, n), {encode(d, pos)}, d, n, rel);
    expect_backends_agree(unary(Op::SIN, d, d, n), {encode(d, any)}, d, n, rel);
    // Correctly rounded on both sides (no fast math), so exact.
    expect_backends_agree(unary(Op::SQRT, d, d, n), {encode(d, pos)}, d, n);
    expect_backends_agree(unary(Op::RECIPROCAL, d, d, n), {encode(d, any)}, d, n);
    expect_backends_agree(unary(Op::TRUNC, d, d, n), {encode(d, any)}, d, n);
  }
}

TEST(CudaGpu, BitcastsAgreeWithTheCpuBackend) {
  REQUIRE_GPU();
  const size_t n = 16;
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = static_cast<double>(i) * 1.5 - 7;
  for (auto [from, to] : {std::pair{float32, int32},
                          {int32, float32},
                          {float64, int64},
                          {float16, int16},
                          {bfloat16, uint16},
                          {uint16, float16}})
    expect_backends_agree(unary(Op::BITCAST, from, to, n), {encode(from, v)}, to, n);
}

// ---- transfers, memory, timing ----

TEST(CudaGpu, LargeCopiesRoundTripThroughStaging) {
  REQUIRE_GPU();
  const size_t n = (size_t{3} * 8 << 20) + 123; // more than the staging ring's blocks
  std::vector<char> host(n), back(n);
  for (size_t i = 0; i < n; ++i)
    host[i] = static_cast<char>(i * 131 + 7);
  DevBuf buf(n);
  {
    std::vector<char> temp = host;
    gpu().copy_in(buf.ptr, temp.data(), n);
  } // the source is gone before the copy is known to be done: copy_in must have staged it
  gpu().copy_out(back.data(), buf.ptr, n);
  EXPECT_EQ(host, back);
}

TEST(CudaGpu, AllocatorReusesBlocks) {
  REQUIRE_GPU();
  CudaDevice& d = gpu();
  const auto before = d.memory_stats();
  void* p = d.allocate(1 << 20);
  d.deallocate(p, 1 << 20);
  void* q = d.allocate((1 << 20) - 100);
  EXPECT_EQ(p, q);
  d.deallocate(q, (1 << 20) - 100);
  EXPECT_GT(d.memory_stats().reuses, before.reuses);
}

TEST(CudaGpu, OutOfMemorySaysAskedAndFree) {
  REQUIRE_GPU();
  const size_t ten_tb = size_t{10} << 40;
  try {
    gpu().allocate(ten_tb);
    FAIL() << "expected lmc::Error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("out of memory"), std::string::npos) << m;
    EXPECT_NE(m.find(fmt::format("asked for {} bytes", ten_tb)), std::string::npos) << m;
    EXPECT_NE(m.find("free of"), std::string::npos) << m;
  }
  // The device still works afterwards.
  void* p = gpu().allocate(4096);
  gpu().deallocate(p, 4096);
}

TEST(CudaGpu, EventsTimeALaunch) {
  REQUIRE_GPU();
  CudaDevice& d = gpu();
  const int64_t n = 1 << 24;
  LinearProgram p = unary(Op::SQRT, float32, float32, n);
  DevBuf in(n * 4), out(n * 4);
  auto k = d.compile(p);
  std::vector<void*> ptrs{in.ptr, out.ptr};
  d.set_timing(true);
  d.launch(*k, p, ptrs, {});
  const double ms = d.time_last_launch_ms();
  d.set_timing(false);
  EXPECT_GT(ms, 0.0);
  EXPECT_LT(ms, 1000.0);
}

TEST(CudaGpu, DefaultDeviceIsCudaWhenPresent) {
  REQUIRE_GPU();
  const std::string saved = mutable_config().device;
  mutable_config().device.clear();
  EXPECT_EQ(default_device(), "CUDA");
  mutable_config().device = saved;
  EXPECT_EQ(cuda_info().arch, gpu().arch());
}

} // namespace
} // namespace lmc
