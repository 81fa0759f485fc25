// Kernel replay: a corpus of tensor programs whose generated CUDA C is kept in tests/codegen/corpus/. A change meant
// to alter no kernel shows zero diffs; a change that does alter kernels shows exactly which, and the diff is reviewed
// and committed with it (LMC_UPDATE_CORPUS=1 rewrites the files). CUDA C is the kept form because it is the same on
// every machine (LLVM IR carries the host's target features). Each program is kept unoptimized and with the GPU
// heuristics' opts.
#include "codegen/lower.hpp"
#include "codegen/opt/opt.hpp"
#include "codegen/render/cuda.hpp"
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

struct CorpusProgram {
  std::string name;
  std::function<std::vector<UOp>()> roots;
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
  };
}

std::string render_all(const CorpusProgram& p) {
  std::ostringstream out;
  Schedule s = schedule(p.roots(), "CPU");
  for (const ScheduledKernel& k : s.kernels)
    for (bool optimized : {false, true}) {
      const OptTarget target = OptTarget::cuda(90);
      const std::vector<Opt> opts = optimized ? heuristic_opts(k, target) : std::vector<Opt>{};
      const LinearProgram prog = lower(apply_opts(k, opts, target));
      out << "// ==== " << k.name << " opts " << opts_str(opts) << "\n" << render_cuda(prog).source << "\n";
    }
  return out.str();
}

TEST(KernelCorpus, GeneratedCudaMatchesTheKeptSources) {
  const std::string dir = LMC_CORPUS_DIR;
  const bool update = std::getenv("LMC_UPDATE_CORPUS") != nullptr;
  for (const CorpusProgram& p : corpus()) {
    const std::string path = dir + "/" + p.name + ".cu", got = render_all(p);
    if (update) {
      std::ofstream(path, std::ios::binary) << got;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "no kept source " << path << " (run with LMC_UPDATE_CORPUS=1 to write it)";
    std::stringstream want;
    want << in.rdbuf();
    EXPECT_EQ(got, want.str()) << p.name << ": the generated CUDA changed; review the diff and, if intended, rerun "
                               << "with LMC_UPDATE_CORPUS=1 and commit " << path;
  }
}

} // namespace
} // namespace lmc
