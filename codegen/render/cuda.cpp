// The CUDA C renderer: one pass over the linear program, each value a typed local, each RANGE a loop, each SPECIAL a
// thread index (flatten_threads chose which). Types, literals and conversions are small functions of the DType, as in
// the LLVM IR renderer.
#include "codegen/render/cuda.hpp"

#include "codegen/flatten_threads.hpp"
#include "codegen/render/address_math.hpp"
#include "codegen/render/cuda_gemm.hpp"
#include "codegen/render/cuda_mma.hpp"
#include "codegen/render/float_bits.hpp"
#include "ir/error.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace lmc {

namespace {

// ---- types and literals ----

std::string ctype(DType d) {
  // The 16-byte vectors the pass "vector_loads" makes.
  if (d.count == 4 && d.scalar == Scalar::Float32) return "float4";
  if (d.count == 4 && d.scalar == Scalar::Int32) return "int4";
  if (d.count == 4 && d.scalar == Scalar::UInt32) return "uint4";
  if (d.count == 4 && d.scalar == Scalar::Int16) return "short4";
  if (d.count == 4 && d.scalar == Scalar::UInt16) return "ushort4";
  if (d.count != 1) throw Error(fmt::format("CUDA renderer: vector dtype {} is not supported yet", d.name()));
  switch (d.scalar) {
  case Scalar::Bool:
    return "bool";
  case Scalar::Int8:
    return "signed char";
  case Scalar::Int16:
    return "short";
  case Scalar::Int32:
    return "int";
  case Scalar::Int64:
    return "long long";
  case Scalar::UInt8:
    return "unsigned char";
  case Scalar::UInt16:
    return "unsigned short";
  case Scalar::UInt32:
    return "unsigned int";
  case Scalar::UInt64:
    return "unsigned long long";
  case Scalar::Float16:
    return "half";
  case Scalar::BFloat16:
    return "__nv_bfloat16";
  case Scalar::Float32:
    return "float";
  case Scalar::Float64:
    return "double";
  case Scalar::Void:
    break;
  }
  throw Error(fmt::format("CUDA renderer: no C type for {}", d.name()));
}

// The unsigned type integer arithmetic wraps in: C's signed overflow is undefined, unsigned wraps.
const char* wrap_type(DType d) {
  return d.bits() > 32 ? "unsigned long long" : "unsigned int";
}

std::string float_literal(double v, bool single) {
  if (std::isnan(v) || std::isinf(v)) {
    if (single) return fmt::format("__int_as_float(0x{:08x})", std::bit_cast<uint32_t>(static_cast<float>(v)));
    return fmt::format("__longlong_as_double(0x{:016x}ll)", std::bit_cast<uint64_t>(v));
  }
  std::string s = single ? fmt::format("{}", static_cast<float>(v)) : fmt::format("{}", v);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  if (single) s += "f";
  return s[0] == '-' ? "(" + s + ")" : s;
}

std::string literal(DType d, const ConstValue& value) {
  if (d.is_bool()) return const_as_int(value) != 0 ? "true" : "false";
  if (d.is_int()) {
    const int bits = d.bits();
    const uint64_t raw = static_cast<uint64_t>(const_as_int(value));
    const uint64_t u = bits == 64 ? raw : raw & ((uint64_t{1} << bits) - 1);
    if (d.is_unsigned()) {
      if (bits == 64) return fmt::format("{}ull", u);
      if (bits == 32) return fmt::format("{}u", u);
      return fmt::format("(({}){})", ctype(d), u);
    }
    const int64_t s = bits == 64 ? static_cast<int64_t>(u) : static_cast<int64_t>(u << (64 - bits)) >> (64 - bits);
    if (bits == 64) {
      if (s == std::numeric_limits<int64_t>::min()) return "(-9223372036854775807ll - 1)";
      return s < 0 ? fmt::format("({}ll)", s) : fmt::format("{}ll", s);
    }
    if (bits == 32) {
      if (s == std::numeric_limits<int32_t>::min()) return "(-2147483647 - 1)";
      return s < 0 ? fmt::format("({})", s) : fmt::format("{}", s);
    }
    return fmt::format("(({}){})", ctype(d), s);
  }
  const double v = const_as_double(value);
  switch (d.scalar) {
  case Scalar::Float16:
    return fmt::format("__ushort_as_half(0x{:04x})", double_to_half_bits(v));
  case Scalar::BFloat16:
    return fmt::format("__ushort_as_bfloat16(0x{:04x})", double_to_bf16_bits(v));
  case Scalar::Float32:
    return float_literal(v, true);
  case Scalar::Float64:
    return float_literal(v, false);
  default:
    break;
  }
  throw Error(fmt::format("CUDA renderer: no literal of dtype {}", d.name()));
}

std::string zero(DType d) {
  return literal(d, d.is_float() ? ConstValue{0.0} : ConstValue{int64_t{0}});
}

std::string identifier(const std::string& name) {
  if (name.empty()) return "lmc_kernel";
  std::string out;
  for (char c : name)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "k_" + out;
  return out;
}

// NaN-propagating max/min (numpy.maximum), the same select the LLVM renderer emits: fmaxf would drop the NaN.
constexpr const char* kMaxMinHelpers =
    R"(__device__ __forceinline__ float lmc_max(float a, float b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ float lmc_min(float a, float b) { return a != a ? a : (a < b ? a : b); }
__device__ __forceinline__ double lmc_max(double a, double b) { return a != a ? a : (a > b ? a : b); }
__device__ __forceinline__ double lmc_min(double a, double b) { return a != a ? a : (a < b ? a : b); }
)";

// Four consecutive elements from buffer[i] on (i a multiple of 4) in one vector load (16 bytes of 4-byte elements, 8
// of 2-byte ones). The buffer must be aligned to the vector: the launch checks it (CudaLaunchSpec::aligned_params).
// A test of the address in the kernel, with four scalar loads as the other branch, cost the brute-force K-NN 16%:
// the compiler kept the test at every load.
constexpr const char* kVectorLoadHelper =
    R"(template <class V, class T, class I> __device__ __forceinline__ V lmc_load4(const T* __restrict__ buffer, I i) {
  return *reinterpret_cast<const V*>(buffer + i);
}
)";

// ---- the renderer ----

class Renderer {
public:
  Renderer(const FlatThreadProgram& p, const CudaTarget& t) : prog_(p.program), target_(t), launch_(p.launch) {}

  CudaKernelSource run() {
    CudaKernelSource out;
    out.name = identifier(prog_.name);
    for (size_t i = 0; i < prog_.ops.size(); ++i)
      pos_[prog_.ops[i].id()] = static_cast<int>(i);
    for (UOp u : prog_.ops)
      if (int k = flat_slice(u); k >= 0) {
        if (flat_.size() <= static_cast<size_t>(k)) flat_.resize(k + 1);
        flat_[k] = u;
      }
    find_stored_params();
    depth_ = 1;
    for (size_t i = 0; i < prog_.ops.size(); ++i)
      emit(prog_.ops[i], static_cast<int>(i));
    if (depth_ != 1) throw Error("CUDA renderer: a RANGE is never closed by an END");

    std::string src = fmt::format("// lmc kernel {}\n", out.name);
    if (uses_fp16_) src += "#include <cuda_fp16.h>\n";
    if (uses_bf16_) src += "#include <cuda_bf16.h>\n";
    if (need_maxmin_) src += kMaxMinHelpers;
    if (need_vector_load_) src += kVectorLoadHelper;
    if (need_mma_) src += cuda_mma_helpers();
    if (need_gemm_) src += cuda_gemm_helpers();
    // A block size fixed by the program is promised to the compiler, so it keeps register use low enough that a
    // block of that size can launch (a 1024-thread block fails with too many registers per thread otherwise).
    std::string bounds;
    if (launch_.explicit_dims) {
      int64_t threads = 1;
      bool fixed = true;
      for (const CudaExtent& e : launch_.local) {
        fixed = fixed && e.var < 0;
        threads *= std::max<int64_t>(e.value, 1);
      }
      if (fixed) bounds = fmt::format("__launch_bounds__({}) ", threads);
      // A tensor-core tile may ask for several resident blocks per SM (fewer registers each, more loads in flight).
      if (fixed && mma_min_blocks_ > 1) bounds = fmt::format("__launch_bounds__({}, {}) ", threads, mma_min_blocks_);
    } else if (!launch_.flat.empty()) {
      bounds = fmt::format("__launch_bounds__({}) ", launch_.block);
    }
    src += fmt::format("extern \"C\" __global__ void {}{}(", bounds, out.name);
    std::vector<std::string> args;
    for (size_t s = 0; s < prog_.params.size(); ++s) {
      const KernelParam& p = prog_.params[s];
      const bool is_const = !p.written && !stored_.contains(static_cast<int32_t>(s));
      const std::string t = p.dtype.is_void() ? "void" : ctype(p.dtype.base());
      args.push_back(fmt::format("{}{}* __restrict__ p{}", is_const ? "const " : "", t, s));
    }
    for (size_t i = 0; i < prog_.vars.size(); ++i)
      args.push_back(fmt::format("const int var{} /* {} */", i, prog_.vars[i].name));
    for (size_t i = 0; i < args.size(); ++i)
      src += (i ? ", " : "") + args[i];
    src += ") {\n" + body_ + "}\n";

    out.source = std::move(src);
    out.launch = launch_;
    out.arch_specific = arch_specific_;
    out.float64_math = std::any_of(prog_.ops.begin(), prog_.ops.end(), [](UOp u) {
      return u.dtype().base() == float64 && (u.op() == Op::MUL || u.op() == Op::ADD || u.op() == Op::SUB);
    });
    return out;
  }

private:
  const LinearProgram& prog_;
  const CudaTarget& target_;
  std::string body_;
  int depth_ = 0;
  std::unordered_map<uint32_t, int> pos_;           // node id -> position in ops
  std::unordered_map<uint32_t, std::string> names_; // node id -> C expression naming its value
  std::unordered_map<uint32_t, UOp> gates_;         // gated INDEX -> its gate
  std::unordered_set<int32_t> stored_;              // param slots some STORE writes
  CudaLaunchSpec launch_;
  std::vector<UOp> flat_; // the slices of the flat thread index (flatten_threads), outermost first
  bool uses_fp16_ = false, uses_bf16_ = false, need_maxmin_ = false, need_mma_ = false, need_gemm_ = false,
       need_vector_load_ = false;
  int mma_min_blocks_ = 0;
  bool arch_specific_ = false;
  std::unordered_set<uint32_t> address_math_;

  // The launch must find `buffer` (a PARAM) aligned to `bytes`.
  void note_aligned_param(UOp buffer, int64_t bytes) {
    if (buffer.op() != Op::PARAM) throw Error("CUDA renderer: a vector load from something other than a kernel param");
    const int slot = buffer.arg_as<ParamArg>().slot;
    for (auto& [s, b] : launch_.aligned_params)
      if (s == slot) {
        b = std::max(b, static_cast<int>(bytes));
        return;
      }
    launch_.aligned_params.emplace_back(slot, static_cast<int>(bytes));
  }

  template <class... A>
  void line(fmt::format_string<A...> f, A&&... args) {
    body_.append(2 * depth_, ' ');
    body_ += fmt::format(f, std::forward<A>(args)...);
    body_ += '\n';
  }

  void note_type(DType d) {
    if (d.scalar == Scalar::Float16) uses_fp16_ = true;
    if (d.scalar == Scalar::BFloat16) uses_bf16_ = true;
  }

  // ---- planning ----

  void find_stored_params() {
    for (UOp u : prog_.ops) {
      if (u.op() == Op::STORE && u.src(0).op() == Op::INDEX && u.src(0).src(0).op() == Op::PARAM)
        stored_.insert(u.src(0).src(0).arg_as<ParamArg>().slot);
      if (u.op() == Op::TILED_MATMUL) stored_.insert(u.src(0).arg_as<ParamArg>().slot);
    }
    // Integer math feeding an address keeps C's signed ops (see address_math.hpp); everywhere else integers wrap.
    address_math_ = address_math(prog_.ops);
  }

  // ---- values ----

  std::string ref(UOp u) {
    if (u.op() == Op::CONST) {
      note_type(u.dtype());
      return literal(u.dtype(), u.arg_as<ConstValue>());
    }
    if (u.op() == Op::DEFINE_VAR) return var_ref(u);
    auto it = names_.find(u.id());
    if (it == names_.end())
      throw Error(fmt::format("CUDA renderer: {} {} is used before it is defined", op_name(u.op()), u.id()));
    return it->second;
  }
  // Variables are kernel arguments, so they can be named before their DEFINE_VAR's position (launch extents are).
  std::string var_ref(UOp u) const {
    const DType d = u.dtype();
    const std::string& name = u.arg_as<VarArg>().name;
    size_t i = 0;
    while (i < prog_.vars.size() && prog_.vars[i].name != name)
      ++i;
    if (i == prog_.vars.size())
      throw Error(fmt::format("CUDA renderer: variable '{}' is not in the program's vars", name));
    if (!d.is_int()) throw Error(fmt::format("CUDA renderer: variable '{}' has dtype {}", name, d.name()));
    return d == int32 ? fmt::format("var{}", i) : fmt::format("(({})var{})", ctype(d), i);
  }

  void define(UOp u, int position, const std::string& expr) {
    note_type(u.dtype());
    const std::string n = fmt::format("v{}", position);
    line("const {} {} = {};", ctype(u.dtype()), n, expr);
    names_[u.id()] = n;
  }

  // A 16-bit float operand as float (the type its arithmetic is done in), others as they are.
  std::string as_arith(UOp u) {
    const DType d = u.dtype();
    if (d.scalar == Scalar::Float16) return fmt::format("__half2float({})", ref(u));
    if (d.scalar == Scalar::BFloat16) return fmt::format("__bfloat162float({})", ref(u));
    return ref(u);
  }
  // A float result rounded into a 16-bit float dtype (once per op, as native half arithmetic rounds).
  static std::string from_float(DType d, const std::string& e) {
    if (d.scalar == Scalar::Float16) return fmt::format("__float2half_rn({})", e);
    if (d.scalar == Scalar::BFloat16) return fmt::format("__float2bfloat16_rn({})", e);
    return e;
  }

  void emit(UOp u, int position) {
    const DType d = u.dtype();
    switch (u.op()) {
    case Op::CONST:
      return; // printed inline where used
    case Op::SINK:
      return;
    case Op::BARRIER:
      return line("__syncthreads();");
    case Op::PARAM:
      names_[u.id()] = fmt::format("p{}", u.arg_as<ParamArg>().slot);
      return;
    case Op::DEFINE_VAR:
      names_[u.id()] = var_ref(u);
      return;
    case Op::DEFINE_REG:
    case Op::DEFINE_LOCAL: {
      note_type(d.pointee());
      const std::string n = fmt::format("{}{}", u.op() == Op::DEFINE_REG ? "reg" : "smem", position);
      line("{}{} {}[{}];", u.op() == Op::DEFINE_LOCAL ? "__shared__ " : "", ctype(d.pointee()), n,
           u.arg_as<ParamArg>().size);
      names_[u.id()] = n;
      return;
    }
    case Op::SPECIAL:
      return emit_special(u, position);
    case Op::RANGE:
      return open_range(u, position);
    case Op::END:
      for (UOp r : u.src())
        close_range(r);
      return;
    case Op::IF:
      line("if ({}) {{", ref(u.src(0)));
      ++depth_;
      return;
    case Op::ENDIF:
      if (depth_ <= 1) throw Error("CUDA renderer: ENDIF closes no IF");
      --depth_;
      line("}}");
      return;
    case Op::INDEX:
      // An lvalue printed where it is used: a gated index may point outside its buffer, so it is never formed
      // as a pointer on its own.
      names_[u.id()] = fmt::format("{}[{}]", ref(u.src(0)), ref(u.src(1)));
      if (u.num_src() > 2) gates_[u.id()] = u.src(2);
      return;
    case Op::LOAD: {
      const UOp addr = u.src(0);
      auto gate = gates_.find(addr.id());
      if (d.is_vector()) {
        need_vector_load_ = true;
        note_aligned_param(addr.src(0), int64_t{d.itemsize()} * d.count);
        const std::string load = fmt::format("lmc_load4<{}>({}, {})", ctype(d), ref(addr.src(0)), ref(addr.src(1)));
        if (gate == gates_.end()) return define(u, position, load);
        return define(u, position, fmt::format("{} ? {} : {}{{}}", ref(gate->second), load, ctype(d)));
      }
      if (gate == gates_.end()) return define(u, position, ref(addr));
      return define(u, position, fmt::format("{} ? {} : {}", ref(gate->second), ref(addr), zero(d)));
    }
    case Op::STORE: {
      const UOp addr = u.src(0);
      auto gate = gates_.find(addr.id());
      if (gate == gates_.end()) return line("{} = {};", ref(addr), ref(u.src(1)));
      return line("if ({}) {} = {};", ref(gate->second), ref(addr), ref(u.src(1)));
    }
    case Op::TILED_MATMUL:
      return emit_mma(u);
    case Op::GEP:
      if (u.src(0).dtype().count == 4 && u.dtype().count == 1)
        return define(u, position, fmt::format("{}.{}", ref(u.src(0)), "xyzw"[u.arg_as<int64_t>() & 3]));
      break;
    case Op::VECTORIZE:
      break;
    default:
      if (is_alu(u.op())) return define(u, position, alu(u));
      break;
    }
    throw Error(fmt::format("CUDA renderer: {} ({}) is not part of a CUDA linear program", op_name(u.op()), d.name()));
  }

  // A whole matmul (the TC or GEMM opt): the kernel is its fixed tiled schedule, launched on its own grid: a block
  // per BM x BN output tile (grid x) of each batch (grid y).
  void emit_mma(UOp u) {
    const MmaSpec spec = MmaSpec::decode(u.arg_as<IntList>());
    const DType in = u.src(1).dtype().pointee(), out = u.src(0).dtype().pointee();
    const bool gemm = spec.engine == MatmulEngine::CudaCores;
    const int bm = gemm ? spec.gemm_tile().bm : spec.tile().bm, bn = gemm ? spec.gemm_tile().bn : spec.tile().bn;
    launch_.explicit_dims = true;
    launch_.grid[0] = CudaExtent{(spec.m + bm - 1) / bm * ((spec.n + bn - 1) / bn), -1};
    launch_.grid[1] = CudaExtent{spec.batches(), -1};
    launch_.local[0] = CudaExtent{gemm ? spec.gemm_tile().threads() : spec.tile().threads(), -1};
    mma_min_blocks_ = gemm ? spec.gemm_tile().min_blocks : spec.tile().min_blocks;
    if (gemm) {
      if (in != float32 || out != float32)
        throw Error(fmt::format("CUDA renderer: a CUDA-core MMA reads and writes float32; got {} into {}", in.name(),
                                out.name()));
      need_gemm_ = true;
      body_ += cuda_gemm_body(spec, ref(u.src(0)), ref(u.src(1)), ref(u.src(2)));
      return;
    }
    if (target_.sm < 80) throw Error(fmt::format("CUDA renderer: MMA needs sm_80 or newer (target sm_{})", target_.sm));
    note_type(in);
    note_type(out);
    need_mma_ = true;
    if (spec.tile().wgmma && target_.sm != 90)
      throw Error(fmt::format("CUDA renderer: the MMA tile {} uses wgmma, which only sm_90 has (target sm_{})",
                              spec.config, target_.sm));
    arch_specific_ = spec.tile().wgmma;
    // All of the body's shared memory is `extern __shared__` (dynamic, so tiles may exceed the 48 KiB a static
    // declaration is limited to).
    launch_.dynamic_smem_bytes = spec.tile().smem_bytes(in.itemsize());
    if (launch_.dynamic_smem_bytes > target_.max_shared_optin)
      throw Error(
          fmt::format("CUDA renderer: the MMA tile {} needs {} bytes of shared memory; sm_{} allows {} per block",
                      spec.config, launch_.dynamic_smem_bytes, target_.sm, target_.max_shared_optin));
    body_ += cuda_mma_body(spec, ref(u.src(0)), ref(u.src(1)), ref(u.src(2)), in, out);
  }

  void emit_special(UOp u, int position) {
    if (flat_slice(u) >= 0) return emit_flat_index(u, position);
    const std::string& name = u.arg_as<SpecialArg>().name;
    const bool global = name.starts_with("gidx"), local = name.starts_with("lidx");
    const int dim = name.size() == 5 ? name[4] - '0' : -1;
    auto e = cuda_host_extent(prog_, u.src(0));
    if ((!global && !local) || dim < 0 || dim > 2 || !e)
      throw Error(fmt::format("CUDA renderer: SPECIAL '{}' must be gidx0..2 or lidx0..2 with a constant or variable "
                              "size",
                              name));
    (global ? launch_.grid : launch_.local)[dim] = *e;
    launch_.explicit_dims = true;
    const char axis = "xyz"[dim];
    define(u, position, fmt::format("({}){}.{}", ctype(u.dtype()), global ? "blockIdx" : "threadIdx", axis));
  }

  void open_range(UOp r, int position) {
    const DType d = r.dtype();
    if (!d.is_int()) throw Error(fmt::format("CUDA renderer: RANGE of dtype {}", d.name()));
    const std::string n = fmt::format("r{}", position);
    names_[r.id()] = n;
    const AxisKind kind = r.arg_as<RangeArg>().kind;
    // Register tiles and unrolled reduce parts are small constant loops meant to disappear into straight code.
    if (kind == AxisKind::Upcast || kind == AxisKind::Unroll) line("#pragma unroll");
    line("for ({} {} = 0; {} < {}; ++{}) {{", ctype(d), n, n, ref(r.src(0)), n);
    ++depth_;
  }

  // The flat thread index, printed with its outermost slice: gid, the test (or grid-stride loop) that bounds it by
  // the product of the slices' extents, and every slice, innermost fastest: r_inner = gid % e_inner, the next =
  // gid / e_inner % e_next, the outermost = gid / (...).
  void emit_flat_index(UOp slice, int position) {
    if (slice != flat_.front()) return; // defined with the outermost one
    const bool wide = launch_.wide_index;
    const std::string it = wide ? "long long" : "int";
    std::vector<std::string> ext;
    for (UOp s : flat_)
      ext.push_back(wide ? fmt::format("(long long){}", ref(s.src(0))) : ref(s.src(0)));
    std::string total;
    for (size_t i = 0; i < ext.size(); ++i)
      total += (i ? " * " : "") + ext[i];
    const std::string tid =
        wide ? "(long long)blockIdx.x * blockDim.x + threadIdx.x" : "blockIdx.x * blockDim.x + threadIdx.x";
    if (launch_.grid_stride) {
      line("for ({} gid = {}; gid < {}; gid += ({})gridDim.x * blockDim.x) {{", it, tid, total, it);
    } else {
      line("const {} gid = {};", it, tid);
      line("if (gid < {}) {{", total);
    }
    ++depth_;
    std::string below;
    for (size_t k = flat_.size(); k-- > 0;) {
      const UOp s = flat_[k];
      const int at = k == 0 ? position : pos_.at(s.id());
      const std::string q = below.empty() ? "gid" : fmt::format("gid / ({})", below);
      const std::string v = k == 0 ? q : fmt::format("{} % {}", below.empty() ? "gid" : "(" + q + ")", ext[k]);
      line("const {} r{} = ({})({});", ctype(s.dtype()), at, ctype(s.dtype()), v);
      names_[s.id()] = fmt::format("r{}", at);
      below = below.empty() ? ext[k] : below + " * " + ext[k];
    }
  }

  void close_range(UOp r) {
    if (flat_slice(r) > 0) return; // the block of a thread's work closes with the outermost slice

    if (depth_ <= 1) throw Error("CUDA renderer: END closes a RANGE that is not open");
    --depth_;
    line("}}");
  }

  // ---- ALU ----

  std::string alu(UOp u) {
    const DType d = u.dtype();
    const Op op = u.op();
    switch (op) {
    case Op::CAST:
      return cast(u.src(0), d);
    case Op::BITCAST:
      return bitcast(u.src(0), d);
    case Op::WHERE:
      return fmt::format("{} ? {} : {}", ref(u.src(0)), ref(u.src(1)), ref(u.src(2)));
    case Op::CMPLT:
    case Op::CMPLE:
    case Op::CMPEQ:
    case Op::CMPNE: {
      // C's float <, <=, == are false on NaN and != is true: exactly the contract's ordered/unordered split.
      const char* sym = op == Op::CMPLT ? "<" : op == Op::CMPLE ? "<=" : op == Op::CMPEQ ? "==" : "!=";
      return fmt::format("{} {} {}", as_arith(u.src(0)), sym, as_arith(u.src(1)));
    }
    default:
      break;
    }
    if (d.is_float()) return from_float(d, float_alu(u));
    if (d.is_bool()) return bool_alu(u);
    if (d.is_int()) return int_alu(u);
    throw Error(fmt::format("CUDA renderer: {} on {}", op_name(op), d.name()));
  }

  // In float for the 16-bit types (rounded by the caller), else in the dtype itself.
  std::string float_alu(UOp u) {
    const bool dbl = u.dtype().scalar == Scalar::Float64;
    const std::string a = as_arith(u.src(0));
    const std::string b = u.num_src() > 1 ? as_arith(u.src(1)) : "";
    auto fn = [&](const char* name) { return fmt::format("{}{}({})", name, dbl ? "" : "f", a); };
    switch (u.op()) {
    case Op::NEG:
      return fmt::format("-({})", a);
    case Op::ADD:
      return fmt::format("{} + {}", a, b);
    case Op::SUB:
      return fmt::format("{} - {}", a, b);
    case Op::MUL:
      return fmt::format("{} * {}", a, b);
    case Op::FDIV:
      return fmt::format("{} / {}", a, b);
    case Op::RECIPROCAL:
      return fmt::format("{} / {}", dbl ? "1.0" : "1.0f", a);
    case Op::EXP2:
      return fn("exp2");
    case Op::LOG2:
      return fn("log2");
    case Op::SIN:
      return fn("sin");
    case Op::SQRT:
      return fn("sqrt");
    case Op::TRUNC:
      return fn("trunc");
    case Op::MAX:
    case Op::MIN:
      need_maxmin_ = true;
      return fmt::format("lmc_{}({}, {})", u.op() == Op::MAX ? "max" : "min", a, b);
    default:
      break;
    }
    throw Error(fmt::format("CUDA renderer: {} is not a float op ({})", op_name(u.op()), u.dtype().name()));
  }

  // bool arithmetic as the LLVM renderer does it on i1: ADD/OR/MAX are or, MUL/AND/MIN are and, SUB/XOR are xor.
  std::string bool_alu(UOp u) {
    const std::string a = ref(u.src(0));
    const std::string b = u.num_src() > 1 ? ref(u.src(1)) : "";
    switch (u.op()) {
    case Op::NEG:
      return fmt::format("!{}", a);
    case Op::ADD:
    case Op::OR:
    case Op::MAX:
      return fmt::format("{} || {}", a, b);
    case Op::MUL:
    case Op::AND:
    case Op::MIN:
      return fmt::format("{} && {}", a, b);
    case Op::SUB:
    case Op::XOR:
      return fmt::format("{} != {}", a, b);
    case Op::CDIV:
      return a; // divisors are nonzero, so the divisor is true
    case Op::CMOD:
      return "false";
    case Op::SHL:
    case Op::SHR:
      return fmt::format("(bool)({} {} {})", a, u.op() == Op::SHL ? "<<" : ">>", b);
    default:
      break;
    }
    throw Error(fmt::format("CUDA renderer: {} is not a bool op", op_name(u.op())));
  }

  std::string int_alu(UOp u) {
    const DType d = u.dtype();
    const std::string t = ctype(d), w = wrap_type(d);
    const std::string a = ref(u.src(0));
    const std::string b = u.num_src() > 1 ? ref(u.src(1)) : "";
    // Signed address math stays signed (see find_stored_params); other add/sub/mul/neg/shl wrap via unsigned, which
    // also keeps 16-bit products from overflowing the int they are promoted to.
    const bool plain = address_math_.contains(u.id()) && d.is_signed() && d.bits() >= 32;
    auto wrapped = [&](const char* sym) {
      if (plain) return fmt::format("{} {} {}", a, sym, b);
      return fmt::format("({})(({}){} {} ({}){})", t, w, a, sym, w, b);
    };
    switch (u.op()) {
    case Op::NEG:
      return plain ? fmt::format("-{}", a) : fmt::format("({})(0u - ({}){})", t, w, a);
    case Op::ADD:
      return wrapped("+");
    case Op::SUB:
      return wrapped("-");
    case Op::MUL:
      return wrapped("*");
    case Op::CDIV:
      return fmt::format("({})({} / {})", t, a, b);
    case Op::CMOD:
      return fmt::format("({})({} % {})", t, a, b);
    case Op::AND:
      return fmt::format("({})({} & {})", t, a, b);
    case Op::OR:
      return fmt::format("({})({} | {})", t, a, b);
    case Op::XOR:
      return fmt::format("({})({} ^ {})", t, a, b);
    case Op::MAX:
      return fmt::format("{} > {} ? {} : {}", a, b, a, b);
    case Op::MIN:
      return fmt::format("{} < {} ? {} : {}", a, b, a, b);
    case Op::SHL:
      return fmt::format("({})(({}){} << {})", t, w, a, b);
    case Op::SHR:
      // Arithmetic on signed dtypes (C's >> of a negative value is arithmetic in NVCC), logical on unsigned.
      return fmt::format("({})({} >> {})", t, a, b);
    case Op::POPCOUNT:
    case Op::CTZ: {
      // Counted on the dtype's own bits (through its unsigned type, so a negative int16 is 16 bits, not 32).
      const bool wide = d.bits() > 32;
      const std::string bits = fmt::format("({})({}){}", wide ? "unsigned long long" : "unsigned", w, a);
      if (u.op() == Op::POPCOUNT) return fmt::format("({}){}({})", t, wide ? "__popcll" : "__popc", bits);
      return fmt::format("({})({} == 0 ? {} : {}(({}){}) - 1)", t, bits, d.bits(), wide ? "__ffsll" : "__ffs",
                         wide ? "long long" : "int", bits);
    }
    default:
      break;
    }
    throw Error(fmt::format("CUDA renderer: {} is not an integer op ({})", op_name(u.op()), d.name()));
  }

  // Through an unsigned integer of the same width: the CUDA bit-reinterpreting intrinsics for floats, C's modular
  // conversions for integers (no type punning through memory, which C++ leaves undefined).
  std::string bitcast(UOp x, DType to) {
    const DType from = x.dtype();
    if (from.itemsize() != to.itemsize())
      throw Error(fmt::format("CUDA renderer: BITCAST {} -> {} changes the size", from.name(), to.name()));
    note_type(from);
    note_type(to);
    const std::string v = ref(x);
    std::string bits;
    switch (from.scalar) {
    case Scalar::Float16:
      bits = fmt::format("__half_as_ushort({})", v);
      break;
    case Scalar::BFloat16:
      bits = fmt::format("__bfloat16_as_ushort({})", v);
      break;
    case Scalar::Float32:
      bits = fmt::format("__float_as_uint({})", v);
      break;
    case Scalar::Float64:
      bits = fmt::format("(unsigned long long)__double_as_longlong({})", v);
      break;
    default:
      bits = v;
      break;
    }
    switch (to.scalar) {
    case Scalar::Float16:
      return fmt::format("__ushort_as_half((unsigned short)({}))", bits);
    case Scalar::BFloat16:
      return fmt::format("__ushort_as_bfloat16((unsigned short)({}))", bits);
    case Scalar::Float32:
      return fmt::format("__uint_as_float((unsigned int)({}))", bits);
    case Scalar::Float64:
      return fmt::format("__longlong_as_double((long long)({}))", bits);
    default:
      return fmt::format("({})({})", ctype(to), bits);
    }
  }

  std::string cast(UOp x, DType to) {
    const DType from = x.dtype();
    note_type(from);
    note_type(to);
    const std::string v = ref(x);
    if (from == to) return v;
    if (to.is_bool()) return fmt::format("{} != {}", as_arith(x), from.is_float() ? "0.0f" : "0");
    if (to.scalar == Scalar::Float16 || to.scalar == Scalar::BFloat16) {
      const bool h = to.scalar == Scalar::Float16;
      if (from.is_float() && from.scalar != Scalar::Float64)
        return from_float(to, as_arith(x)); // float, or the other 16-bit type exactly widened to float first
      if (from.scalar == Scalar::Float64) return fmt::format("{}({})", h ? "__double2half" : "__double2bfloat16", v);
      // Integers convert in one rounding step (through float could round twice).
      const char* fn = nullptr;
      if (from.bits() == 64)
        fn = from.is_unsigned() ? (h ? "__ull2half_rn" : "__ull2bfloat16_rn")
                                : (h ? "__ll2half_rn" : "__ll2bfloat16_rn");
      else if (from.is_unsigned())
        fn = h ? "__uint2half_rn" : "__uint2bfloat16_rn";
      else
        fn = h ? "__int2half_rn" : "__int2bfloat16_rn";
      return fmt::format("{}({})", fn, v);
    }
    // From a 16-bit float: widen exactly to float first; C's conversion then truncates toward zero for ints.
    return fmt::format("({}){}", ctype(to), as_arith(x));
  }
};

} // namespace

CudaKernelSource render_cuda(const FlatThreadProgram& program, const CudaTarget& target) {
  return Renderer(program, target).run();
}

CudaKernelSource render_cuda(const LinearProgram& program, const CudaTarget& target) {
  return render_cuda(flatten_threads(program, target), target);
}

} // namespace lmc
