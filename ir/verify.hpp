// The per-stage verifier: rejects a malformed graph with an lmc::Error naming the node and the rule it breaks.
// Passes call it at entry and exit; it is the contract each stage promises the next.
#pragma once
#include "ir/uop.hpp"

#include <span>

namespace lmc {

enum class Stage {
  Tensor, // frontend graphs: movement ops, BUFFER, REDUCE over axes; no ranges or memory ops
  Kernel, // one SINK of STOREs over RANGEs; no movement ops or tensor buffers
  Linear, // a kernel's ops in execution order; reduces lowered, every source defined before use
};
const char* stage_name(Stage stage);

void verify(UOp root, Stage stage);
void verify_linear(std::span<const UOp> program);

} // namespace lmc
