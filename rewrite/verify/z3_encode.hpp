// UOp integer/bool graphs as Z3 bit-vector terms of their dtypes' exact widths, with definedness conditions.
// Its own file because the equality prover, the rule harness and the OOB checker all encode graphs the same way.
#pragma once
#include "ir/error.hpp"
#include "ir/uop.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <z3++.h>

namespace lmc::verify {

// A node whose sources' dtypes break its op's dtype rule (a WHERE on an int32 condition, an ADD of int8 and
// int32): the graph has no meaning to prove anything about.
class IllTyped : public Error {
public:
  using Error::Error;
};

// Encodes nodes into one z3::context. Every integral value is a bit-vector of dtype().bits() bits (bool: 1 bit,
// 1 meaning true). Leaves become fresh constants: DEFINE_VAR constrained to its [min, max], RANGE and SPECIAL to
// [0, size). FLOORDIV/FLOORMOD are floor division/modulo, CDIV/CMOD truncating; unsigned dtypes divide and compare
// unsigned; arithmetic wraps. An ill-typed node throws IllTyped. Nodes the encoder cannot express (float math, LOAD,
// ...) become opaque constants within their interval bounds when `opaque_ok`, else encoding throws lmc::Error.
// Iterative: deep graphs are fine.
class Encoder {
public:
  struct Leaf {
    UOp node;
    z3::expr value;
    std::string name; // the name lmc::evaluate knows it by: the variable's name, "r<id>" for ranges, the special's
  };

  explicit Encoder(z3::context& ctx, bool opaque_ok = false) : ctx_(ctx), opaque_ok_(opaque_ok) {}

  // The value of `u` (encodes its whole graph once; later calls reuse the terms).
  z3::expr value(UOp u);
  // Bool: every division and modulo in u's graph has a nonzero divisor and every shift amount is in [0, bits).
  z3::expr defined(UOp u);
  // Bool: the constraints on every leaf encoded so far (variable bounds, range sizes).
  z3::expr assumptions() const;
  // The leaves encoded so far, in encoding order.
  const std::vector<Leaf>& leaves() const { return leaves_; }
  // `v` (a bit-vector of dtype's width) as a true (1-bit) boolean term, and back.
  z3::expr as_bool(const z3::expr& v) const { return v == ctx_.bv_val(1, 1); }
  z3::expr from_bool(const z3::expr& b) const { return z3::ite(b, ctx_.bv_val(1, 1), ctx_.bv_val(0, 1)); }
  // The model's value of a leaf, read as an int64 of its dtype (sign-extended for signed dtypes).
  static int64_t model_int(const z3::model& model, const z3::expr& value, DType dtype);

private:
  void encode(UOp u);
  z3::expr leaf(UOp u, const std::string& name);
  z3::expr compute(UOp u, std::vector<z3::expr>& conditions);

  z3::context& ctx_;
  bool opaque_ok_;
  std::unordered_map<uint32_t, z3::expr> value_;
  std::unordered_map<uint32_t, z3::expr> defined_; // per node: its own local condition (true when none)
  std::vector<Leaf> leaves_;
  std::vector<z3::expr> assumptions_;
  std::unordered_map<std::string, int> names_used_;
};

// `root` with every RANGE and SPECIAL replaced by a DEFINE_VAR of the name Encoder::Leaf gives it ("r<id>", the
// special's name), so a counterexample can be replayed with lmc::evaluate, which reads variables by name.
UOp ranges_as_vars(UOp root);

// Whether every node of u's graph is one the encoder expresses exactly (no opaque leaves would be needed).
bool encodable(UOp u);

} // namespace lmc::verify
