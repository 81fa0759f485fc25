// Recognising a matmul-shaped kernel: one store of sum_k x[..] * y[..] where x and y are loads (possibly widened to
// float32) with addresses affine in the ranges. The axes' roles come from the address coefficients: an output axis
// only x walks is M, one only y walks is N, the others are batch axes; the reduce axis must be walked by both. Its own
// file because TC and GEMM share it and differ only in which dtypes they accept.
#pragma once
#include "codegen/opt/matmul_spec.hpp"

#include <string>
#include <variant>

namespace lmc {

struct MatmulMatch {
  MmaSpec spec; // config and engine left at their defaults
  UOp c, a, b;  // the PARAMs
};

// What an opt accepts; `opt` names it in every reason ("TC needs ...").
struct MatmulRules {
  const char* opt;
  bool (*input_ok)(DType);  // the inputs' element dtype (before any widening to float32)
  const char* inputs;       // the accepted inputs in words, for the reason
  bool (*output_ok)(DType); // the stored dtype
  const char* outputs;
};

// The matmul, or why the kernel is not one these rules accept.
std::variant<MatmulMatch, std::string> match_matmul(UOp ast, const MatmulRules& rules);

// The index of the kernel's (first) reduce axis in kernel_axes() order; -1 when it has none.
int reduce_axis_index(UOp ast);

} // namespace lmc
