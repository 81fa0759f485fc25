// TC: a kernel that stores sum_k x[..] * y[..] (x, y float16/bfloat16 loads widened to float32, addresses affine in
// the ranges; see matmul_match.hpp) becomes one TILED_MATMUL node on tensor cores.
#include "codegen/opt/tc.hpp"

#include "codegen/opt/matmul_match.hpp"

#include <fmt/format.h>
#include <variant>

namespace lmc {

const TcConfig& MmaSpec::tile() const {
  if (engine != MatmulEngine::TensorCores) throw Error("MMA: a CUDA-core matmul has no tensor-core tile");
  return kTcConfigs.at(config);
}

namespace {

bool is_16bit_float(DType d) {
  return d == float16 || d == bfloat16;
}

bool is_tc_output(DType d) {
  return d == float32 || is_16bit_float(d);
}

constexpr MatmulRules kTcRules{"TC", is_16bit_float, "float16 or bfloat16 inputs widened to float32", is_tc_output,
                               "float32, float16 or bfloat16"};

std::string target_reason(std::span<const Opt> applied, const OptTarget& target) {
  if (!target.gpu) return "TC needs a CUDA GPU with tensor cores; this target is a CPU";
  if (target.sm < 80)
    return fmt::format("TC needs sm_80 or newer (bf16/f16 mma.sync, cp.async); the target is sm_{}", target.sm);
  for (const Opt& o : applied) {
    if (o.op == OptOp::TC) return "TC is already applied";
    if (o.op == OptOp::NOLOCALS) return "NOLOCALS forbids the thread blocks TC runs on";
  }
  if (!applied.empty()) return "TC must be the first opt: it replaces the kernel's loops";
  return {};
}

std::string config_reason(const Opt& opt, const OptTarget& target, int elem_bytes) {
  if (opt.amount < 0 || opt.amount >= static_cast<int>(kTcConfigs.size()))
    return fmt::format("TC's amount picks a tile config 0..{}; got {}", kTcConfigs.size() - 1, opt.amount);
  const TcConfig& t = kTcConfigs[opt.amount];
  if (t.wgmma && target.sm != 90)
    return fmt::format("the tile uses wgmma, which only sm_90 has (target sm_{})", target.sm);
  if (t.threads() > target.max_local_threads)
    return fmt::format("the tile needs {} threads per block (limit {})", t.threads(), target.max_local_threads);
  if (t.smem_bytes(elem_bytes) > target.dynamic_shared_bytes)
    return fmt::format("the tile needs {} bytes of shared memory (limit {})", t.smem_bytes(elem_bytes),
                       target.dynamic_shared_bytes);
  return {};
}

} // namespace

UOp apply_tc(UOp ast, const Opt& opt, std::span<const Opt> applied, const OptTarget& target) {
  if (std::string why = target_reason(applied, target); !why.empty()) throw IllegalOpt(opt, why);
  const auto m = match_matmul(ast, kTcRules);
  if (auto* why = std::get_if<std::string>(&m)) throw IllegalOpt(opt, *why);
  const MatmulMatch& mm = std::get<MatmulMatch>(m);
  if (opt.axis != reduce_axis_index(ast))
    throw IllegalOpt(opt,
                     fmt::format("TC's axis names the reduce axis ({}); got {}", reduce_axis_index(ast), opt.axis));
  if (std::string why = config_reason(opt, target, mm.a.dtype().pointee().itemsize()); !why.empty())
    throw IllegalOpt(opt, why);
  MmaSpec spec = mm.spec;
  spec.config = opt.amount;
  const UOp mma = UOp::make(Op::TILED_MATMUL, void_, {mm.c, mm.a, mm.b}, spec.encode());
  return UOp::make(Op::SINK, void_, {mma}, ast.arg());
}

std::vector<Opt> tc_candidates(const ScheduledKernel& kernel, std::span<const Opt> applied, const OptTarget& target) {
  if (!target_reason(applied, target).empty()) return {};
  const auto m = match_matmul(kernel.ast, kTcRules);
  if (!std::holds_alternative<MatmulMatch>(m)) return {};
  const int axis = reduce_axis_index(kernel.ast);
  const int bytes = std::get<MatmulMatch>(m).a.dtype().pointee().itemsize();
  std::vector<Opt> out;
  for (int c = 0; c < static_cast<int>(kTcConfigs.size()); ++c)
    if (config_reason({OptOp::TC, axis, c}, target, bytes).empty()) out.push_back({OptOp::TC, axis, c});
  return out;
}

std::optional<std::vector<Opt>> tc_heuristic_opts(const ScheduledKernel& kernel, const OptTarget& target) {
  if (!target_reason({}, target).empty()) return std::nullopt;
  const auto m = match_matmul(kernel.ast, kTcRules);
  if (!std::holds_alternative<MatmulMatch>(m)) return std::nullopt;
  const MmaSpec& s = std::get<MatmulMatch>(m).spec;
  // Below one fragment per axis the tile is mostly zero padding.
  if (s.m < 16 || s.n < 16 || s.k < 16) return std::nullopt;
  const int64_t batches = s.batches();
  // Enough big tiles to give each of ~132 SMs one: the biggest (on sm_90 the wgmma 128x256, the fastest on an H200
  // at 4096^3; elsewhere mma.sync 128x128); otherwise smaller tiles keep the SMs busy.
  const bool wgmma = target.sm == 90;
  const int64_t wide_tiles = (s.m + 127) / 128 * ((s.n + 255) / 256) * batches;
  const int64_t big_tiles = (s.m + 127) / 128 * ((s.n + 127) / 128) * batches;
  const int64_t mid_tiles = (s.m + 63) / 64 * ((s.n + 63) / 64) * batches;
  int config = mid_tiles >= 64 ? 6 : 7;
  if (big_tiles >= 128) config = wgmma ? 1 : 3;
  if (wide_tiles >= 128 && wgmma) config = 0;
  const Opt opt{OptOp::TC, reduce_axis_index(kernel.ast), config};
  std::vector<Opt> opts{opt};
  try {
    apply_opts(kernel, opts, target);
  } catch (const IllegalOpt&) {
    return std::nullopt;
  }
  return opts;
}

} // namespace lmc
