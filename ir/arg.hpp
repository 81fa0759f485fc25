// The typed arguments UOps carry, one struct per kind, held in one std::variant.
// Its own file because the op table, the printer, the JSON export and the hash all read it.
#pragma once
#include "ir/dtype.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lmc {

enum class Op : uint8_t; // defined by the op table

// A constant's value. Integers (signed or unsigned, stored as two's-complement bits) use int64_t.
using ConstValue = std::variant<bool, int64_t, double>;

// A symbolic integer with declared bounds, e.g. a batch size bound at run time.
struct VarArg {
  std::string name;
  int64_t min = 0;
  int64_t max = 0;
  bool operator==(const VarArg&) const = default;
};

// A tensor-level buffer: a unique id (so two buffers never merge), its element count and device.
struct BufferArg {
  int64_t id = 0;
  int64_t size = 0;
  std::string device;
  bool operator==(const BufferArg&) const = default;
};

// A fresh, process-unique buffer id for a new BUFFER node.
int64_t next_buffer_id();

// A kernel parameter (global pointer) or a local/register allocation: its slot and element count.
struct ParamArg {
  int32_t slot = 0;
  int64_t size = 0;
  bool operator==(const ParamArg&) const = default;
};

// What a loop range becomes. Opts change the kind; lowering reads it.
enum class AxisKind : uint8_t { Loop, Global, Local, Reduce, Group, Upcast, Unroll, Thread };
const char* axis_kind_name(AxisKind kind);

// A loop range: [0, src0). The id keeps two ranges of equal size apart.
struct RangeArg {
  int32_t id = 0;
  AxisKind kind = AxisKind::Loop;
  bool operator==(const RangeArg&) const = default;
};

// A GPU index (blockIdx/threadIdx): "gidx0", "lidx1"; src0 is its size.
struct SpecialArg {
  std::string name;
  bool operator==(const SpecialArg&) const = default;
};

// A reduction: the combining ALU op and, in the tensor graph, the reduced axes.
struct ReduceArg {
  Op op;
  std::vector<int32_t> axes;
  bool operator==(const ReduceArg&) const = default;
};

// Top-k selection along one axis: the k largest (or smallest), sorted, ties to the lower index. A TOPK node
// yields either the values or the indices (int32); both nodes of a pair are computed by one kernel.
struct TopkArg {
  int64_t k = 1;
  int32_t axis = 0;
  bool largest = true;
  bool indices = false;
  // With a bound only elements strictly beyond it (below it for smallest, above for largest) are selected; slots left
  // empty hold the bound and index -1. Radius-limited nearest neighbours are the use: most elements fail one compare.
  bool bounded = false;
  double bound = 0;
  bool operator==(const TopkArg&) const = default;
};

using IntList = std::vector<int64_t>;
using PairList = std::vector<std::pair<int64_t, int64_t>>;

// Which alternative an op's argument holds; the op table names one per op.
enum class ArgKind : uint8_t {
  None,
  Const,
  Var,
  Buffer,
  Param,
  Range,
  Special,
  Reduce,
  Ints,
  Pairs,
  Name,
  Index,
  Topk
};

using Arg = std::variant<std::monostate, ConstValue, VarArg, BufferArg, ParamArg, RangeArg, SpecialArg, ReduceArg,
                         IntList, PairList, std::string, int64_t, TopkArg>;

ArgKind arg_kind_of(const Arg& arg);
const char* arg_kind_name(ArgKind kind);

// Constant helpers: the value as int64 / double regardless of the alternative held.
int64_t const_as_int(const ConstValue& value);
double const_as_double(const ConstValue& value);

} // namespace lmc
