// Hand-built linear programs shared by the CUDA tests: the compile-only test renders and compiles each with NVRTC,
// the GPU test launches the same programs and checks them against naive C++ loops.
#pragma once
#include "codegen/linear.hpp"
#include "ir/verify.hpp"

#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

namespace lmc::cuda_test {

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
  UOp range(UOp end, int32_t id, bool parallel = false, AxisKind kind = AxisKind::Loop) {
    if (parallel) kind = AxisKind::Global;
    UOp r = emit(UOp::range(end, id, kind));
    if (parallel) p_.parallel_range = static_cast<int>(p_.ops.size() - 1);
    return r;
  }
  UOp end(UOp range) { return emit(UOp::make(Op::END, void_, {range})); }
  UOp end(std::initializer_list<UOp> ranges) { return emit(UOp::make(Op::END, void_, ranges)); }
  UOp load(UOp addr, std::initializer_list<UOp> after = {}) {
    std::vector<UOp> src{addr};
    src.insert(src.end(), after.begin(), after.end());
    return emit(UOp::make(Op::LOAD, addr.dtype().pointee(), src));
  }
  UOp store(UOp addr, UOp value) { return emit(UOp::make(Op::STORE, void_, {addr, value})); }
  UOp reg(DType elem, int32_t slot, int64_t size) {
    return emit(UOp::make(Op::DEFINE_REG, elem.ptr(AddrSpace::Register), {}, ParamArg{slot, size}));
  }

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

inline UOp index(UOp buf, UOp i) {
  return UOp::make(Op::INDEX, buf.dtype(), {buf, i});
}
inline UOp index(UOp buf, UOp i, UOp gate) {
  return UOp::make(Op::INDEX, buf.dtype(), {buf, i, gate});
}
inline UOp c32(int64_t v) {
  return UOp::constant(int32, v);
}

// out[i] = f(in0[i], in1[i], ...) over n elements; the loop is the parallel range (a var's value when n_var).
inline LinearProgram elementwise(const std::string& name, int64_t n, std::vector<DType> ins, DType out,
                                 const std::function<UOp(std::vector<UOp>)>& f, bool n_var = false) {
  ProgramBuilder b(name);
  std::vector<UOp> bufs;
  for (size_t k = 0; k < ins.size(); ++k)
    bufs.push_back(b.param(static_cast<int32_t>(k), ins[k], n));
  UOp o = b.param(static_cast<int32_t>(ins.size()), out, n, true);
  UOp end = n_var ? b.var("n", 0, n) : c32(n);
  UOp i = b.range(end, 0, true);
  std::vector<UOp> vals;
  for (UOp buf : bufs)
    vals.push_back(b.load(index(buf, i)));
  b.store(index(o, i), f(vals));
  b.end(i);
  return b.done();
}

inline LinearProgram unary(Op op, DType in, DType out, int64_t n) {
  return elementwise(std::string(op_name(op)) + "_" + in.name(), n, {in}, out, [op, out](std::vector<UOp> v) {
    if (op == Op::CAST || op == Op::BITCAST) return UOp::make(op, out, {v[0]});
    return UOp::alu(op, {v[0]});
  });
}

inline LinearProgram binary(Op op, DType in, int64_t n) {
  const DType out = is_comparison(op) ? bool_ : in;
  return elementwise(std::string(op_name(op)) + "_" + in.name(), n, {in, in}, out, [op](std::vector<UOp> v) {
    return UOp::alu(op, {v[0], v[1]});
  });
}

// The accumulator pattern linearize emits: identity stored before the reduce loop, load/add/store inside (the
// load ordered after the init store), the result loaded after the loop, ordered by the last update.
inline LinearProgram row_sum(int64_t rows, int64_t cols, DType d = float32) {
  ProgramBuilder b("row_sum_" + d.name());
  UOp in = b.param(0, d, rows * cols);
  UOp out = b.param(1, d, rows, true);
  UOp acc = b.reg(d, 0, 1);
  UOp r = b.range(c32(rows), 0, true);
  UOp slot = index(acc, c32(0));
  UOp init = b.store(slot, UOp::constant(d, 0.0));
  UOp c = b.range(c32(cols), 1, false, AxisKind::Reduce);
  UOp x = b.load(index(in, r * cols + c));
  UOp old = b.load(slot, {init});
  UOp update = b.store(slot, UOp::alu(Op::ADD, {old, x}));
  b.end(c);
  UOp total = b.load(slot, {update});
  b.store(index(out, r), total);
  b.end(r);
  return b.done();
}

// Shift with padding: out[i] = in[i + shift] where i + shift < n, else 0 (a gated load); and the gated store
// writes out2[i] = in[i] only for even i.
inline LinearProgram gated_shift(int64_t n, int64_t shift) {
  ProgramBuilder b("gated_shift");
  UOp in = b.param(0, float32, n);
  UOp out = b.param(1, float32, n, true);
  UOp out2 = b.param(2, float32, n, true);
  UOp i = b.range(c32(n), 0, true);
  UOp j = i + shift;
  UOp v = b.load(index(in, j, j.lt(n)));
  b.store(index(out, i), v);
  UOp even = UOp::alu(Op::CMPEQ, {UOp::alu(Op::CMOD, {i, c32(2)}), c32(0)});
  b.store(index(out2, i, even), b.load(index(in, i)));
  b.end(i);
  return b.done();
}

// out[r, c] = a[r, c] * 2 + c over two Global ranges with var extents: both fold into the thread index.
inline LinearProgram grid_2d(int64_t max_rows, int64_t max_cols) {
  ProgramBuilder b("grid_2d");
  UOp rows = b.var("rows", 1, max_rows), cols = b.var("cols", 1, max_cols);
  UOp a = b.param(0, float32, max_rows * max_cols);
  UOp out = b.param(1, float32, max_rows * max_cols, true);
  UOp r = b.range(rows, 0, true);
  UOp c = b.range(cols, 1, false, AxisKind::Global);
  UOp at = r * cols + c;
  UOp x = b.load(index(a, at));
  b.store(index(out, at), x * UOp::constant(float32, 2.0) + c.cast(float32));
  b.end({c, r});
  return b.done();
}

// No parallel range: one thread loops over everything (out[0] = sum of in).
inline LinearProgram serial_sum(int64_t n) {
  ProgramBuilder b("serial_sum");
  UOp in = b.param(0, int64, n);
  UOp out = b.param(1, int64, 1, true);
  UOp acc = b.reg(int64, 0, 1);
  UOp slot = index(acc, c32(0));
  UOp init = b.store(slot, UOp::constant(int64, int64_t{0}));
  UOp i = b.range(c32(n), 0, false, AxisKind::Reduce);
  UOp old = b.load(slot, {init});
  UOp update = b.store(slot, old + b.load(index(in, i)));
  b.end(i);
  b.store(index(out, c32(0)), b.load(slot, {update}));
  return b.done();
}

inline const std::vector<DType>& all_dtypes() {
  static const std::vector<DType> d{bool_,  int8,   int16,   int32,    int64,   uint8,  uint16,
                                    uint32, uint64, float16, bfloat16, float32, float64};
  return d;
}

} // namespace lmc::cuda_test
