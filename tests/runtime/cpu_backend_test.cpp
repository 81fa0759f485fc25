// The CPU backend on hand-built linear programs: the LLVM IR renderer, the JIT, the thread pool and run_cpu,
// each result checked against a naive C++ loop (float64 where floats are involved), independent of the scheduler.
#include "codegen/render/float_bits.hpp"
#include "codegen/render/llvm_ir.hpp"
#include "ir/config.hpp"
#include "ir/error.hpp"
#include "ir/verify.hpp"
#include "runtime/cpu/cpu_executor.hpp"
#include "runtime/cpu/llvm_jit.hpp"
#include "runtime/cpu/thread_pool.hpp"
#include "runtime/disk_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <mutex>
#include <numeric>
#include <random>
#include <sys/mman.h>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <unordered_set>

namespace lmc {
namespace {

// Builds a linear program in order; emitting a node first emits its sources that are not in the program yet.
class ProgramBuilder {
public:
  explicit ProgramBuilder(std::string name) { p_.name = std::move(name); }

  UOp param(int32_t slot, DType elem, int64_t size, bool written = false) {
    UOp u = UOp::make(Op::PARAM, elem.ptr(AddrSpace::Global), {}, ParamArg{slot, size});
    if (p_.params.size() <= static_cast<size_t>(slot)) p_.params.resize(slot + 1);
    p_.params[slot] = KernelParam{slot, elem, size, written};
    return emit(u);
  }
  UOp var(const std::string& name, int64_t lo, int64_t hi) {
    p_.vars.push_back(KernelVar{name, lo, hi});
    return emit(UOp::var(name, lo, hi, int32));
  }
  UOp range(UOp end, int32_t id, bool parallel = false) {
    UOp r = emit(UOp::range(end, id, parallel ? AxisKind::Global : AxisKind::Loop));
    if (parallel) p_.parallel_range = static_cast<int>(p_.ops.size() - 1);
    return r;
  }
  UOp end(UOp range) { return emit(UOp::make(Op::END, void_, {range})); }
  UOp load(UOp addr, std::initializer_list<UOp> after = {}) {
    std::vector<UOp> src{addr};
    src.insert(src.end(), after.begin(), after.end());
    return emit(UOp::make(Op::LOAD, addr.dtype().pointee(), src));
  }
  UOp store(UOp addr, UOp value) { return emit(UOp::make(Op::STORE, void_, {addr, value})); }

  UOp emit(UOp u) {
    if (seen_.contains(u.id())) return u;
    for (UOp s : u.src())
      emit(s);
    seen_.insert(u.id());
    p_.ops.push_back(u);
    return u;
  }

  LinearProgram done() {
    verify_linear(p_.ops); // every hand-built program keeps the contract the scheduler promises
    return p_;
  }

private:
  LinearProgram p_;
  std::unordered_set<uint32_t> seen_;
};

UOp index(UOp buf, UOp i) {
  return UOp::make(Op::INDEX, buf.dtype(), {buf, i});
}
UOp index(UOp buf, UOp i, UOp gate) {
  return UOp::make(Op::INDEX, buf.dtype(), {buf, i, gate});
}
UOp c32(int64_t v) {
  return UOp::constant(int32, v);
}

ThreadPool& pool() {
  static ThreadPool p(4); // more threads than this machine's cores, so chunks really interleave
  return p;
}

CpuKernel compile(const LinearProgram& p) {
  const std::string ir = render_llvm_ir(p);
  try {
    return LlvmJit::global().compile(ir, llvm_symbol(p));
  } catch (const Error& e) {
    ADD_FAILURE() << e.what();
    throw;
  }
}

void run(const LinearProgram& p, std::vector<void*> bufs, std::vector<int32_t> vars = {}) {
  run_cpu(p, compile(p), bufs, vars, pool());
}

// out[i] = f(in0[i], in1[i], ...) over n elements; the loop is the parallel range.
LinearProgram elementwise(const std::string& name, int64_t n, std::vector<DType> ins, DType out,
                          const std::function<UOp(std::vector<UOp>)>& f) {
  ProgramBuilder b(name);
  std::vector<UOp> bufs;
  for (size_t k = 0; k < ins.size(); ++k)
    bufs.push_back(b.param(static_cast<int32_t>(k), ins[k], n));
  UOp o = b.param(static_cast<int32_t>(ins.size()), out, n, true);
  UOp i = b.range(c32(n), 0, true);
  std::vector<UOp> vals;
  for (UOp buf : bufs)
    vals.push_back(b.load(index(buf, i)));
  b.store(index(o, i), f(vals));
  b.end(i);
  return b.done();
}

template <class O, class I>
std::vector<O> run_unary(const std::function<UOp(UOp)>& f, DType din, DType dout, std::vector<I> a) {
  std::vector<O> out(a.size());
  LinearProgram p =
      elementwise("unary", static_cast<int64_t>(a.size()), {din}, dout, [&](std::vector<UOp> v) { return f(v[0]); });
  run(p, {a.data(), out.data()});
  return out;
}

template <class O, class I>
std::vector<O> run_binary(Op op, DType din, DType dout, std::vector<I> a, std::vector<I> b) {
  std::vector<O> out(a.size());
  LinearProgram p =
      elementwise(std::string(op_name(op)), static_cast<int64_t>(a.size()), {din, din}, dout, [&](std::vector<UOp> v) {
        return UOp::alu(op, {v[0], v[1]});
      });
  run(p, {a.data(), b.data(), out.data()});
  return out;
}

std::function<UOp(UOp)> cast_to(DType d) {
  return [d](UOp x) { return UOp::make(Op::CAST, d, {x}); };
}
std::function<UOp(UOp)> bitcast_to(DType d) {
  return [d](UOp x) { return UOp::make(Op::BITCAST, d, {x}); };
}

// ---- elementwise and reductions ----

TEST(CpuBackend, ElementwiseMulAddParallelOverOddSize) {
  const int64_t n = 1000 + 7;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-10, 10);
  std::vector<float> a(n), b(n), c(n), out(n, -1.f);
  for (int64_t i = 0; i < n; ++i)
    a[i] = dist(rng), b[i] = dist(rng), c[i] = dist(rng);
  LinearProgram p = elementwise("mul_add", n, {float32, float32, float32}, float32,
                                [](std::vector<UOp> v) { return v[0] * v[1] + v[2]; });
  ASSERT_GE(p.parallel_range, 0);
  run(p, {a.data(), b.data(), c.data(), out.data()});
  for (int64_t i = 0; i < n; ++i)
    ASSERT_NEAR(out[i], double(a[i]) * b[i] + c[i], 1e-5 * (1 + std::abs(double(a[i]) * b[i]))) << i;
}

// The point of the host-tuned O3 pipeline: the elementwise loop comes out as SIMD code (SSE at least).
TEST(CpuBackend, ElementwiseLoopIsVectorized) {
  LinearProgram p = elementwise("mul_add_vec", 1 << 20, {float32, float32, float32}, float32,
                                [](std::vector<UOp> v) { return v[0] * v[1] + v[2]; });
  const std::string opt = LlvmJit::global().optimized_ir(render_llvm_ir(p), llvm_symbol(p));
  EXPECT_NE(opt.find(" x float>"), std::string::npos) << opt;
}

// The accumulator pattern linearize emits: identity stored before the reduce loop, load/add/store inside (the
// load ordered after the init store), the result loaded after the loop, ordered by the last update.
LinearProgram row_sum(int64_t rows, int64_t cols, bool parallel) {
  ProgramBuilder b("row_sum");
  UOp in = b.param(0, float32, rows * cols);
  UOp out = b.param(1, float32, rows, true);
  UOp acc = b.emit(UOp::make(Op::DEFINE_REG, float32.ptr(AddrSpace::Register), {}, ParamArg{0, 1}));
  UOp r = b.range(c32(rows), 0, parallel);
  UOp slot = index(acc, c32(0));
  UOp init = b.store(slot, UOp::constant(float32, 0.0));
  UOp c = b.range(c32(cols), 1);
  UOp x = b.load(index(in, r * cols + c));
  UOp old = b.load(slot, {init});
  UOp update = b.store(slot, UOp::alu(Op::ADD, {old, x}));
  b.end(c);
  UOp total = b.load(slot, {update});
  b.store(index(out, r), total);
  b.end(r);
  return b.done();
}

TEST(CpuBackend, RowSumWithRegisterAccumulator) {
  const int64_t rows = 37, cols = 1003;
  std::mt19937 rng(2);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<float> in(rows * cols);
  for (float& v : in)
    v = dist(rng);
  for (bool parallel : {true, false}) {
    std::vector<float> out(rows, 42.f);
    run(row_sum(rows, cols, parallel), {in.data(), out.data()});
    for (int64_t r = 0; r < rows; ++r) {
      double ref = 0;
      for (int64_t c = 0; c < cols; ++c)
        ref += in[r * cols + c];
      ASSERT_NEAR(out[r], ref, 1e-3) << "row " << r << (parallel ? " parallel" : " serial");
    }
  }
}

// ---- gates ----

// One page of floats between two PROT_NONE pages: touching index -1 or 1024 crashes the test.
class GuardedPage {
public:
  GuardedPage() {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    base_ = static_cast<char*>(mmap(nullptr, 3 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    EXPECT_NE(base_, MAP_FAILED);
    mprotect(base_, page_, PROT_NONE);
    mprotect(base_ + 2 * page_, page_, PROT_NONE);
  }
  ~GuardedPage() { munmap(base_, 3 * page_); }
  float* data() { return reinterpret_cast<float*>(base_ + page_); }
  int64_t size() const { return static_cast<int64_t>(page_ / sizeof(float)); }

private:
  size_t page_ = 0;
  char* base_ = nullptr;
};

TEST(CpuBackend, GatedLoadYieldsZeroAndTouchesNoMemory) {
  GuardedPage in;
  const int64_t n = in.size(), pad = 3;
  for (int64_t i = 0; i < n; ++i)
    in.data()[i] = static_cast<float>(i) + 0.5f;
  // out[i] = in[i - pad] where 0 <= i - pad < n, else 0: a padded read whose index leaves the page at both ends.
  ProgramBuilder b("pad");
  UOp src = b.param(0, float32, n);
  UOp dst = b.param(1, float32, n + 2 * pad, true);
  UOp i = b.range(c32(n + 2 * pad), 0, true);
  UOp j = i - pad;
  UOp gate = UOp::alu(Op::AND, {c32(-1).lt(j), j.lt(c32(n))});
  b.store(index(dst, i), b.load(index(src, j, gate)));
  b.end(i);
  std::vector<float> out(n + 2 * pad, -7.f);
  run(b.done(), {in.data(), out.data()});
  for (int64_t k = 0; k < n + 2 * pad; ++k) {
    const int64_t s = k - pad;
    ASSERT_EQ(out[k], s >= 0 && s < n ? static_cast<float>(s) + 0.5f : 0.f) << k;
  }
}

TEST(CpuBackend, GatedStoreSkipsWhereGateIsFalse) {
  GuardedPage out;
  const int64_t n = out.size();
  std::fill(out.data(), out.data() + n, -1.f);
  // out[i - 2] = i for even i in [0, n + 4); odd i and indexes outside the page are gated off.
  ProgramBuilder b("gated_store");
  UOp dst = b.param(0, float32, n, true);
  UOp i = b.range(c32(n + 4), 0, true);
  UOp j = i - 2;
  UOp even = UOp::alu(Op::CMPEQ, {UOp::alu(Op::CMOD, {i, c32(2)}), c32(0)});
  UOp inside = UOp::alu(Op::AND, {c32(-1).lt(j), j.lt(c32(n))});
  b.store(index(dst, j, UOp::alu(Op::AND, {even, inside})), i.cast(float32));
  b.end(i);
  run(b.done(), {out.data()});
  for (int64_t k = 0; k < n; ++k)
    ASSERT_EQ(out.data()[k], (k + 2) % 2 == 0 ? static_cast<float>(k + 2) : -1.f) << k;
}

// ---- integer ops ----

template <class T>
void check_int_ops(DType d, std::vector<T> a, std::vector<T> b) {
  SCOPED_TRACE(d.name());
  using U = std::make_unsigned_t<T>;
  const size_t n = a.size();
  auto check = [&](Op op, auto ref) {
    std::vector<T> out = run_binary<T>(op, d, d, a, b);
    for (size_t i = 0; i < n; ++i)
      ASSERT_EQ(out[i], static_cast<T>(ref(a[i], b[i]))) << op_name(op) << " " << +a[i] << ", " << +b[i];
  };
  check(Op::ADD, [](T x, T y) { return U(U(x) + U(y)); });
  check(Op::SUB, [](T x, T y) { return U(U(x) - U(y)); });
  check(Op::MUL, [](T x, T y) { return U(U(x) * U(y)); });
  check(Op::CDIV, [](T x, T y) { return x / y; }); // C truncation toward zero
  check(Op::CMOD, [](T x, T y) { return x % y; });
  check(Op::MAX, [](T x, T y) { return std::max(x, y); });
  check(Op::MIN, [](T x, T y) { return std::min(x, y); });
  check(Op::AND, [](T x, T y) { return x & y; });
  check(Op::OR, [](T x, T y) { return x | y; });
  check(Op::XOR, [](T x, T y) { return x ^ y; });
  // Shift amounts within the width; SHR is arithmetic for signed types (C++20 defines both on negatives).
  std::vector<T> amount(n);
  for (size_t i = 0; i < n; ++i)
    amount[i] = static_cast<T>(i % (sizeof(T) * 8));
  std::vector<T> shl = run_binary<T>(Op::SHL, d, d, a, amount), shr = run_binary<T>(Op::SHR, d, d, a, amount);
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(shl[i], static_cast<T>(U(a[i]) << amount[i])) << "SHL " << +a[i] << " " << +amount[i];
    ASSERT_EQ(shr[i], static_cast<T>(a[i] >> amount[i])) << "SHR " << +a[i] << " " << +amount[i];
  }
  std::vector<T> neg = run_unary<T>([](UOp x) { return UOp::alu(Op::NEG, {x}); }, d, d, a);
  for (size_t i = 0; i < n; ++i)
    ASSERT_EQ(neg[i], static_cast<T>(U(0) - U(a[i])));
  // Bit counts in the dtype's own width (a negative int8 has 8 bits, not 32); CTZ(0) is the width.
  std::vector<T> pop = run_unary<T>([](UOp x) { return UOp::alu(Op::POPCOUNT, {x}); }, d, d, a);
  std::vector<T> ctz = run_unary<T>([](UOp x) { return UOp::alu(Op::CTZ, {x}); }, d, d, a);
  for (size_t i = 0; i < n; ++i) {
    int set = 0, trailing = 0;
    for (size_t bit = 0; bit < sizeof(T) * 8; ++bit)
      set += (U(a[i]) >> bit) & 1;
    while (trailing < static_cast<int>(sizeof(T) * 8) && !((U(a[i]) >> trailing) & 1))
      ++trailing;
    ASSERT_EQ(pop[i], static_cast<T>(set)) << "POPCOUNT " << +a[i];
    ASSERT_EQ(ctz[i], static_cast<T>(trailing)) << "CTZ " << +a[i];
  }
  // Comparisons write bool buffers (one byte, 0 or 1).
  auto cmp = [&](Op op, auto ref) {
    std::vector<uint8_t> out = run_binary<uint8_t>(op, d, bool_, a, b);
    for (size_t i = 0; i < n; ++i)
      ASSERT_EQ(out[i], ref(a[i], b[i]) ? 1 : 0) << op_name(op) << " " << +a[i] << ", " << +b[i];
  };
  cmp(Op::CMPLT, [](T x, T y) { return x < y; });
  cmp(Op::CMPLE, [](T x, T y) { return x <= y; });
  cmp(Op::CMPEQ, [](T x, T y) { return x == y; });
  cmp(Op::CMPNE, [](T x, T y) { return x != y; });
}

template <class T>
void check_int_dtype(DType d) {
  std::mt19937_64 rng(3);
  std::vector<T> a, b;
  const T lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  const std::vector<T> edge = {
      lo, hi, T(0), T(1), T(hi - 1), T(lo + 1), T(static_cast<T>(-1)), T(7), T(static_cast<T>(-7))};
  for (T x : edge)
    for (T y : edge)
      if (y != 0 && !(std::is_signed_v<T> && x == lo && y == T(-1))) a.push_back(x), b.push_back(y);
  for (int k = 0; k < 300; ++k) {
    T x = static_cast<T>(rng()), y = static_cast<T>(rng() % 41) - (std::is_signed_v<T> ? 20 : 0);
    if (k % 3 == 0) x = static_cast<T>(static_cast<int64_t>(rng() % 201) - 100);
    if (y == 0) y = 3;
    a.push_back(x), b.push_back(y);
  }
  check_int_ops<T>(d, a, b);
}

TEST(CpuBackend, SignedIntegerOpsOnNegativeValues) {
  check_int_dtype<int8_t>(int8);
  check_int_dtype<int16_t>(int16);
  check_int_dtype<int32_t>(int32);
  check_int_dtype<int64_t>(int64);
}

TEST(CpuBackend, UnsignedIntegerOps) {
  check_int_dtype<uint8_t>(uint8);
  check_int_dtype<uint16_t>(uint16);
  check_int_dtype<uint32_t>(uint32);
  check_int_dtype<uint64_t>(uint64);
}

TEST(CpuBackend, WhereSelectsPerElement) {
  std::vector<uint8_t> cond = {1, 0, 1, 0, 0, 1, 1};
  std::vector<int64_t> a = {1, 2, 3, 4, 5, 6, 7}, b = {-1, -2, -3, -4, -5, -6, -7}, out(7);
  LinearProgram p = elementwise("where", 7, {bool_, int64, int64}, int64, [](std::vector<UOp> v) {
    return UOp::alu(Op::WHERE, {v[0], v[1], v[2]});
  });
  run(p, {cond.data(), a.data(), b.data(), out.data()});
  for (size_t i = 0; i < 7; ++i)
    EXPECT_EQ(out[i], cond[i] ? a[i] : b[i]);
}

TEST(CpuBackend, BoolBuffersAndLogicOps) {
  std::vector<uint8_t> a = {0, 0, 1, 1, 2}, b = {0, 1, 0, 1, 0};
  auto and_ = run_binary<uint8_t>(Op::AND, bool_, bool_, a, b);
  auto or_ = run_binary<uint8_t>(Op::OR, bool_, bool_, a, b);
  auto xor_ = run_binary<uint8_t>(Op::XOR, bool_, bool_, a, b);
  auto ne = run_binary<uint8_t>(Op::CMPNE, bool_, bool_, a, b);
  for (size_t i = 0; i < a.size(); ++i) {
    const bool x = a[i] != 0, y = b[i] != 0; // any nonzero byte reads as true
    EXPECT_EQ(and_[i], x && y);
    EXPECT_EQ(or_[i], x || y);
    EXPECT_EQ(xor_[i], x != y);
    EXPECT_EQ(ne[i], x != y);
  }
}

// ---- floats ----

TEST(CpuBackend, FloatMaxMinPropagateNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> a = {1, nan, 3, nan, -0.5f, -INFINITY}, b = {2, 1, nan, nan, -0.25f, 5};
  auto mx = run_binary<float>(Op::MAX, float32, float32, a, b);
  auto mn = run_binary<float>(Op::MIN, float32, float32, a, b);
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) {
      EXPECT_TRUE(std::isnan(mx[i])) << i;
      EXPECT_TRUE(std::isnan(mn[i])) << i;
    } else {
      EXPECT_EQ(mx[i], std::max(a[i], b[i]));
      EXPECT_EQ(mn[i], std::min(a[i], b[i]));
    }
  }
}

TEST(CpuBackend, FloatComparisonsWithNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> a = {1, nan, 2, nan, 3}, b = {1, 1, nan, nan, 2};
  auto ne = run_binary<uint8_t>(Op::CMPNE, float64, bool_, a, b);
  auto eq = run_binary<uint8_t>(Op::CMPEQ, float64, bool_, a, b);
  auto lt = run_binary<uint8_t>(Op::CMPLT, float64, bool_, a, b);
  auto le = run_binary<uint8_t>(Op::CMPLE, float64, bool_, a, b);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(ne[i], a[i] != b[i]) << i; // true when either side is NaN
    EXPECT_EQ(eq[i], a[i] == b[i]) << i;
    EXPECT_EQ(lt[i], a[i] < b[i]) << i;
    EXPECT_EQ(le[i], a[i] <= b[i]) << i;
  }
}

template <class T>
void check_float_math(DType d, double tol) {
  SCOPED_TRACE(d.name());
  std::vector<T> x = {0.25, 0.5, 1, 1.5, 2, 3.75, 10, 100.5, 1e-3, 7.25};
  std::vector<T> neg(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    neg[i] = -x[i] * 3;
  auto un = [&](Op op, const std::vector<T>& in, double (*ref)(double)) {
    auto out = run_unary<T>([op](UOp v) { return UOp::alu(op, {v}); }, d, d, in);
    for (size_t i = 0; i < in.size(); ++i)
      ASSERT_NEAR(out[i], ref(in[i]), tol * (1 + std::abs(ref(in[i])))) << op_name(op) << "(" << in[i] << ")";
  };
  un(Op::EXP2, x, [](double v) { return std::exp2(v); });
  un(Op::EXP2, neg, [](double v) { return std::exp2(v); });
  un(Op::LOG2, x, [](double v) { return std::log2(v); });
  un(Op::SIN, neg, [](double v) { return std::sin(v); });
  un(Op::SQRT, x, [](double v) { return std::sqrt(v); });
  un(Op::RECIPROCAL, neg, [](double v) { return 1 / v; });
  un(Op::TRUNC, neg, [](double v) { return std::trunc(v); });
  un(Op::NEG, x, [](double v) { return -v; });
  auto div = run_binary<T>(Op::FDIV, d, d, x, neg);
  for (size_t i = 0; i < x.size(); ++i)
    ASSERT_NEAR(div[i], double(x[i]) / neg[i], tol);
}

TEST(CpuBackend, FloatMathFloat32AndFloat64) {
  check_float_math<float>(float32, 1e-6);
  check_float_math<double>(float64, 1e-14);
}

// ---- casts ----

TEST(CpuBackend, CastsBetweenIntsFloatsAndBool) {
  const std::vector<float> f = {-3.75f, -1.5f, -0.5f, -0.f, 0.f, 0.5f, 1.99f, 127.9f, -128.5f, 1e9f};
  auto f_i32 = run_unary<int32_t>(cast_to(int32), float32, int32, f);
  for (size_t i = 0; i < f.size(); ++i)
    EXPECT_EQ(f_i32[i], static_cast<int32_t>(f[i])) << f[i]; // truncates toward zero
  const std::vector<int32_t> i32 = {-300, -129, -128, -1, 0, 1, 127, 128, 255, 256, 70000, INT32_MIN, INT32_MAX};
  auto i8 = run_unary<int8_t>(cast_to(int8), int32, int8, i32);
  auto i64 = run_unary<int64_t>(cast_to(int64), int32, int64, i32);
  auto u64 = run_unary<uint64_t>(cast_to(uint64), int32, uint64, i32);
  auto to_f = run_unary<float>(cast_to(float32), int32, float32, i32);
  auto to_d = run_unary<double>(cast_to(float64), int32, float64, i32);
  auto to_b = run_unary<uint8_t>(cast_to(bool_), int32, bool_, i32);
  for (size_t i = 0; i < i32.size(); ++i) {
    EXPECT_EQ(i8[i], static_cast<int8_t>(i32[i]));
    EXPECT_EQ(i64[i], static_cast<int64_t>(i32[i]));
    EXPECT_EQ(u64[i], static_cast<uint64_t>(static_cast<int64_t>(i32[i]))); // sign-extends, then reinterprets
    EXPECT_EQ(to_f[i], static_cast<float>(i32[i]));
    EXPECT_EQ(to_d[i], static_cast<double>(i32[i]));
    EXPECT_EQ(to_b[i], i32[i] != 0);
  }
  const std::vector<uint8_t> u8 = {0, 1, 127, 128, 200, 255};
  auto u8_i32 = run_unary<int32_t>(cast_to(int32), uint8, int32, u8);
  auto u8_f = run_unary<float>(cast_to(float32), uint8, float32, u8);
  for (size_t i = 0; i < u8.size(); ++i) {
    EXPECT_EQ(u8_i32[i], u8[i]); // zero-extends
    EXPECT_EQ(u8_f[i], u8[i]);
  }
  const std::vector<uint32_t> big = {0, 1, 0x80000000u, 0xffffffffu};
  auto big_f = run_unary<double>(cast_to(float64), uint32, float64, big);
  for (size_t i = 0; i < big.size(); ++i)
    EXPECT_EQ(big_f[i], static_cast<double>(big[i]));
  const std::vector<double> d = {-2.5, -0.0, 0.0, 1e-300, 3.25, std::numeric_limits<double>::quiet_NaN()};
  auto d_b = run_unary<uint8_t>(cast_to(bool_), float64, bool_, d);
  auto d_f = run_unary<float>(cast_to(float32), float64, float32, d);
  auto d_i64 = run_unary<int64_t>(cast_to(int64), float64, int64, std::vector<double>{-2.5, 3.99, -1e15, 1e15});
  for (size_t i = 0; i < d.size(); ++i) {
    EXPECT_EQ(d_b[i], d[i] != 0) << d[i]; // NaN is true, -0.0 is false
    if (!std::isnan(d[i])) {
      EXPECT_EQ(d_f[i], static_cast<float>(d[i]));
    }
  }
  EXPECT_EQ(d_i64, (std::vector<int64_t>{-2, 3, -1000000000000000, 1000000000000000}));
  const std::vector<uint8_t> b = {0, 1, 1, 0};
  auto b_f = run_unary<float>(cast_to(float32), bool_, float32, b);
  auto b_i = run_unary<int32_t>(cast_to(int32), bool_, int32, b);
  for (size_t i = 0; i < b.size(); ++i) {
    EXPECT_EQ(b_f[i], b[i] ? 1.f : 0.f);
    EXPECT_EQ(b_i[i], b[i] ? 1 : 0);
  }
  auto f_u8 = run_unary<uint8_t>(cast_to(uint8), float32, uint8, std::vector<float>{0.f, 1.5f, 254.9f});
  EXPECT_EQ(f_u8, (std::vector<uint8_t>{0, 1, 254}));
}

TEST(CpuBackend, Bitcasts) {
  const std::vector<float> f = {1.f, -2.5f, 0.f, -0.f, std::numeric_limits<float>::infinity()};
  auto bits = run_unary<int32_t>(bitcast_to(int32), float32, int32, f);
  for (size_t i = 0; i < f.size(); ++i)
    EXPECT_EQ(bits[i], std::bit_cast<int32_t>(f[i]));
  auto back = run_unary<float>(bitcast_to(float32), int32, float32, bits);
  EXPECT_EQ(std::memcmp(back.data(), f.data(), f.size() * sizeof(float)), 0);
  const std::vector<uint16_t> h = {0x3c00, 0xc000, 0x7bff, 0x0001};
  auto h_bits = run_unary<int16_t>(bitcast_to(int16), float16, int16, h);
  auto bf_bits = run_unary<uint16_t>(bitcast_to(uint16), bfloat16, uint16, h);
  for (size_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(static_cast<uint16_t>(h_bits[i]), h[i]);
    EXPECT_EQ(bf_bits[i], h[i]);
  }
}

// float16 and bfloat16 values are compared by bits against one correctly rounded step from float64.
TEST(CpuBackend, Float16AndBFloat16RoundTrip) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> dist(-70000, 70000);
  std::vector<float> f = {0.f,     -0.f,  1.f,    0.1f,  65504.f,
                          65520.f, 1e-7f, -6e-8f, 3e-5f, std::numeric_limits<float>::infinity()};
  for (int k = 0; k < 200; ++k)
    f.push_back(dist(rng) / static_cast<float>(1 << (k % 20)));
  auto h = run_unary<uint16_t>(cast_to(float16), float32, float16, f);
  auto bf = run_unary<uint16_t>(cast_to(bfloat16), float32, bfloat16, f);
  std::vector<double> d(f.begin(), f.end());
  auto h_from_d = run_unary<uint16_t>(cast_to(float16), float64, float16, d); // the __truncdfhf2 libcall
  for (size_t i = 0; i < f.size(); ++i) {
    ASSERT_EQ(h[i], double_to_half_bits(f[i])) << f[i];
    ASSERT_EQ(h_from_d[i], double_to_half_bits(f[i])) << f[i];
    ASSERT_EQ(bf[i], double_to_bf16_bits(f[i])) << f[i];
  }
  auto h_back = run_unary<float>(cast_to(float32), float16, float32, h);
  auto bf_back = run_unary<double>(cast_to(float64), bfloat16, float64, bf);
  for (size_t i = 0; i < f.size(); ++i) {
    ASSERT_EQ(h_back[i], static_cast<float>(half_bits_to_double(h[i])));
    ASSERT_EQ(bf_back[i], bf16_bits_to_double(bf[i]));
  }
}

TEST(CpuBackend, Float16AndBFloat16Arithmetic) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> dist(-300, 300);
  std::vector<uint16_t> ha, hb, ba, bb;
  for (int k = 0; k < 257; ++k) {
    ha.push_back(double_to_half_bits(dist(rng))), hb.push_back(double_to_half_bits(dist(rng)));
    ba.push_back(double_to_bf16_bits(dist(rng))), bb.push_back(double_to_bf16_bits(dist(rng)));
  }
  for (Op op : {Op::ADD, Op::MUL, Op::FDIV}) {
    auto f = [op](double x, double y) { return op == Op::ADD ? x + y : op == Op::MUL ? x * y : x / y; };
    auto h = run_binary<uint16_t>(op, float16, float16, ha, hb);
    auto b = run_binary<uint16_t>(op, bfloat16, bfloat16, ba, bb);
    for (size_t i = 0; i < ha.size(); ++i) {
      // Rounding the float64 result once is exact arithmetic rounded once (float64 holds these exactly enough).
      ASSERT_EQ(h[i], double_to_half_bits(f(half_bits_to_double(ha[i]), half_bits_to_double(hb[i])))) << op_name(op);
      ASSERT_EQ(b[i], double_to_bf16_bits(f(bf16_bits_to_double(ba[i]), bf16_bits_to_double(bb[i])))) << op_name(op);
    }
  }
}

// ---- variables, errors, cache ----

TEST(CpuBackend, LoopSizedByDefineVar) {
  for (bool parallel : {true, false}) {
    ProgramBuilder b("scale_n");
    UOp in = b.param(0, float32, 4096);
    UOp out = b.param(1, float32, 4096, true);
    UOp n = b.var("n", 1, 4096);
    UOp i = b.range(n, 0, parallel);
    b.store(index(out, i), b.load(index(in, i)) * UOp::constant(float32, 2.0));
    b.end(i);
    LinearProgram p = b.done();
    std::vector<float> x(4096), y(4096, -1.f);
    for (int k = 0; k < 4096; ++k)
      x[k] = static_cast<float>(k);
    run(p, {x.data(), y.data()}, {777});
    for (int k = 0; k < 4096; ++k)
      ASSERT_EQ(y[k], k < 777 ? 2.f * k : -1.f) << k;
    EXPECT_THROW(run(p, {x.data(), y.data()}, {5000}), Error); // outside the variable's declared bounds
    EXPECT_THROW(run(p, {x.data(), y.data()}, {}), Error);
  }
}

TEST(CpuBackend, CompileErrorCarriesIrAndDiagnostic) {
  const std::string ir = "define void @broken(ptr %bufs) {\n  %x = add i32 1, %undefined_value\n  ret void\n}\n";
  try {
    LlvmJit::global().compile(ir, "broken");
    FAIL() << "bad IR compiled";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("broken"), std::string::npos);
    EXPECT_NE(msg.find("%undefined_value"), std::string::npos) << msg; // the IR text is in the message
    EXPECT_NE(msg.find("error"), std::string::npos) << msg;            // and LLVM's diagnostic
  }
  // A module without the requested function is an error too, not a null pointer.
  EXPECT_THROW(LlvmJit::global().compile("define void @other() {\n  ret void\n}\n", "missing"), Error);
  // Ops outside the CPU contract are rejected by the renderer.
  ProgramBuilder b("gpu_only");
  UOp out = b.param(0, int32, 4, true);
  UOp g = b.emit(UOp::make(Op::SPECIAL, int32, {c32(4)}, SpecialArg{"gidx0"}));
  b.store(index(out, g), g);
  EXPECT_THROW(render_llvm_ir(b.done()), Error);
}

TEST(CpuBackend, JitCacheCompilesEachIrOnce) {
  const LinearProgram p = row_sum(3, 5, false);
  const std::string ir = render_llvm_ir(p);
  LlvmJit jit; // a private JIT, so other tests' compiles do not move the counter
  // Built, or loaded from the disk cache an earlier run left: either way once per IR.
  auto builds = [&] { return jit.compiled_count() + jit.disk_hit_count(); };
  CpuKernel first = jit.compile(ir, llvm_symbol(p));
  EXPECT_EQ(builds(), 1u);
  std::vector<std::thread> threads;
  std::vector<CpuKernel> got(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] { got[t] = jit.compile(ir, llvm_symbol(p)); });
  for (auto& t : threads)
    t.join();
  for (CpuKernel k : got)
    EXPECT_EQ(k, first);
  EXPECT_EQ(builds(), 1u);
  // Same symbol name, different code: compiled separately, both callable.
  CpuKernel other = jit.compile(render_llvm_ir(row_sum(3, 6, false)), llvm_symbol(p));
  EXPECT_NE(other, first);
  EXPECT_EQ(builds(), 2u);
  EXPECT_FALSE(llvm_version().empty());
  EXPECT_FALSE(host_cpu().empty());
}

// The object code outlives the process: a second JIT (a later process) loads it from <LMC_CACHE_DIR>/cpu instead of
// compiling, and the kernel computes the same sums; a damaged entry, or a whole one that is not a loadable object, is
// rebuilt (and replaced), never an error; an unwritable cache directory only costs the disk copy.
TEST(CpuBackend, ObjectCodeIsCachedOnDiskAndDamageIsRebuilt) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lmc_cpu_object_cache_" + std::to_string(getpid()));
  fs::remove_all(dir);
  const std::string saved = mutable_config().cache_dir;
  mutable_config().cache_dir = dir.string();
  struct Restore {
    const std::string& saved;
    const fs::path& dir;
    ~Restore() {
      mutable_config().cache_dir = saved;
      fs::remove_all(dir);
    }
  } restore{saved, dir};
  const int64_t rows = 7, cols = 13;
  const LinearProgram p = row_sum(rows, cols, false);
  const std::string ir = render_llvm_ir(p);
  std::vector<float> in(rows * cols);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<float>(i % 11) - 3.5f;
  auto sums_with = [&](CpuKernel fn) {
    std::vector<float> out(rows, -1.f);
    std::vector<void*> bufs{in.data(), out.data()};
    run_cpu(p, fn, bufs, {}, pool());
    for (int64_t r = 0; r < rows; ++r) {
      double want = 0;
      for (int64_t c = 0; c < cols; ++c)
        want += in[r * cols + c];
      EXPECT_NEAR(out[r], want, 1e-4) << "row " << r;
    }
  };
  auto entries = [&] {
    std::vector<fs::path> out;
    if (fs::exists(dir / "cpu"))
      for (const auto& e : fs::directory_iterator(dir / "cpu"))
        out.push_back(e.path());
    return out;
  };
  {
    LlvmJit first;
    sums_with(first.compile(ir, llvm_symbol(p)));
    EXPECT_EQ(first.compiled_count(), 1u);
    EXPECT_EQ(first.disk_hit_count(), 0u);
  }
  ASSERT_EQ(entries().size(), 1u);
  {
    LlvmJit later;
    sums_with(later.compile(ir, llvm_symbol(p)));
    EXPECT_EQ(later.compiled_count(), 0u) << "loaded from disk, not compiled";
    EXPECT_EQ(later.disk_hit_count(), 1u);
  }
  const fs::path entry = entries().at(0);
  const uint64_t key = std::stoull(entry.stem().string(), nullptr, 16);
  // A flipped byte fails the entry's checksum; a well-formed entry whose payload is no object fails to load.
  for (const char* damage : {"flipped byte", "not an object"}) {
    SCOPED_TRACE(damage);
    if (std::string(damage) == "flipped byte") {
      std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
      f.seekg(40);
      char c = 0;
      f.get(c);
      f.seekp(40);
      f.put(static_cast<char>(c ^ 0x5a));
    } else {
      DiskCache((dir / "cpu").string(), ".o").put(key, std::vector<char>(100, 'x'));
    }
    LlvmJit again;
    sums_with(again.compile(ir, llvm_symbol(p)));
    EXPECT_EQ(again.compiled_count(), 1u);
    EXPECT_EQ(again.disk_hit_count(), 0u);
    LlvmJit after; // the rebuilt entry replaced the damaged one
    sums_with(after.compile(ir, llvm_symbol(p)));
    EXPECT_EQ(after.disk_hit_count(), 1u);
  }
  // A cache directory that cannot be created: compiled and run all the same.
  fs::remove_all(dir);
  { std::ofstream(dir) << "a file where the directory should be"; }
  LlvmJit no_disk;
  sums_with(no_disk.compile(ir, llvm_symbol(p)));
  EXPECT_EQ(no_disk.compiled_count(), 1u);
}

TEST(CpuBackend, ProgramHashIsStructural) {
  EXPECT_EQ(row_sum(4, 5, true).hash(), row_sum(4, 5, true).hash());
  EXPECT_NE(row_sum(4, 5, true).hash(), row_sum(4, 6, true).hash());
  EXPECT_NE(row_sum(4, 5, true).hash(), row_sum(4, 5, false).hash());
}

// ---- thread pool ----

TEST(ThreadPool, CoversEveryIndexOnce) {
  ThreadPool p(3);
  for (int64_t n : {0, 1, 2, 5, 1000, 100003}) {
    std::vector<std::atomic<int>> hits(n);
    p.parallel_for(n, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        hits[i]++;
    });
    for (int64_t i = 0; i < n; ++i)
      ASSERT_EQ(hits[i].load(), 1) << n << " " << i;
  }
}

// The chunks split a short range evenly among the threads: 20 rows on 2 threads are 10 chunks of 2 (7 chunks of 3
// left one thread 11 rows and the other 9), and a long range is still a few chunks per thread, at most one short.
TEST(ThreadPool, ChunksAreAWholeNumberPerThread) {
  ThreadPool p(2);
  for (const auto& [n, chunks, size] : std::vector<std::tuple<int64_t, int64_t, int64_t>>{
           {20, 10, 2}, {8, 8, 1}, {3, 3, 1}, {100000, 8, 12500}, {100003, 9, 12500}}) {
    std::mutex m;
    std::vector<int64_t> sizes;
    p.parallel_for(n, [&](int64_t b, int64_t e) {
      std::lock_guard lock(m);
      sizes.push_back(e - b);
    });
    std::ranges::sort(sizes);
    SCOPED_TRACE(n);
    EXPECT_EQ(static_cast<int64_t>(sizes.size()), chunks);
    EXPECT_EQ(sizes.back(), size);
    EXPECT_EQ(std::accumulate(sizes.begin(), sizes.end(), int64_t{0}), n);
  }
}

TEST(ThreadPool, PropagatesExceptionsAndRunsNestedCallsInline) {
  ThreadPool p(4);
  EXPECT_THROW(p.parallel_for(100,
                              [](int64_t b, int64_t) {
                                if (b > 0) throw Error("chunk failed");
                              }),
               Error);
  std::atomic<int64_t> total{0};
  p.parallel_for(8, [&](int64_t b, int64_t e) {
    p.parallel_for(10, [&](int64_t ib, int64_t ie) { total += (e - b) * (ie - ib); });
  });
  EXPECT_EQ(total.load(), 80);
  ThreadPool single(1);
  std::thread::id id;
  single.parallel_for(10, [&](int64_t, int64_t) { id = std::this_thread::get_id(); });
  EXPECT_EQ(id, std::this_thread::get_id());
}

} // namespace
} // namespace lmc
