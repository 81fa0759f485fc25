// The LLVM IR renderer: one pass over the linear program, each op appended as textual IR to the current block.
// Types, constants and conversions are small functions of the DType so vector widths can be added in one place.
#include "codegen/render/llvm_ir.hpp"

#include "codegen/render/address_math.hpp"
#include "codegen/render/float_bits.hpp"
#include "ir/error.hpp"

#include <algorithm>
#include <bit>
#include <fmt/format.h>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lmc {

std::string llvm_symbol(const LinearProgram& program) {
  return program.name.empty() ? std::string("lmc_kernel") : program.name;
}

namespace {

// ---- types ----

// The scalar type a value of this dtype has in a register.
std::string reg_scalar(DType d) {
  switch (d.scalar) {
  case Scalar::Bool:
    return "i1";
  case Scalar::Int8:
  case Scalar::UInt8:
    return "i8";
  case Scalar::Int16:
  case Scalar::UInt16:
    return "i16";
  case Scalar::Int32:
  case Scalar::UInt32:
    return "i32";
  case Scalar::Int64:
  case Scalar::UInt64:
    return "i64";
  case Scalar::Float16:
    return "half";
  case Scalar::BFloat16:
  case Scalar::Float32:
    return "float";
  case Scalar::Float64:
    return "double";
  case Scalar::Void:
    break;
  }
  throw Error(fmt::format("LLVM IR renderer: no register type for {}", d.name()));
}

// The scalar type it has in memory (bool is a byte, bfloat16 its 16 bits).
std::string mem_scalar(DType d) {
  if (d.scalar == Scalar::Bool) return "i8";
  if (d.scalar == Scalar::BFloat16) return "i16";
  return reg_scalar(d);
}

std::string with_count(DType d, const std::string& scalar) {
  return d.count > 1 ? fmt::format("<{} x {}>", d.count, scalar) : scalar;
}
std::string reg_type(DType d) {
  return with_count(d, reg_scalar(d));
}
std::string mem_type(DType d) {
  return with_count(d, mem_scalar(d));
}

// "f32", "v4f32": the suffix of overloaded intrinsics.
std::string intrinsic_suffix(DType d) {
  const std::string s = reg_scalar(d);
  const std::string base = s == "half" ? "f16" : s == "float" ? "f32" : s == "double" ? "f64" : s;
  return d.count > 1 ? fmt::format("v{}{}", d.count, base) : base;
}

bool is_bf16(DType d) {
  return d.scalar == Scalar::BFloat16;
}
// Unsigned compare, divide and shift also apply to bool.
bool is_unsigned_like(DType d) {
  return d.is_unsigned() || d.is_bool();
}
int reg_bits(DType d) {
  return d.is_bool() ? 1 : d.bits();
}
int mem_bits(DType d) {
  return d.is_bool() ? 8 : d.bits();
}

// ---- constants ----

std::string double_hex(double v) {
  return fmt::format("0x{:016X}", std::bit_cast<uint64_t>(v));
}

std::string scalar_const(DType d, const ConstValue& value) {
  if (d.is_bool()) return const_as_int(value) != 0 ? "true" : "false";
  if (d.is_int()) {
    // Printed as the signed value of the wrapped bits, which LLVM accepts for every width.
    const int bits = d.bits();
    const uint64_t raw = static_cast<uint64_t>(const_as_int(value));
    const uint64_t masked = bits == 64 ? raw : raw & ((uint64_t{1} << bits) - 1);
    const int64_t sv =
        bits == 64 ? static_cast<int64_t>(masked) : static_cast<int64_t>(masked << (64 - bits)) >> (64 - bits);
    return fmt::format("{}", sv);
  }
  const double v = const_as_double(value);
  switch (d.scalar) {
  case Scalar::Float16:
    return fmt::format("0xH{:04X}", double_to_half_bits(v));
  case Scalar::BFloat16:
    return double_hex(bf16_bits_to_double(double_to_bf16_bits(v)));
  case Scalar::Float32:
    return double_hex(static_cast<double>(static_cast<float>(v)));
  case Scalar::Float64:
    return double_hex(v);
  default:
    break;
  }
  throw Error(fmt::format("LLVM IR renderer: no constant of dtype {}", d.name()));
}

// A vector constant with every lane `scalar` of element type `elem` (the scalar itself when count is 1).
std::string splat_of(int count, const std::string& elem, const std::string& scalar) {
  if (count == 1) return scalar;
  std::string out = "<";
  for (int i = 0; i < count; ++i)
    out += fmt::format("{}{} {}", i ? ", " : "", elem, scalar);
  return out + ">";
}
std::string splat(DType d, const std::string& scalar) {
  return splat_of(d.count, reg_scalar(d), scalar);
}

std::string zero_of(DType d) {
  return splat(d, scalar_const(d.base(), d.is_float() ? ConstValue{0.0} : ConstValue{int64_t{0}}));
}

std::string quote_symbol(const std::string& name) {
  std::string out = "@\"";
  for (char c : name) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      out += fmt::format("\\{:02X}", static_cast<unsigned char>(c));
    else
      out += c;
  }
  return out + "\"";
}

// ---- the renderer ----

struct Loop {
  UOp range;
  int id;
  std::string counter; // the phi
};

class Renderer {
public:
  explicit Renderer(const LinearProgram& p) : prog_(p) {}

  std::string run() {
    address_math_ = address_math(prog_.ops); // gets nsw (see address_math.hpp)
    for (size_t i = 0; i < prog_.ops.size(); ++i)
      emit(prog_.ops[i], static_cast<int>(i));
    if (!loops_.empty()) throw Error("LLVM IR renderer: a RANGE is never closed by an END");
    std::string out = fmt::format("; lmc kernel {}\n", llvm_symbol(prog_));
    out += fmt::format("define void {}(ptr noalias nocapture readonly %bufs, ptr noalias nocapture readonly %vars, "
                       "i64 %start, i64 %end) #0 {{\nentry:\n",
                       quote_symbol(llvm_symbol(prog_)));
    out += entry_;
    out += body_;
    out += "  ret void\n}\n\n";
    for (const std::string& d : declares_)
      out += d + "\n";
    if (need_bf16_) out += kBf16Helpers;
    out += "\nattributes #0 = { nounwind }\n";
    return out;
  }

private:
  // Rounds a float to the nearest bfloat16 (ties to even) and keeps it as a float; NaN stays a quiet NaN.
  static constexpr const char* kBf16Helpers = R"(
define internal float @lmc.bf16.round(float %x) alwaysinline nounwind {
  %b = bitcast float %x to i32
  %hi = lshr i32 %b, 16
  %lsb = and i32 %hi, 1
  %bias = add i32 %lsb, 32767
  %r = add i32 %b, %bias
  %rm = and i32 %r, -65536
  %q = or i32 %b, 4194304
  %qm = and i32 %q, -65536
  %nan = fcmp uno float %x, %x
  %s = select i1 %nan, i32 %qm, i32 %rm
  %f = bitcast i32 %s to float
  ret float %f
}
)";

  const LinearProgram& prog_;
  std::string entry_, body_;
  std::unordered_map<uint32_t, std::string> names_;
  std::unordered_map<uint32_t, UOp> gates_; // gated INDEX -> its gate
  std::unordered_set<uint32_t> address_math_;
  std::set<std::string> declares_;
  std::vector<Loop> loops_;
  std::string block_ = "entry";
  std::vector<std::pair<UOp, int>> ifs_; // open IF blocks and their label ids
  int next_ = 0;
  int next_label_ = 0;
  bool need_bf16_ = false;

  std::string fresh() { return fmt::format("%v{}", next_++); }
  int fresh_label() { return next_label_++; }

  template <class... A>
  void line(fmt::format_string<A...> f, A&&... args) {
    body_ += "  ";
    body_ += fmt::format(f, std::forward<A>(args)...);
    body_ += '\n';
  }
  void label(const std::string& name) {
    body_ += name + ":\n";
    block_ = name;
  }

  std::string val(UOp u) {
    if (u.op() == Op::CONST) return splat(u.dtype(), scalar_const(u.dtype().base(), u.arg_as<ConstValue>()));
    auto it = names_.find(u.id());
    if (it == names_.end())
      throw Error(fmt::format("LLVM IR renderer: {} {} is used before it is defined", op_name(u.op()), u.id()));
    return it->second;
  }
  std::string typed(UOp u) { return reg_type(u.dtype()) + " " + val(u); }

  std::string call_intrinsic(const std::string& base, DType d, const std::string& args) {
    const std::string name = fmt::format("@llvm.{}.{}", base, intrinsic_suffix(d));
    std::string params;
    const int n = static_cast<int>(std::count(args.begin(), args.end(), ',')) + 1;
    for (int i = 0; i < n; ++i)
      params += (i ? ", " : "") + reg_type(d);
    declares_.insert(fmt::format("declare {} {}({})", reg_type(d), name, params));
    std::string r = fresh();
    line("{} = call {} {}({})", r, reg_type(d), name, args);
    return r;
  }

  // bfloat16 values are floats in registers; this rounds one after an inexact op.
  std::string round_bf16(DType d, const std::string& v) {
    if (!is_bf16(d)) return v;
    if (d.count > 1) throw Error("LLVM IR renderer: vector bfloat16 is not supported yet");
    need_bf16_ = true;
    std::string r = fresh();
    line("{} = call float @lmc.bf16.round(float {})", r, v);
    return r;
  }

  // Register value -> memory representation and back.
  std::string to_mem(DType d, const std::string& v) {
    std::string r = fresh();
    if (d.scalar == Scalar::Bool) {
      line("{} = zext {} {} to {}", r, reg_type(d), v, mem_type(d));
    } else if (is_bf16(d)) {
      // Register bfloat16 values are already rounded, so their upper 16 bits are the value.
      std::string bits = fresh(), hi = fresh();
      line("{} = bitcast {} {} to {}", bits, reg_type(d), v, with_count(d, "i32"));
      line("{} = lshr {} {}, {}", hi, with_count(d, "i32"), bits, splat_of(d.count, "i32", "16"));
      line("{} = trunc {} {} to {}", r, with_count(d, "i32"), hi, mem_type(d));
    } else {
      return v;
    }
    return r;
  }
  std::string from_mem(DType d, const std::string& m) {
    std::string r = fresh();
    if (d.scalar == Scalar::Bool) {
      line("{} = icmp ne {} {}, {}", r, mem_type(d), m, splat_of(d.count, "i8", "0"));
    } else if (is_bf16(d)) {
      std::string wide = fresh(), sh = fresh();
      line("{} = zext {} {} to {}", wide, mem_type(d), m, with_count(d, "i32"));
      line("{} = shl {} {}, {}", sh, with_count(d, "i32"), wide, splat_of(d.count, "i32", "16"));
      line("{} = bitcast {} {} to {}", r, with_count(d, "i32"), sh, reg_type(d));
    } else {
      return m;
    }
    return r;
  }

  std::string index_to_i64(UOp idx) {
    const DType d = idx.dtype();
    if (d.bits() == 64 && d.is_int()) return val(idx);
    if (idx.op() == Op::CONST) return fmt::format("{}", const_as_int(idx.arg_as<ConstValue>()));
    std::string r = fresh();
    line("{} = {} {} to i64", r, is_unsigned_like(d) ? "zext" : "sext", typed(idx));
    return r;
  }

  void define(UOp u, std::string name) { names_[u.id()] = std::move(name); }

  void emit(UOp u, int position) {
    const DType d = u.dtype();
    switch (u.op()) {
    case Op::CONST:
      return; // constants are printed inline where used
    case Op::SINK:
    case Op::BARRIER:
      return; // one CPU thread runs the whole body, so there is nothing to wait for
    case Op::PARAM: {
      const int32_t slot = u.arg_as<ParamArg>().slot;
      std::string slot_ptr = fresh(), p = fresh();
      entry_ += fmt::format("  {} = getelementptr inbounds ptr, ptr %bufs, i64 {}\n", slot_ptr, slot);
      entry_ += fmt::format("  {} = load ptr, ptr {}, align 8\n", p, slot_ptr);
      return define(u, p);
    }
    case Op::DEFINE_VAR: {
      const std::string& name = u.arg_as<VarArg>().name;
      size_t i = 0;
      while (i < prog_.vars.size() && prog_.vars[i].name != name)
        ++i;
      if (i == prog_.vars.size())
        throw Error(fmt::format("LLVM IR renderer: variable '{}' is not in the program's vars", name));
      if (!d.is_int()) throw Error(fmt::format("LLVM IR renderer: variable '{}' has dtype {}", name, d.name()));
      std::string ptr = fresh(), v = fresh();
      entry_ += fmt::format("  {} = getelementptr inbounds i32, ptr %vars, i64 {}\n", ptr, i);
      entry_ += fmt::format("  {} = load i32, ptr {}, align 4\n", v, ptr);
      if (d.bits() != 32) {
        std::string c = fresh();
        entry_ += fmt::format("  {} = {} i32 {} to {}\n", c, d.bits() > 32 ? "sext" : "trunc", v, reg_type(d));
        v = c;
      }
      return define(u, v);
    }
    case Op::DEFINE_REG: {
      const int64_t n = u.arg_as<ParamArg>().size;
      std::string p = fresh();
      entry_ += fmt::format("  {} = alloca [{} x {}], align {}\n", p, n, mem_type(d.pointee()),
                            std::max(d.pointee().itemsize() * d.count, 1));
      return define(u, p);
    }
    case Op::RANGE:
      return open_range(u, position);
    case Op::END:
      for (UOp r : u.src())
        close_range(r);
      return;
    case Op::IF: {
      const int id = fresh_label();
      ifs_.push_back({u, id});
      line("br i1 {}, label %if{}.then, label %if{}.end", val(u.src(0)), id, id);
      label(fmt::format("if{}.then", id));
      return;
    }
    case Op::ENDIF: {
      if (ifs_.empty() || ifs_.back().first != u.src(0))
        throw Error("LLVM IR renderer: ENDIF does not close the innermost IF");
      const int id = ifs_.back().second;
      ifs_.pop_back();
      line("br label %if{}.end", id);
      label(fmt::format("if{}.end", id));
      return;
    }
    case Op::INDEX: {
      const std::string offset = index_to_i64(u.src(1)), r = fresh();
      const bool gated = u.num_src() > 2;
      // A gated index may point outside its buffer when the gate is false, so it must not claim inbounds.
      line("{} = getelementptr {}{}, ptr {}, i64 {}", r, gated ? "" : "inbounds ", mem_type(u.src(0).dtype().pointee()),
           val(u.src(0)), offset);
      if (gated) gates_[u.id()] = u.src(2);
      return define(u, r);
    }
    case Op::LOAD:
      return define(u, emit_load(u));
    case Op::STORE:
      return emit_store(u);
    case Op::SPECIAL:
    case Op::DEFINE_LOCAL:
    case Op::VECTORIZE:
    case Op::GEP:
      break;
    default:
      if (is_alu(u.op())) return define(u, emit_alu(u));
      break;
    }
    throw Error(
        fmt::format("LLVM IR renderer: {} ({}) is not part of a CPU linear program", op_name(u.op()), d.name()));
  }

  void open_range(UOp r, int position) {
    const DType d = r.dtype();
    if (!d.is_int()) throw Error(fmt::format("LLVM IR renderer: RANGE of dtype {}", d.name()));
    const int id = fresh_label();
    std::string lo = "0", hi = val(r.src(0));
    if (position == prog_.parallel_range) {
      lo = "%start";
      hi = "%end";
      if (d.bits() != 64) {
        lo = fresh();
        hi = fresh();
        line("{} = trunc i64 %start to {}", lo, reg_type(d));
        line("{} = trunc i64 %end to {}", hi, reg_type(d));
      }
    }
    const std::string pre = block_, head = fmt::format("loop{}", id), counter = fmt::format("%r{}", id);
    line("br label %{}", head);
    label(head);
    line("{} = phi {} [ {}, %{} ], [ %r{}.next, %loop{}.latch ]", counter, reg_type(d), lo, pre, id, id);
    std::string cond = fresh();
    line("{} = icmp {} {} {}, {}", cond, d.is_unsigned() ? "ult" : "slt", reg_type(d), counter, hi);
    line("br i1 {}, label %loop{}.body, label %loop{}.exit", cond, id, id);
    label(fmt::format("loop{}.body", id));
    loops_.push_back(Loop{r, id, counter});
    define(r, counter);
  }

  void close_range(UOp r) {
    if (loops_.empty() || loops_.back().range != r)
      throw Error("LLVM IR renderer: END does not close the innermost open RANGE");
    const Loop l = loops_.back();
    loops_.pop_back();
    line("br label %loop{}.latch", l.id);
    label(fmt::format("loop{}.latch", l.id));
    // The counter stays below the loop's end, so the increment cannot wrap.
    line("%r{}.next = add nuw nsw {} {}, 1", l.id, reg_type(r.dtype()), l.counter);
    line("br label %loop{}", l.id);
    label(fmt::format("loop{}.exit", l.id));
  }

  std::string emit_load(UOp u) {
    const DType d = u.dtype();
    const UOp addr = u.src(0);
    const std::string align = fmt::format("align {}", d.base().itemsize());
    auto gate = gates_.find(addr.id());
    if (gate == gates_.end()) {
      std::string m = fresh();
      line("{} = load {}, ptr {}, {}", m, mem_type(d), val(addr), align);
      return from_mem(d, m);
    }
    // A false gate yields 0 without touching memory: the load sits in a block only a true gate enters.
    const int id = fresh_label();
    const std::string pre = block_;
    line("br i1 {}, label %ld{}.do, label %ld{}.join", val(gate->second), id, id);
    label(fmt::format("ld{}.do", id));
    std::string m = fresh();
    line("{} = load {}, ptr {}, {}", m, mem_type(d), val(addr), align);
    std::string v = from_mem(d, m);
    const std::string loaded_in = block_;
    line("br label %ld{}.join", id);
    label(fmt::format("ld{}.join", id));
    std::string r = fresh();
    line("{} = phi {} [ {}, %{} ], [ {}, %{} ]", r, reg_type(d), v, loaded_in, zero_of(d), pre);
    return r;
  }

  void emit_store(UOp u) {
    const UOp addr = u.src(0), value = u.src(1);
    const DType d = value.dtype();
    const std::string align = fmt::format("align {}", d.base().itemsize());
    auto gate = gates_.find(addr.id());
    int id = -1;
    if (gate != gates_.end()) {
      id = fresh_label();
      line("br i1 {}, label %st{}.do, label %st{}.join", val(gate->second), id, id);
      label(fmt::format("st{}.do", id));
    }
    std::string m = to_mem(d, val(value));
    line("store {} {}, ptr {}, {}", mem_type(d), m, val(addr), align);
    if (id >= 0) {
      line("br label %st{}.join", id);
      label(fmt::format("st{}.join", id));
    }
  }

  std::string binary(const std::string& inst, UOp u) {
    std::string r = fresh();
    line("{} = {} {} {}, {}", r, inst, reg_type(u.dtype()), val(u.src(0)), val(u.src(1)));
    return r;
  }

  std::string emit_alu(UOp u) {
    const DType d = u.dtype();
    const Op op = u.op();
    switch (op) {
    case Op::CAST:
      return emit_cast(u.src(0), d);
    case Op::BITCAST:
      return emit_bitcast(u.src(0), d);
    case Op::WHERE: {
      std::string r = fresh();
      line("{} = select {}, {}, {}", r, typed(u.src(0)), typed(u.src(1)), typed(u.src(2)));
      return r;
    }
    case Op::CMPLT:
    case Op::CMPLE:
    case Op::CMPEQ:
    case Op::CMPNE:
      return emit_compare(u);
    default:
      break;
    }
    if (d.is_float()) return emit_float_alu(u); // bfloat16 too: it is a float in registers
    if (d.is_integral()) return emit_int_alu(u);
    throw Error(fmt::format("LLVM IR renderer: {} on {}", op_name(op), d.name()));
  }

  std::string emit_compare(UOp u) {
    const DType s = u.src(0).dtype();
    const bool fp = s.is_float();
    const char* pred = nullptr;
    switch (u.op()) {
    case Op::CMPLT:
      pred = fp ? "olt" : is_unsigned_like(s) ? "ult" : "slt";
      break;
    case Op::CMPLE:
      pred = fp ? "ole" : is_unsigned_like(s) ? "ule" : "sle";
      break;
    case Op::CMPEQ:
      pred = fp ? "oeq" : "eq";
      break;
    default:
      pred = fp ? "une" : "ne";
      break; // CMPNE is true when either side is NaN
    }
    std::string r = fresh();
    line("{} = {} {} {} {}, {}", r, fp ? "fcmp" : "icmp", pred, reg_type(s), val(u.src(0)), val(u.src(1)));
    return r;
  }

  std::string emit_float_alu(UOp u) {
    const DType d = u.dtype();
    const std::string t = reg_type(d);
    switch (u.op()) {
    case Op::NEG: {
      std::string r = fresh();
      line("{} = fneg {} {}", r, t, val(u.src(0)));
      return r;
    }
    case Op::ADD:
      return round_bf16(d, binary("fadd", u));
    case Op::SUB:
      return round_bf16(d, binary("fsub", u));
    case Op::MUL:
      return round_bf16(d, binary("fmul", u));
    case Op::FDIV:
      return round_bf16(d, binary("fdiv", u));
    case Op::RECIPROCAL: {
      std::string r = fresh();
      line("{} = fdiv {} {}, {}", r, t, splat(d, scalar_const(d.base(), 1.0)), val(u.src(0)));
      return round_bf16(d, r);
    }
    case Op::EXP2:
      return round_bf16(d, call_intrinsic("exp2", d, typed(u.src(0))));
    case Op::LOG2:
      return round_bf16(d, call_intrinsic("log2", d, typed(u.src(0))));
    case Op::SIN:
      return round_bf16(d, call_intrinsic("sin", d, typed(u.src(0))));
    case Op::SQRT:
      return round_bf16(d, call_intrinsic("sqrt", d, typed(u.src(0))));
    case Op::TRUNC:
      return call_intrinsic("trunc", d, typed(u.src(0)));
    case Op::MAX:
    case Op::MIN: {
      // numpy.maximum: NaN in either operand gives NaN. (llvm.maximum has no x86 lowering in LLVM 16.)
      std::string pick = fresh(), m = fresh(), a_nan = fresh(), r = fresh();
      const std::string a = val(u.src(0)), b = val(u.src(1));
      line("{} = fcmp {} {} {}, {}", pick, u.op() == Op::MAX ? "ogt" : "olt", t, a, b);
      line("{} = select {} {}, {} {}, {} {}", m, with_count(d, "i1"), pick, t, a, t, b);
      line("{} = fcmp uno {} {}, {}", a_nan, t, a, a);
      line("{} = select {} {}, {} {}, {} {}", r, with_count(d, "i1"), a_nan, t, a, t, m);
      return r;
    }
    default:
      break;
    }
    throw Error(fmt::format("LLVM IR renderer: {} is not a float op ({})", op_name(u.op()), d.name()));
  }

  std::string emit_int_alu(UOp u) {
    const DType d = u.dtype();
    const std::string t = reg_type(d);
    const bool uns = is_unsigned_like(d);
    const bool nsw = address_math_.contains(u.id()) && d.is_signed();
    switch (u.op()) {
    case Op::NEG: {
      std::string r = fresh();
      if (d.is_bool())
        line("{} = xor {} {}, {}", r, t, val(u.src(0)), splat(d, "true"));
      else
        line("{} = sub {} {}, {}", r, t, zero_of(d), val(u.src(0)));
      return r;
    }
    case Op::ADD:
      return d.is_bool() ? binary("or", u) : binary(nsw ? "add nsw" : "add", u);
    case Op::SUB:
      return binary(nsw ? "sub nsw" : "sub", u);
    case Op::MUL:
      return d.is_bool() ? binary("and", u) : binary(nsw ? "mul nsw" : "mul", u);
    case Op::CDIV:
      return binary(uns ? "udiv" : "sdiv", u);
    case Op::CMOD:
      return binary(uns ? "urem" : "srem", u);
    case Op::AND:
      return binary("and", u);
    case Op::OR:
      return binary("or", u);
    case Op::XOR:
      return binary("xor", u);
    case Op::MAX:
      return call_intrinsic(uns ? "umax" : "smax", d, typed(u.src(0)) + ", " + typed(u.src(1)));
    case Op::MIN:
      return call_intrinsic(uns ? "umin" : "smin", d, typed(u.src(0)) + ", " + typed(u.src(1)));
    case Op::POPCOUNT:
      return call_intrinsic("ctpop", d, typed(u.src(0)));
    case Op::CTZ: {
      // llvm.cttz with "zero is poison" false: a zero counts the whole width, as eval_int_alu says.
      const std::string name = fmt::format("@llvm.cttz.{}", intrinsic_suffix(d));
      declares_.insert(fmt::format("declare {} {}({}, i1)", reg_type(d), name, reg_type(d)));
      std::string r = fresh();
      line("{} = call {} {}({}, i1 false)", r, reg_type(d), name, typed(u.src(0)));
      return r;
    }
    case Op::SHL:
    case Op::SHR: {
      // The amount may have another integer dtype; it is brought to the shifted value's width first.
      const UOp amt = u.src(1);
      std::string a = val(amt);
      if (amt.dtype() != d) a = emit_int_resize(amt, d);
      std::string r = fresh();
      line("{} = {} {} {}, {}", r, u.op() == Op::SHL ? "shl" : uns ? "lshr" : "ashr", t, val(u.src(0)), a);
      return r;
    }
    default:
      break;
    }
    throw Error(fmt::format("LLVM IR renderer: {} is not an integer op ({})", op_name(u.op()), d.name()));
  }

  // Integer (or bool) to another integer width, extending by the source's signedness.
  std::string emit_int_resize(UOp x, DType to) {
    const DType from = x.dtype();
    const int fb = reg_bits(from), tb = reg_bits(to);
    if (fb == tb) return val(x);
    std::string r = fresh();
    const char* inst = fb > tb ? "trunc" : is_unsigned_like(from) ? "zext" : "sext";
    line("{} = {} {} to {}", r, inst, typed(x), reg_type(to));
    return r;
  }

  std::string emit_cast(UOp x, DType to) {
    const DType from = x.dtype();
    const std::string v = val(x);
    if (to.is_bool()) {
      // C's rule: nonzero is true (NaN too, hence the unordered compare).
      std::string r = fresh();
      if (from.is_float())
        line("{} = fcmp une {} {}, {}", r, reg_type(from), v, zero_of(from));
      else
        line("{} = icmp ne {} {}, {}", r, reg_type(from), v, zero_of(from));
      return r;
    }
    if (to.is_int() && !from.is_float()) return emit_int_resize(x, to);
    if (to.is_int()) {
      std::string r = fresh();
      line("{} = {} {} {} to {}", r, to.is_unsigned() ? "fptoui" : "fptosi", reg_type(from), v, reg_type(to));
      return r;
    }
    if (!to.is_float()) throw Error(fmt::format("LLVM IR renderer: CAST {} -> {}", from.name(), to.name()));
    if (from.is_integral()) {
      std::string r = fresh();
      line("{} = {} {} {} to {}", r, is_unsigned_like(from) ? "uitofp" : "sitofp", reg_type(from), v, reg_type(to));
      return round_bf16(to, r);
    }
    const std::string ft = reg_type(from), tt = reg_type(to);
    // float32 -> bfloat16 shares the register type but must round; bfloat16 -> float32 is exact.
    if (ft == tt) return is_bf16(to) && !is_bf16(from) ? round_bf16(to, v) : v;
    const int fbits = is_bf16(from) ? 32 : from.bits(), tbits = is_bf16(to) ? 32 : to.bits();
    std::string r = fresh();
    line("{} = {} {} {} to {}", r, fbits < tbits ? "fpext" : "fptrunc", ft, v, tt);
    // Double rounding through float is harmless here: float has more than 2*8+2 significand bits.
    return round_bf16(to, r);
  }

  std::string emit_bitcast(UOp x, DType to) {
    const DType from = x.dtype();
    if (mem_bits(from) * from.count != mem_bits(to) * to.count)
      throw Error(fmt::format("LLVM IR renderer: BITCAST {} -> {} changes the size", from.name(), to.name()));
    // Through the memory representation, where bfloat16 is its 16 bits.
    std::string m = to_mem(from, val(x));
    if (mem_type(from) == mem_type(to)) return from_mem(to, m);
    std::string r = fresh();
    line("{} = bitcast {} {} to {}", r, mem_type(from), m, mem_type(to));
    return from_mem(to, r);
  }
};

} // namespace

std::string render_llvm_ir(const LinearProgram& program) {
  return Renderer(program).run();
}

} // namespace lmc
