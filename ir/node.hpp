// The arena's node record and its chunk table, visible to the header so UOp's readers (op, dtype, sources) inline:
// a rewrite reads them several times per node, and an out-of-line call per read was a tenth of simplify's time.
// Only ir/uop.cpp creates or fills nodes; everyone else reads them through UOp.
#pragma once
#include "ir/uop.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

namespace lmc {

// Laid out by how often a rewrite reads each field, and aligned to cache lines: the first line holds what every
// match, bounds query and intern-table comparison reads (op, dtype, sources, facts, structural hash), the second
// the argument (constants, variables), the third what is rarely read. A rewrite of a large graph misses cache on
// nearly every node it visits, so one line per visit instead of two or three is most of its memory time.
struct alignas(64) Node {
  Op op{};
  DType dtype{};
  // The sources have the dtypes the op table asks of them (ALU ops; true for the rest). Rules match only such
  // nodes; computed once here, since checking at match time read every source's record (cache misses).
  bool well_typed = true;
  // The argument is not monostate: the intern table compares a candidate on this line alone when neither has one.
  bool has_arg = false;
  // `shape` holds the empty shape (a scalar): read when a user is made, so it is not a third-line read per source.
  bool scalar_shape = false;
  uint32_t nsrc = 0;
  std::array<UOp, 3> inline_src{};
  UOp::Facts facts;
  uint64_t structural_hash = 0; // stable across processes
  // second line
  Arg arg;
  // third line
  std::unique_ptr<UOp[]> heap_src; // used when nsrc > 3
  std::optional<Shape> shape;

  std::span<const UOp> src() const {
    return nsrc <= inline_src.size() ? std::span<const UOp>(inline_src.data(), nsrc)
                                     : std::span<const UOp>(heap_src.get(), nsrc);
  }
};

// Nodes live in chunks of 2^kNodeChunkBits that never move; a chunk's pointer is published (release) before any
// id in it is handed out, so readers need no lock. A plain array: constant-initialized, so usable before main.
static_assert(offsetof(Node, structural_hash) + sizeof(uint64_t) <= 64, "Node's hot fields fit its first cache line");
static_assert(sizeof(Node) <= 192, "Node is three cache lines");
inline constexpr uint32_t kNodeChunkBits = 14;
inline constexpr uint32_t kMaxNodeChunks = 1u << 17;
inline std::atomic<Node*> node_chunks[kMaxNodeChunks]{};

inline Node& node_at(uint32_t id) {
  return node_chunks[id >> kNodeChunkBits].load(std::memory_order_acquire)[id & ((1u << kNodeChunkBits) - 1)];
}

} // namespace lmc
