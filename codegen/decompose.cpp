// Floor div/mod lowering rules. The general forms adjust the truncated quotient by one when the remainder is
// nonzero and its sign differs from the divisor's.
#include "codegen/decompose.hpp"

namespace lmc {

namespace {
using namespace rw;
const Pat x = Pat::ivar("x");
const Pat y = Pat::ivar("y");

// Where floor and truncating division disagree: a nonzero remainder whose sign differs from the divisor's.
UOp needs_adjust(UOp rem, UOp divisor) {
  UOp zero = UOp::constant(rem.dtype(), int64_t{0});
  UOp nonzero = UOp::alu(Op::CMPNE, {rem, zero});
  UOp signs_differ = UOp::alu(Op::CMPNE, {rem.lt(zero), divisor.lt(zero)});
  return UOp::alu(Op::AND, {nonzero, signs_differ});
}

std::optional<UOp> fold_general_floordiv(const Match& m) {
  UOp a = m.at(x.slot()), b = m.at(y.slot());
  UOp q = UOp::alu(Op::CDIV, {a, b});
  UOp adjust = needs_adjust(UOp::alu(Op::CMOD, {a, b}), b);
  return UOp::alu(Op::WHERE, {adjust, q - 1, q});
}

std::optional<UOp> fold_general_floormod(const Match& m) {
  UOp a = m.at(x.slot()), b = m.at(y.slot());
  UOp r = UOp::alu(Op::CMOD, {a, b});
  return UOp::alu(Op::WHERE, {needs_adjust(r, b), r + b, r});
}
} // namespace

const rw::RuleTable& decompose_divmod_rules() {
  static const RuleTable table("decompose_divmod",
                               {
                                   rule("floordiv_nonneg", x / y, cdiv(x, y), lo(x) >= 0 && lo(y) > 0),
                                   rule("floormod_nonneg", x % y, cmod(x, y), lo(x) >= 0 && lo(y) > 0),
                                   rule_fn("floordiv_general", x / y, LMC_FOLD(fold_general_floordiv)),
                                   rule_fn("floormod_general", x % y, LMC_FOLD(fold_general_floormod)),
                               });
  return table;
}

} // namespace lmc
