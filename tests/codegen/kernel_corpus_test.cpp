// Kernel replay: a corpus of tensor programs whose generated CUDA C is kept in tests/codegen/corpus/. A change meant
// to alter no kernel shows zero diffs; a change that does alter kernels shows exactly which, and the diff is reviewed
// and committed with it (LMC_UPDATE_CORPUS=1 rewrites the files). CUDA C is the main kept form because it is the same
// on every machine; the LLVM IR programs keep the renderer's module text, which names no target (the JIT adds the
// host's features when it compiles). Each CUDA program is kept unoptimized, with the sm_90 heuristics' opts, and with
// any opt lists it pins itself, so a lowering path (register tiles, grouped reduces) stays covered when the
// heuristics change what they pick.
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
#include "codegen/render/llvm_ir.hpp"
#include "codegen/schedule.hpp"
#include "ir/ir.hpp"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <sstream>

namespace lmc {
namespace {

UOp buffer(Shape shape, DType dtype = float32) {
  UOp b = UOp::make(Op::BUFFER, dtype, {}, BufferArg{next_buffer_id(), shape_numel(shape), "CPU"});
  return UOp::make(Op::RESHAPE, dtype, {b}, IntList(shape.begin(), shape.end()));
}
UOp reduce(UOp x, Op op, std::vector<int32_t> axes) {
  return UOp::make(Op::REDUCE, x.dtype(), {x}, ReduceArg{op, axes});
}
UOp expand(UOp x, Shape to) {
  return UOp::make(Op::EXPAND, x.dtype(), {x}, IntList(to.begin(), to.end()));
}
UOp permute(UOp x, IntList order) {
  return UOp::make(Op::PERMUTE, x.dtype(), {x}, order);
}

UOp cast(UOp x, DType to) {
  return UOp::make(Op::CAST, to, {x});
}

// out[m, n] = sum_k a[m, k] * b[k, n], with both inputs read as `in` and widened to float32 when narrower.
UOp matmul(int64_t m, int64_t k, int64_t n, DType in) {
  UOp a = buffer({m, k, 1}, in), b = buffer({1, k, n}, in);
  if (in != float32) {
    a = cast(a, float32);
    b = cast(b, float32);
  }
  UOp prod = UOp::alu(Op::MUL, {expand(a, {m, k, n}), expand(b, {m, k, n})});
  return reduce(prod, Op::ADD, {1});
}

// The squared distance from each of h queries to each of n points in 3-d: the K-NN's value.
UOp squared_distances(int64_t h, int64_t n) {
  UOp q = buffer({h, 1, 3}), p = buffer({1, n, 3});
  UOp diff = UOp::alu(Op::SUB, {expand(q, {h, n, 3}), expand(p, {h, n, 3})});
  return UOp::make(Op::RESHAPE, float32, {reduce(UOp::alu(Op::MUL, {diff, diff}), Op::ADD, {2})}, IntList{h, n});
}

enum class Kept { Cuda, LlvmIr };

struct CorpusProgram {
  std::string name;
  std::function<std::vector<UOp>()> roots;
  std::vector<std::vector<Opt>> pinned_opts = {}; // rendered besides none and the heuristics' (every kernel takes them)
  Kept kept = Kept::Cuda;
};

std::vector<CorpusProgram> corpus() {
  return {
      {"elementwise_fma",
       [] {
         return std::vector<UOp>{
             UOp::alu(Op::ADD, {UOp::alu(Op::MUL, {buffer({1000}), buffer({1000})}), buffer({1000})})};
       }},
      {"row_sum",
       [] {
         return std::vector<UOp>{reduce(buffer({37, 300}), Op::ADD, {1})};
       }},
      {"col_sum",
       [] {
         return std::vector<UOp>{reduce(buffer({300, 64}), Op::ADD, {0})};
       }},
      {"row_max_of_padded",
       [] {
         UOp p = UOp::make(Op::PAD, float32, {buffer({20, 50})}, PairList{{0, 0}, {3, 4}});
         return std::vector<UOp>{reduce(p, Op::MAX, {1})};
       }},
      {"matmul",
       [] {
         UOp a = buffer({64, 48, 1}), b = buffer({1, 48, 96});
         UOp prod = UOp::alu(Op::MUL, {expand(a, {64, 48, 96}), expand(b, {64, 48, 96})});
         return std::vector<UOp>{reduce(prod, Op::ADD, {1})};
       }},
      {"sum_of_permuted",
       [] {
         return std::vector<UOp>{reduce(permute(buffer({12, 18, 20}), {1, 0, 2}), Op::ADD, {0, 2})};
       }},
      {"knn_topk",
       [] {
         const int64_t H = 37, N = 53, K = 5;
         UOp q = buffer({H, 1, 3}), p = buffer({1, N, 3});
         UOp diff = UOp::alu(Op::SUB, {expand(q, {H, N, 3}), expand(p, {H, N, 3})});
         UOp d =
             UOp::make(Op::RESHAPE, float32, {reduce(UOp::alu(Op::MUL, {diff, diff}), Op::ADD, {2})}, IntList{H, N});
         return std::vector<UOp>{UOp::make(Op::TOPK, float32, {d}, TopkArg{K, 1, false, false}),
                                 UOp::make(Op::TOPK, int32, {d}, TopkArg{K, 1, false, true})};
       }},
      // Radius-limited K-NN: the slots start at the bound, so every element takes one compare before the chain.
      {"knn_topk_bounded",
       [] {
         const UOp d = squared_distances(41, 67);
         return std::vector<UOp>{UOp::make(Op::TOPK, float32, {d}, TopkArg{4, 1, false, false, true, 0.25}),
                                 UOp::make(Op::TOPK, int32, {d}, TopkArg{4, 1, false, true, true, 0.25})};
       }},
      // A reduce inside a register tile: one accumulator per tile element, the reduce loop outside the tile.
      {"matmul_register_tiled",
       [] { return std::vector<UOp>{matmul(64, 48, 96, float32)}; },
       {{{OptOp::UPCAST, 0, 4}, {OptOp::UPCAST, 1, 4}}, {{OptOp::UPCAST, 1, 4}, {OptOp::UNROLL, 2, 4}}}},
      // A reduce of where(c, x, 0) whose c is partly the same for the whole row: its loop runs under IF(that part).
      {"row_sum_gated",
       [] {
         const UOp x = buffer({40, 70});
         const UOp live = expand(buffer({40, 1}, bool_), {40, 70});
         const UOp positive = UOp::alu(
             Op::CMPLT, {UOp::make(Op::EXPAND, float32,
                                   {UOp::make(Op::RESHAPE, float32, {UOp::constant(float32, 0.0)}, IntList{1, 1})},
                                   IntList{40, 70}),
                         x});
         const UOp zero = UOp::make(Op::EXPAND, float32,
                                    {UOp::make(Op::RESHAPE, float32, {UOp::constant(float32, 0.0)}, IntList{1, 1})},
                                    IntList{40, 70});
         return std::vector<UOp>{
             reduce(UOp::alu(Op::WHERE, {UOp::alu(Op::AND, {live, positive}), x, zero}), Op::ADD, {1})};
       },
       {{{OptOp::UPCAST, 0, 4}}}},
      // A reduce in a reduce's value: the inner loop nest sits inside the outer one.
      {"max_of_row_sums",
       [] {
         return std::vector<UOp>{reduce(reduce(buffer({20, 30, 40}), Op::ADD, {2}), Op::MAX, {1})};
       }},
      // A reduce in a top-k's value (12 terms, too many to expand): each selection phase has its own loop.
      {"knn_topk_12d",
       [] {
         const int64_t H = 23, N = 31, D = 12;
         UOp q = buffer({H, 1, D}), p = buffer({1, N, D});
         UOp diff = UOp::alu(Op::SUB, {expand(q, {H, N, D}), expand(p, {H, N, D})});
         UOp d =
             UOp::make(Op::RESHAPE, float32, {reduce(UOp::alu(Op::MUL, {diff, diff}), Op::ADD, {2})}, IntList{H, N});
         return std::vector<UOp>{UOp::make(Op::TOPK, int32, {d}, TopkArg{3, 1, false, true})};
       }},
      // Grouped reduces: partials through shared memory, then a second reduce over the group.
      {"row_sum_grouped",
       [] {
         return std::vector<UOp>{reduce(buffer({128, 500}), Op::ADD, {1})};
       },
       {{{OptOp::GROUP, 1, 20}}, {{OptOp::GROUPTOP, 1, 25}, {OptOp::LOCAL, 0, 4}}}},
      // Tensor cores: float16 inputs summed in float32; sm_90's heuristics pick a wgmma tile at this size, and the
      // pinned list an mma.sync one.
      {"matmul_tc", [] { return std::vector<UOp>{matmul(2048, 256, 2048, float16)}; }, {{{OptOp::TC, 2, 3}}}},
      // CUDA cores: a float32 matmul large enough for the block-tiled GEMM.
      {"matmul_gemm", [] { return std::vector<UOp>{matmul(1024, 256, 1024, float32)}; }},
      // A top-k in a register tile: 4 queries per thread, 4 insertion chains per point in the one selection loop.
      {"knn_topk_upcast",
       [] {
         const UOp d = squared_distances(36, 53);
         return std::vector<UOp>{UOp::make(Op::TOPK, float32, {d}, TopkArg{5, 1, false, false}),
                                 UOp::make(Op::TOPK, int32, {d}, TopkArg{5, 1, false, true})};
       },
       {{{OptOp::UPCAST, 0, 4}}}},
      // One LLVM IR program: a K-NN (gated selection loop, accumulators, the parallel range) as the CPU runs it.
      {"knn_topk_llvm",
       [] {
         return std::vector<UOp>{UOp::make(Op::TOPK, int32, {squared_distances(20, 29)}, TopkArg{3, 1, false, true})};
       },
       {},
       Kept::LlvmIr},
      // The CPU's tiled K-NN: the heuristics take 8 queries per iteration of a radius-limited selection over 80 points.
      {"knn_topk_upcast_llvm",
       [] {
         const UOp d = squared_distances(16, 80);
         return std::vector<UOp>{UOp::make(Op::TOPK, int32, {d}, TopkArg{3, 1, false, true, true, 0.5})};
       },
       {},
       Kept::LlvmIr},
  };
}

std::string render_all(const CorpusProgram& p) {
  std::ostringstream out;
  Schedule s = schedule(p.roots(), "CPU");
  // The LLVM IR programs are kept for a fixed 4-thread CPU, so the THREAD opt does not follow the host's cores.
  const OptTarget target = p.kept == Kept::Cuda ? OptTarget::cuda(90) : OptTarget::cpu(4);
  for (const ScheduledKernel& k : s.kernels) {
    std::vector<std::vector<Opt>> opt_lists{{}, heuristic_opts(k, target)};
    opt_lists.insert(opt_lists.end(), p.pinned_opts.begin(), p.pinned_opts.end());
    for (const std::vector<Opt>& opts : opt_lists) {
      const LinearProgram prog = lower(apply_opts(k, opts, target));
      const std::string text = p.kept == Kept::Cuda ? render_cuda(prog).source : render_llvm_ir(prog);
      out << (p.kept == Kept::Cuda ? "// " : "; ") << "==== " << k.name << " opts " << opts_str(opts) << "\n"
          << text << "\n";
    }
  }
  return out.str();
}

TEST(KernelCorpus, GeneratedCudaMatchesTheKeptSources) {
  const std::string dir = LMC_CORPUS_DIR;
  const bool update = std::getenv("LMC_UPDATE_CORPUS") != nullptr;
  for (const CorpusProgram& p : corpus()) {
    const std::string path = dir + "/" + p.name + (p.kept == Kept::Cuda ? ".cu" : ".ll"), got = render_all(p);
    if (update) {
      std::ofstream(path, std::ios::binary) << got;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "no kept source " << path << " (run with LMC_UPDATE_CORPUS=1 to write it)";
    std::stringstream want;
    want << in.rdbuf();
    EXPECT_EQ(got, want.str()) << p.name << ": the generated code changed; review the diff and, if intended, rerun "
                               << "with LMC_UPDATE_CORPUS=1 and commit " << path;
  }
}

} // namespace
} // namespace lmc
