// UOp: the one node type of every stage. Immutable and hash-consed: building the same structure twice
// returns the same node, so passes compare nodes by identity and memoize by id. Nodes live in a process-wide
// arena (never freed) and are named by a 32-bit id; a UOp is that id.
#pragma once
#include "ir/arg.hpp"
#include "ir/dtype.hpp"
#include "ir/op_table.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lmc {

using Shape = std::vector<int64_t>;
std::string shape_str(const Shape& shape);

struct Node;

class UOp {
public:
  UOp() = default; // the null UOp; only valid to test with is_null() or compare
  static UOp from_id(uint32_t id) { return UOp(id); }

  // ---- construction (hash-consed) ----
  // Builds (or finds) the node. Derives the tensor shape where the op defines one; throws lmc::Error when the
  // sources cannot form this op (bad arity, mismatched shapes).
  static UOp make(Op op, DType dtype, std::span<const UOp> src, Arg arg = {});
  static UOp make(Op op, DType dtype, std::initializer_list<UOp> src, Arg arg = {}) {
    return make(op, dtype, std::span<const UOp>(src.begin(), src.size()), std::move(arg));
  }
  static UOp constant(DType dtype, ConstValue value);
  static UOp constant(DType dtype, int64_t value) { return constant(dtype, ConstValue{value}); }
  static UOp constant(DType dtype, int value) { return constant(dtype, ConstValue{int64_t{value}}); }
  static UOp constant(DType dtype, double value) { return constant(dtype, ConstValue{value}); }
  static UOp constant(DType dtype, bool value) { return constant(dtype, ConstValue{value}); }
  static UOp var(std::string name, int64_t min, int64_t max, DType dtype = index_dtype);
  static UOp range(UOp end, int32_t id, AxisKind kind = AxisKind::Loop);
  // An ALU node whose dtype follows from its sources (bool for comparisons, src1's for WHERE).
  static UOp alu(Op op, std::span<const UOp> src);
  static UOp alu(Op op, std::initializer_list<UOp> src) {
    return alu(op, std::span<const UOp>(src.begin(), src.size()));
  }
  // This node with other sources (same op, dtype and arg).
  UOp with_src(std::span<const UOp> src) const;

  // ---- reading ----
  bool is_null() const { return id_ == kNull; }
  uint32_t id() const { return id_; }
  Op op() const;                    // inline, below: read millions of times per rewrite
  DType dtype() const;              // inline
  std::span<const UOp> src() const; // inline
  UOp src(size_t i) const { return src()[i]; }
  size_t num_src() const { return src().size(); }
  const Arg& arg() const; // inline, below
  template <class T>
  const T& arg_as() const {
    return std::get<T>(arg());
  }
  // The tensor shape, for tensor-graph nodes; nullptr for kernel nodes (RANGE, INDEX, ...).
  const Shape* shape() const;
  // Stable across processes and runs: derived from op names, dtypes, arguments and sources only.
  uint64_t structural_hash() const; // inline, below

  bool is_const() const { return op() == Op::CONST; }
  // The constant's value as int64 (bool and ints) or nullopt when this is not an integral constant.
  std::optional<int64_t> const_int() const;
  bool is_const_int(int64_t value) const {
    auto v = const_int();
    return v && *v == value;
  }

  // All nodes reachable from this one, sources before users.
  std::vector<UOp> toposort() const;
  // Node count of the graph rooted here.
  size_t graph_size() const { return toposort().size(); }

  // Multi-line listing, one node per line: "%4 = ADD int32 (%1, %3)".
  std::string listing() const;
  // An infix expression for integer/boolean math ("(x*4 + y) // 4"); other ops print as calls.
  std::string expr() const;

  // Per-node cache slot for facts derived by higher layers (integer bounds); see rewrite/bounds.
  struct Facts;
  Facts& facts() const;

  // ---- sugar for building index math in code and tests ----
  friend UOp operator+(UOp a, UOp b) { return alu(Op::ADD, {a, b}); }
  friend UOp operator-(UOp a, UOp b) { return alu(Op::SUB, {a, b}); }
  friend UOp operator*(UOp a, UOp b) { return alu(Op::MUL, {a, b}); }
  friend UOp operator+(UOp a, int64_t b) { return a + a.same_type_const(b); }
  friend UOp operator-(UOp a, int64_t b) { return a - a.same_type_const(b); }
  friend UOp operator*(UOp a, int64_t b) { return a * a.same_type_const(b); }
  UOp floordiv(UOp b) const { return alu(Op::FLOORDIV, {*this, b}); }
  UOp floordiv(int64_t b) const { return floordiv(same_type_const(b)); }
  UOp floormod(UOp b) const { return alu(Op::FLOORMOD, {*this, b}); }
  UOp floormod(int64_t b) const { return floormod(same_type_const(b)); }
  UOp lt(UOp b) const { return alu(Op::CMPLT, {*this, b}); }
  UOp lt(int64_t b) const { return lt(same_type_const(b)); }
  UOp maximum(UOp b) const { return alu(Op::MAX, {*this, b}); }
  UOp minimum(UOp b) const { return alu(Op::MIN, {*this, b}); }
  UOp cast(DType to) const { return make(Op::CAST, to.vec(dtype().count), {*this}); }
  UOp same_type_const(int64_t value) const { return constant(dtype(), value); }

  friend bool operator==(UOp a, UOp b) { return a.id_ == b.id_; }
  friend bool operator!=(UOp a, UOp b) { return a.id_ != b.id_; }
  friend bool operator<(UOp a, UOp b) { return a.id_ < b.id_; }

private:
  static constexpr uint32_t kNull = 0xffffffffu;
  explicit UOp(uint32_t id) : id_(id) {}
  uint32_t id_ = kNull;
};

// Integer interval facts cached per node by rewrite/bounds (kept here so nodes carry them: facts travel with
// nodes). Filled at most once; readers must call rewrite's bounds(), not read this directly.
struct UOp::Facts {
  std::atomic<int64_t> vmin{0};
  std::atomic<int64_t> vmax{0};
  std::atomic<bool> has_bounds{false}; // set (release) after vmin/vmax are written
  // rewrite/rules: the sum normal form of this node is the node itself (found once, read at every later fold).
  std::atomic<bool> canonical_sum{false};
  // rewrite/bounds: whether the node may be undefined (0 unknown, 1 always defined, 2 may be undefined). Kept on
  // the node (its first cache line) because the rewriter asks it of every replacement and its sources.
  std::atomic<uint8_t> may_be_undefined{0};
  // rewrite/rules: the tree size (shared nodes counted per use, saturating; 0 unknown), asked of both sides of
  // nearly every sum and div/mod fold.
  std::atomic<uint32_t> tree_size{0};
};

// Number of nodes ever created in this process (ids are 0..count-1).
uint32_t uop_count();

} // namespace lmc

#include "ir/node.hpp"

namespace lmc {
inline Op UOp::op() const {
  return node_at(id_).op;
}
inline DType UOp::dtype() const {
  return node_at(id_).dtype;
}
inline std::span<const UOp> UOp::src() const {
  return node_at(id_).src();
}
// Inline too: the rules read arguments, constants, hashes and facts at nearly every node they try.
inline const Arg& UOp::arg() const {
  return node_at(id_).arg;
}
inline uint64_t UOp::structural_hash() const {
  return node_at(id_).structural_hash;
}
inline UOp::Facts& UOp::facts() const {
  return node_at(id_).facts;
}
inline std::optional<int64_t> UOp::const_int() const {
  const Node& n = node_at(id_);
  if (n.op != Op::CONST) return std::nullopt;
  const ConstValue& v = std::get<ConstValue>(n.arg);
  if (const int64_t* i = std::get_if<int64_t>(&v)) return *i;
  if (const bool* b = std::get_if<bool>(&v)) return int64_t{*b};
  return std::nullopt;
}
} // namespace lmc

template <>
struct std::hash<lmc::UOp> {
  size_t operator()(lmc::UOp u) const noexcept { return std::hash<uint32_t>{}(u.id()); }
};
