#include "codegen/opt/gemm.hpp"

#include "codegen/opt/matmul_match.hpp"

#include <fmt/format.h>
#include <variant>

namespace lmc {

const GemmConfig& MmaSpec::gemm_tile() const {
  if (engine != MatmulEngine::CudaCores) throw Error("MMA: a tensor-core matmul has no CUDA-core tile");
  return kGemmConfigs.at(config);
}

namespace {

bool is_float32(DType d) {
  return d == float32;
}

constexpr MatmulRules kGemmRules{"GEMM", is_float32, "float32 inputs", is_float32, "float32"};

std::string target_reason(std::span<const Opt> applied, const OptTarget& target) {
  if (!target.gpu) return "GEMM is a CUDA schedule (thread blocks, shared memory); this target is a CPU";
  for (const Opt& o : applied) {
    if (o.op == OptOp::GEMM) return "GEMM is already applied";
    if (o.op == OptOp::NOLOCALS) return "NOLOCALS forbids the thread blocks GEMM runs on";
  }
  if (!applied.empty()) return "GEMM must be the first opt: it replaces the kernel's loops";
  return {};
}

std::string config_reason(const Opt& opt, const OptTarget& target) {
  if (opt.amount < 0 || opt.amount >= static_cast<int>(kGemmConfigs.size()))
    return fmt::format("GEMM's amount picks a tile config 0..{}; got {}", kGemmConfigs.size() - 1, opt.amount);
  const GemmConfig& t = kGemmConfigs[opt.amount];
  if (t.threads() > target.max_local_threads)
    return fmt::format("the tile needs {} threads per block (limit {})", t.threads(), target.max_local_threads);
  if (t.smem_bytes() > target.shared_bytes)
    return fmt::format("the tile needs {} bytes of shared memory (limit {})", t.smem_bytes(), target.shared_bytes);
  return {};
}

} // namespace

UOp apply_gemm(UOp ast, const Opt& opt, std::span<const Opt> applied, const OptTarget& target) {
  if (std::string why = target_reason(applied, target); !why.empty()) throw IllegalOpt(opt, why);
  const auto m = match_matmul(ast, kGemmRules);
  if (auto* why = std::get_if<std::string>(&m)) throw IllegalOpt(opt, *why);
  const MatmulMatch& mm = std::get<MatmulMatch>(m);
  if (opt.axis != reduce_axis_index(ast))
    throw IllegalOpt(opt,
                     fmt::format("GEMM's axis names the reduce axis ({}); got {}", reduce_axis_index(ast), opt.axis));
  if (std::string why = config_reason(opt, target); !why.empty()) throw IllegalOpt(opt, why);
  MmaSpec spec = mm.spec;
  spec.config = opt.amount;
  spec.engine = MatmulEngine::CudaCores;
  const UOp mma = UOp::make(Op::TILED_MATMUL, void_, {mm.c, mm.a, mm.b}, spec.encode());
  return UOp::make(Op::SINK, void_, {mma}, ast.arg());
}

std::vector<Opt> gemm_candidates(const ScheduledKernel& kernel, std::span<const Opt> applied, const OptTarget& target) {
  if (!target_reason(applied, target).empty()) return {};
  if (!std::holds_alternative<MatmulMatch>(match_matmul(kernel.ast, kGemmRules))) return {};
  const int axis = reduce_axis_index(kernel.ast);
  std::vector<Opt> out;
  for (int c = 0; c < static_cast<int>(kGemmConfigs.size()); ++c)
    if (config_reason({OptOp::GEMM, axis, c}, target).empty()) out.push_back({OptOp::GEMM, axis, c});
  return out;
}

std::optional<std::vector<Opt>> gemm_heuristic_opts(const ScheduledKernel& kernel, const OptTarget& target) {
  if (!target_reason({}, target).empty()) return std::nullopt;
  const auto m = match_matmul(kernel.ast, kGemmRules);
  if (!std::holds_alternative<MatmulMatch>(m)) return std::nullopt;
  const MmaSpec& s = std::get<MatmulMatch>(m).spec;
  // Small or skinny products (matrix-vector, the LM's 3x3 rotations) are memory-bound: the usual register-tile
  // heuristics serve them better than a block tile that would be mostly padding.
  if (s.m < 32 || s.n < 32 || s.k < 16) return std::nullopt;
  // Enough big tiles to give each of ~132 SMs two blocks; otherwise smaller tiles keep the SMs busy. Below that the
  // GPU is mostly idle whatever the schedule, and the register-tile rules cost no shared memory or barriers.
  const int64_t batches = s.batches();
  const int64_t big_tiles = (s.m + 127) / 128 * ((s.n + 127) / 128) * batches;
  const int64_t mid_tiles = (s.m + 63) / 64 * ((s.n + 63) / 64) * batches;
  if (mid_tiles < 128) return std::nullopt;
  const int config = big_tiles >= 256 ? 0 : 6;
  std::vector<Opt> opts{{OptOp::GEMM, reduce_axis_index(kernel.ast), config}};
  try {
    apply_opts(kernel, opts, target);
  } catch (const IllegalOpt&) {
    return std::nullopt;
  }
  return opts;
}

} // namespace lmc
