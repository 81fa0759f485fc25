// What a whole-kernel matmul node (Op::TILED_MATMUL) computes and how it addresses its operands. Its own file because
// two opts produce the node — TC (tensor cores, tc.hpp) and GEMM (CUDA cores, gemm.hpp) — and the renderers and the
// matcher (matmul_match.hpp) read it without depending on either opt.
#pragma once
#include "ir/uop.hpp"

#include <cstdint>
#include <vector>

namespace lmc {

struct TcConfig;
struct GemmConfig;

// One operand's addressing: element offset plus a stride per matmul axis (A: m, k; B: k, n; C: m, n).
struct MmaOperand {
  int64_t offset = 0;
  int64_t stride0 = 0, stride1 = 0;
};
// A batch axis (an output axis that is neither M nor N): its extent and the stride it adds to each operand.
struct MmaBatch {
  int64_t extent = 1;
  int64_t a = 0, b = 0, c = 0;
};

// Which units run the node: tensor cores (config indexes kTcConfigs) or CUDA cores (config indexes kGemmConfigs).
enum class MatmulEngine : int64_t { TensorCores = 0, CudaCores = 1 };

// C[b, m, n] = sum_k A[b, m, k] * B[b, k, n], products and sums in float32, C rounded to its buffer's dtype. The MMA
// node's sources are the PARAMs of C, A and B; this spec is its argument (an int list, see encode/decode).
struct MmaSpec {
  int64_t m = 0, n = 0, k = 0;
  int config = 0;
  MatmulEngine engine = MatmulEngine::TensorCores;
  MmaOperand a, b, c;
  std::vector<MmaBatch> batch;
  IntList encode() const;
  // Throws lmc::Error for a malformed list or a config the engine's table does not have.
  static MmaSpec decode(const IntList& arg);
  const TcConfig& tile() const;        // engine TensorCores (defined in tc.cpp)
  const GemmConfig& gemm_tile() const; // engine CudaCores (defined in gemm.cpp)
  int64_t batches() const;             // the product of the batch extents
};

} // namespace lmc
