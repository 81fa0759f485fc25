// Verifier rules, one function per concern: generic (arity, argument, dtype rules) then per-stage op sets.
#include "ir/verify.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>
#include <unordered_set>

namespace lmc {

const char* stage_name(Stage stage) {
  switch (stage) {
  case Stage::Tensor:
    return "tensor";
  case Stage::Kernel:
    return "kernel";
  case Stage::Linear:
    return "linear";
  }
  return "?";
}

namespace {

[[noreturn]] void reject(Stage stage, UOp u, const std::string& rule) {
  std::string srcs;
  for (UOp s : u.src())
    srcs += fmt::format("{}{} {}", srcs.empty() ? "" : ", ", op_name(s.op()), s.dtype().name());
  throw Error(fmt::format("verify({}): node #{} {} {} ({}): {}", stage_name(stage), u.id(), op_name(u.op()),
                          u.dtype().name(), srcs, rule));
}

void check_dtype_rule(Stage stage, UOp u) {
  const DType d = u.dtype();
  auto src = u.src();
  switch (op_info(u.op()).dtype_rule) {
  case DTypeRule::Any:
    break;
  case DTypeRule::SameAsSrc0:
    for (UOp s : src)
      if (s.dtype() != d) reject(stage, u, "every source must have the node's dtype " + d.name());
    break;
  case DTypeRule::Bool:
    if (d.base() != bool_) reject(stage, u, "a comparison is bool");
    if (src[0].dtype() != src[1].dtype()) reject(stage, u, "compared values must have one dtype");
    break;
  case DTypeRule::Where:
    if (src[0].dtype().base() != bool_) reject(stage, u, "the condition of WHERE must be bool");
    if (src[1].dtype() != d || src[2].dtype() != d) reject(stage, u, "both branches of WHERE must have its dtype");
    break;
  case DTypeRule::ShiftLike:
    if (src[0].dtype() != d || !src[1].dtype().is_int())
      reject(stage, u, "shift: value has the node's dtype, amount an int");
    break;
  case DTypeRule::Void:
    if (!d.is_void()) reject(stage, u, "must be void");
    break;
  case DTypeRule::Index:
    if (!d.is_int()) reject(stage, u, "a range or GPU index is an integer");
    break;
  case DTypeRule::Pointer:
    if (!d.is_pointer()) reject(stage, u, "must be a pointer");
    break;
  case DTypeRule::Pointee:
    if (!src[0].dtype().is_pointer() || src[0].dtype().pointee() != d)
      reject(stage, u, "LOAD yields its address's pointee");
    break;
  }
}

void check_op_semantics(Stage stage, UOp u) {
  const DType d = u.dtype();
  switch (u.op()) {
  case Op::CONST: {
    const auto& v = u.arg_as<ConstValue>();
    const bool ok = d.is_float()  ? std::holds_alternative<double>(v)
                    : d.is_bool() ? std::holds_alternative<bool>(v)
                                  : std::holds_alternative<int64_t>(v);
    if (!ok) reject(stage, u, "constant value kind does not match its dtype");
    break;
  }
  case Op::DEFINE_VAR:
    if (!d.is_int()) reject(stage, u, "a bound variable is an integer");
    if (u.arg_as<VarArg>().min > u.arg_as<VarArg>().max) reject(stage, u, "variable bounds are empty");
    break;
  case Op::FLOORDIV:
  case Op::FLOORMOD:
  case Op::CDIV:
  case Op::CMOD:
    if (!d.is_int()) reject(stage, u, "integer division needs integer operands (use FDIV for floats)");
    break;
  case Op::POPCOUNT:
  case Op::CTZ:
    if (!d.is_int()) reject(stage, u, "counting bits needs an integer dtype");
    break;
  case Op::FDIV:
  case Op::EXP2:
  case Op::LOG2:
  case Op::SIN:
  case Op::SQRT:
  case Op::RECIPROCAL:
  case Op::TRUNC:
    if (!d.is_float()) reject(stage, u, "needs a floating-point dtype");
    break;
  case Op::AND:
  case Op::OR:
  case Op::XOR:
  case Op::SHL:
  case Op::SHR:
    if (!d.is_integral()) reject(stage, u, "bitwise ops need bool or integer dtypes");
    break;
  default:
    break;
  }
}

bool allowed_in(Stage stage, Op op) {
  switch (stage) {
  case Stage::Tensor:
    if (op == Op::SINK) return true;
    return op_group(op) != OpGroup::Control && op_group(op) != OpGroup::Memory && op != Op::PARAM &&
           op != Op::DEFINE_LOCAL && op != Op::DEFINE_REG;
  case Stage::Kernel:
  case Stage::Linear:
    return !is_movement(op) && op != Op::BUFFER && op != Op::CONTIGUOUS && op != Op::COPY && op != Op::GATHER;
  }
  return false;
}

void check_node(Stage stage, UOp u) {
  if (!allowed_in(stage, u.op()))
    reject(stage, u, fmt::format("{} is not allowed in a {} graph", op_name(u.op()), stage_name(stage)));
  check_dtype_rule(stage, u);
  check_op_semantics(stage, u);
  if (u.op() == Op::REDUCE) {
    if (stage == Stage::Tensor && u.num_src() != 1) reject(stage, u, "a tensor REDUCE has one source and axes");
    if (stage != Stage::Tensor)
      for (size_t i = 1; i < u.num_src(); ++i)
        if (u.src(i).op() != Op::RANGE) reject(stage, u, "a kernel REDUCE's sources after the value are RANGEs");
    if (stage == Stage::Linear) reject(stage, u, "REDUCE must be lowered to an accumulator before linearizing");
  }
  if (u.op() == Op::TOPK) {
    if (stage == Stage::Tensor && u.num_src() != 1 && u.num_src() != 2)
      reject(stage, u, "a tensor TOPK has one source and maybe a payload");
    if (stage == Stage::Kernel && (u.num_src() < 3 || u.num_src() > 4 || u.src(1).op() != Op::RANGE))
      reject(stage, u, "a kernel TOPK has a value, its RANGE, the output slot and maybe a payload");
    const size_t payload = stage == Stage::Tensor ? 1 : 3;
    if (u.num_src() > payload && u.src(payload).dtype() != int32) reject(stage, u, "a TOPK payload is int32");
    if (stage == Stage::Linear) reject(stage, u, "TOPK must be lowered to register slots before linearizing");
    const bool indices = u.arg_as<TopkArg>().indices;
    if (indices && u.dtype() != int32) reject(stage, u, "TOPK indices are int32");
    if (!indices && u.dtype() != u.src(0).dtype()) reject(stage, u, "TOPK values have the source's dtype");
  }
  if ((u.op() == Op::INDEX) && !u.src(0).dtype().is_pointer()) reject(stage, u, "INDEX needs a pointer source");
  if (u.op() == Op::STORE && !u.src(0).dtype().is_pointer()) reject(stage, u, "STORE needs an address");
  if (u.op() == Op::END)
    for (UOp s : u.src())
      if (s.op() != Op::RANGE) reject(stage, u, "END closes RANGEs");
}

} // namespace

void verify(UOp root, Stage stage) {
  if (stage == Stage::Kernel && root.op() != Op::SINK) reject(stage, root, "a kernel's root is a SINK");
  for (UOp u : root.toposort())
    check_node(stage, u);
}

void verify_linear(std::span<const UOp> program) {
  std::unordered_set<uint32_t> defined;
  std::vector<UOp> open_blocks; // RANGEs and IFs, innermost last
  for (UOp u : program) {
    check_node(Stage::Linear, u);
    for (UOp s : u.src())
      if (!defined.contains(s.id()))
        reject(Stage::Linear, u, fmt::format("source #{} {} is used before it is defined", s.id(), op_name(s.op())));
    if (!defined.insert(u.id()).second) reject(Stage::Linear, u, "appears twice in the program");
    if (u.op() == Op::IF && !u.src(0).dtype().is_bool()) reject(Stage::Linear, u, "IF needs a bool condition");
    if (u.op() == Op::RANGE || u.op() == Op::IF) open_blocks.push_back(u);
    if (u.op() == Op::END)
      for (UOp r : u.src()) {
        if (open_blocks.empty() || open_blocks.back() != r)
          reject(Stage::Linear, u, "ENDs must close the innermost open RANGE");
        open_blocks.pop_back();
      }
    if (u.op() == Op::ENDIF) {
      if (open_blocks.empty() || open_blocks.back() != u.src(0))
        reject(Stage::Linear, u, "ENDIF must close the innermost open IF");
      open_blocks.pop_back();
    }
  }
  if (!open_blocks.empty())
    reject(Stage::Linear, open_blocks.back(),
           open_blocks.back().op() == Op::IF ? "IF is never closed by an ENDIF" : "RANGE is never closed by an END");
}

} // namespace lmc
