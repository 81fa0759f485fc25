// The reference semantics of integer and boolean ALU ops, exact per dtype: two's-complement wrap-around,
// floor vs truncating division, shifts. Constant folding, the fuzzer's concrete replay and the tests all
// use this one definition.
#pragma once
#include "ir/uop.hpp"

#include <optional>
#include <span>
#include <string>
#include <unordered_map>

namespace lmc {

// Result of `op` on integral constants of `dtype` (comparisons: the operands' dtype, result bool).
// nullopt when undefined: division or modulo by zero, a shift by a negative amount or by >= the bit width.
std::optional<int64_t> eval_int_alu(Op op, DType dtype, std::span<const int64_t> src);

// Evaluates an integer/bool graph with values for its DEFINE_VARs (by name); nullopt when any step is undefined.
std::optional<int64_t> evaluate(UOp root, const std::unordered_map<std::string, int64_t>& vars);

} // namespace lmc
