// THE op table: every op, one row each — its group, source count and roles, argument kind and dtype rule.
// Adding an op means adding one row here; the printer, verifier, hash and JSON export read only this table.
#pragma once
#include "ir/arg.hpp"

#include <cstdint>
#include <string_view>

namespace lmc {

enum class OpGroup : uint8_t { Leaf, Elementwise, Reduce, Movement, Memory, Control, Meta };

// How a node's dtype relates to its sources; the verifier checks it.
enum class DTypeRule : uint8_t {
  Any,        // set by the builder, checked by nothing generic (CONST, DEFINE_VAR, CAST, BITCAST, ...)
  SameAsSrc0, // ALU: every value source has the node's dtype
  Bool,       // comparisons: sources agree with each other, the node is bool
  Where,      // WHERE: src0 bool, src1 and src2 have the node's dtype
  ShiftLike,  // shifts: src0 has the node's dtype, src1 any integer
  Void,       // STORE, SINK, END
  Index,      // RANGE, SPECIAL: an integer dtype
  Pointer,    // PARAM/DEFINE_LOCAL/DEFINE_REG/INDEX: a pointer
  Pointee,    // LOAD: the pointee of src0
};

// clang-format off
// X(name, group, min_src, max_src (-1: any), arg, dtype rule, source roles)
#define LMC_OP_TABLE(X) \
  /* leaves */ \
  X(CONST,        Leaf,        0,  0, Const,   Any,        "")                                   \
  X(DEFINE_VAR,   Leaf,        0,  0, Var,     Any,        "")                                   \
  X(BUFFER,       Leaf,        0,  0, Buffer,  Any,        "")                                   \
  X(PARAM,        Leaf,        0,  0, Param,   Pointer,    "")                                   \
  X(DEFINE_LOCAL, Leaf,        0,  0, Param,   Pointer,    "")                                   \
  X(DEFINE_REG,   Leaf,        0,  0, Param,   Pointer,    "")                                   \
  /* unary ALU */ \
  X(NEG,          Elementwise, 1,  1, None,    SameAsSrc0, "x")                                  \
  X(EXP2,         Elementwise, 1,  1, None,    SameAsSrc0, "x")                                  \
  X(LOG2,         Elementwise, 1,  1, None,    SameAsSrc0, "x")                                  \
  X(SIN,          Elementwise, 1,  1, None,    SameAsSrc0, "x")                                  \
  X(SQRT,         Elementwise, 1,  1, None,    SameAsSrc0, "x")                                  \
  X(RECIPROCAL,   Elementwise, 1,  1, None,    SameAsSrc0, "x")                                  \
  X(TRUNC,        Elementwise, 1,  1, None,    SameAsSrc0, "x")                                  \
  X(CAST,         Elementwise, 1,  1, None,    Any,        "x")                                  \
  X(BITCAST,      Elementwise, 1,  1, None,    Any,        "x")                                  \
  X(POPCOUNT,     Elementwise, 1,  1, None,    SameAsSrc0, "x")   /* set bits (integers) */    \
  X(CTZ,          Elementwise, 1,  1, None,    SameAsSrc0, "x")   /* trailing zero bits; 0: width */\
  /* binary ALU */ \
  X(ADD,          Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(SUB,          Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(MUL,          Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(FDIV,         Elementwise, 2,  2, None,    SameAsSrc0, "a b")   /* float true division */    \
  X(FLOORDIV,     Elementwise, 2,  2, None,    SameAsSrc0, "a b")   /* floor division */         \
  X(FLOORMOD,     Elementwise, 2,  2, None,    SameAsSrc0, "a b")   /* floor modulo */           \
  X(CDIV,         Elementwise, 2,  2, None,    SameAsSrc0, "a b")   /* truncating division (C) */\
  X(CMOD,         Elementwise, 2,  2, None,    SameAsSrc0, "a b")   /* truncating modulo (C) */  \
  X(MAX,          Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(MIN,          Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(CMPLT,        Elementwise, 2,  2, None,    Bool,       "a b")                                \
  X(CMPLE,        Elementwise, 2,  2, None,    Bool,       "a b")                                \
  X(CMPEQ,        Elementwise, 2,  2, None,    Bool,       "a b")                                \
  X(CMPNE,        Elementwise, 2,  2, None,    Bool,       "a b")                                \
  X(AND,          Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(OR,           Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(XOR,          Elementwise, 2,  2, None,    SameAsSrc0, "a b")                                \
  X(SHL,          Elementwise, 2,  2, None,    ShiftLike,  "a amount")                           \
  X(SHR,          Elementwise, 2,  2, None,    ShiftLike,  "a amount")                           \
  /* ternary ALU */ \
  X(WHERE,        Elementwise, 3,  3, None,    Where,      "cond then else")                     \
  /* reduction: tensor graph: src0 and arg.axes; kernels: src0 then the reduced RANGEs */ \
  X(REDUCE,       Reduce,      1, -1, Reduce,  Any,        "value ranges...")                    \
  /* top-k along an axis: tensor graph: src0; kernels: value, the reduced RANGE, the output slot index */ \
  X(TOPK,         Reduce,      1,  4, Topk,    Any,        "value range|payload? slot? payload?")\
  /* gather along an axis (tensor graph only): out[..i..] = src[..index[..i..]..]; arg: the axis */ \
  X(GATHER,       Meta,        2,  2, Index,   Any,        "source index")                       \
  /* movement (tensor graph only) */ \
  X(RESHAPE,      Movement,    1,  1, Ints,    SameAsSrc0, "x")                                  \
  X(PERMUTE,      Movement,    1,  1, Ints,    SameAsSrc0, "x")                                  \
  X(EXPAND,       Movement,    1,  1, Ints,    SameAsSrc0, "x")                                  \
  X(PAD,          Movement,    1,  1, Pairs,   SameAsSrc0, "x")                                  \
  X(SHRINK,       Movement,    1,  1, Pairs,   SameAsSrc0, "x")                                  \
  X(FLIP,         Movement,    1,  1, Ints,    SameAsSrc0, "x")   /* arg: axes to flip */        \
  /* tensor meta */ \
  X(CONTIGUOUS,   Meta,        1,  1, None,    SameAsSrc0, "x")                                  \
  X(COPY,         Meta,        1,  1, Name,    SameAsSrc0, "x")   /* arg: target device */       \
  /* memory */ \
  X(INDEX,        Memory,      2,  3, None,    Pointer,    "buffer index gate?")                 \
  /* a gated INDEX (src2) makes LOAD yield 0 and STORE do nothing where the gate is false */ \
  X(LOAD,         Memory,      1, -1, None,    Pointee,    "address after...")                   \
  X(STORE,        Memory,      2, -1, None,    Void,       "address value after...")             \
  /* a whole block-tiled matmul, not one instruction (the TC or GEMM opt): C[b,m,n] = sum_k A[b,m,k] * B[b,k,n]; arg: MmaSpec */ \
  X(TILED_MATMUL, Memory,      3,  3, Ints,    Void,       "out a b")                            \
  /* vectors */ \
  X(VECTORIZE,    Elementwise, 1, -1, None,    Any,        "lanes...")                           \
  X(GEP,          Elementwise, 1,  1, Index,   Any,        "vector")                             \
  /* control */ \
  X(RANGE,        Control,     1,  1, Range,   Index,      "end")                                \
  X(END,          Control,     1, -1, None,    Void,       "ranges...")                          \
  X(SPECIAL,      Control,     1,  1, Special, Index,      "size")                               \
  X(BARRIER,      Control,     0, -1, None,    Void,       "deps...")                            \
  /* a conditional block in a linear program: IF(cond) ... ENDIF(the IF); values made inside stay inside */ \
  X(IF,           Control,     1,  1, None,    Void,       "cond")                               \
  X(ENDIF,        Control,     1,  1, None,    Void,       "if")                                 \
  X(SINK,         Control,     0, -1, Name,    Void,       "outputs...")
// clang-format on

enum class Op : uint8_t {
#define LMC_OP_ENUM(name, group, lo, hi, arg, rule, roles) name,
  LMC_OP_TABLE(LMC_OP_ENUM)
#undef LMC_OP_ENUM
};

struct OpInfo {
  std::string_view name;
  OpGroup group;
  int min_src;
  int max_src; // -1: any number
  ArgKind arg;
  DTypeRule dtype_rule;
  std::string_view roles;
};

inline constexpr OpInfo kOpInfo[] = {
#define LMC_OP_INFO(name, group, lo, hi, arg, rule, roles)                                                             \
  OpInfo{#name, OpGroup::group, lo, hi, ArgKind::arg, DTypeRule::rule, roles},
    LMC_OP_TABLE(LMC_OP_INFO)
#undef LMC_OP_INFO
};
inline constexpr int kNumOps = static_cast<int>(sizeof(kOpInfo) / sizeof(kOpInfo[0]));

constexpr const OpInfo& op_info(Op op) {
  return kOpInfo[static_cast<int>(op)];
}
constexpr std::string_view op_name(Op op) {
  return op_info(op).name;
}
constexpr OpGroup op_group(Op op) {
  return op_info(op).group;
}

// Op families the rewrite rules and lowering ask about.
constexpr bool is_alu(Op op) {
  return op_group(op) == OpGroup::Elementwise && op != Op::VECTORIZE && op != Op::GEP;
}
constexpr bool is_comparison(Op op) {
  return op == Op::CMPLT || op == Op::CMPLE || op == Op::CMPEQ || op == Op::CMPNE;
}
constexpr bool is_commutative(Op op) {
  return op == Op::ADD || op == Op::MUL || op == Op::MAX || op == Op::MIN || op == Op::CMPEQ || op == Op::CMPNE ||
         op == Op::AND || op == Op::OR || op == Op::XOR;
}
constexpr bool is_movement(Op op) {
  return op_group(op) == OpGroup::Movement;
}

// Parses an op name ("ADD"); throws lmc::Error on an unknown name.
Op op_from_name(std::string_view name);

} // namespace lmc
