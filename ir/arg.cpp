// Argument helpers: which alternative an Arg holds, and constant conversions.
#include "ir/arg.hpp"

#include <atomic>
#include <cmath>

namespace lmc {

ArgKind arg_kind_of(const Arg& arg) {
  static constexpr ArgKind kByIndex[] = {ArgKind::None,  ArgKind::Const, ArgKind::Var,     ArgKind::Buffer,
                                         ArgKind::Param, ArgKind::Range, ArgKind::Special, ArgKind::Reduce,
                                         ArgKind::Ints,  ArgKind::Pairs, ArgKind::Name,    ArgKind::Index,
                                         ArgKind::Topk};
  return kByIndex[arg.index()];
}

const char* arg_kind_name(ArgKind kind) {
  static constexpr const char* kNames[] = {"none",   "const", "var",   "buffer", "param", "range", "special",
                                           "reduce", "ints",  "pairs", "name",   "index", "topk"};
  return kNames[static_cast<int>(kind)];
}

const char* axis_kind_name(AxisKind kind) {
  static constexpr const char* kNames[] = {"loop", "global", "local", "reduce", "group", "upcast", "unroll", "thread"};
  return kNames[static_cast<int>(kind)];
}

int64_t next_buffer_id() {
  static std::atomic<int64_t> counter{1};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

int64_t const_as_int(const ConstValue& value) {
  if (auto b = std::get_if<bool>(&value)) return *b ? 1 : 0;
  if (auto i = std::get_if<int64_t>(&value)) return *i;
  return static_cast<int64_t>(std::get<double>(value));
}

double const_as_double(const ConstValue& value) {
  if (auto b = std::get_if<bool>(&value)) return *b ? 1.0 : 0.0;
  if (auto i = std::get_if<int64_t>(&value)) return static_cast<double>(*i);
  return std::get<double>(value);
}

} // namespace lmc
