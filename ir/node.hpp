// The arena's node record and its chunk table, visible to the header so UOp's readers (op, dtype, sources) inline:
// a rewrite reads them several times per node, and an out-of-line call per read was a tenth of simplify's time.
// Only ir/uop.cpp creates or fills nodes; everyone else reads them through UOp.
#pragma once
#include "ir/uop.hpp"

#include <array>
#include <atomic>
#include <memory>
#include <optional>

namespace lmc {

struct Node {
  Op op{};
  DType dtype{};
  uint32_t nsrc = 0;
  // The sources have the dtypes the op table asks of them (ALU ops; true for the rest). Rules match only such
  // nodes; computed once here, since checking at match time read every source's record (cache misses).
  bool well_typed = true;
  std::array<UOp, 3> inline_src{};
  std::unique_ptr<UOp[]> heap_src; // used when nsrc > 3
  Arg arg;
  uint64_t intern_hash = 0;     // process-local, for the intern table
  uint64_t structural_hash = 0; // stable across processes
  std::optional<Shape> shape;
  UOp::Facts facts;

  std::span<const UOp> src() const {
    return nsrc <= inline_src.size() ? std::span<const UOp>(inline_src.data(), nsrc)
                                     : std::span<const UOp>(heap_src.get(), nsrc);
  }
};

// Nodes live in chunks of 2^kNodeChunkBits that never move; a chunk's pointer is published (release) before any
// id in it is handed out, so readers need no lock. A plain array: constant-initialized, so usable before main.
inline constexpr uint32_t kNodeChunkBits = 14;
inline constexpr uint32_t kMaxNodeChunks = 1u << 17;
inline std::atomic<Node*> node_chunks[kMaxNodeChunks]{};

inline Node& node_at(uint32_t id) {
  return node_chunks[id >> kNodeChunkBits].load(std::memory_order_acquire)[id & ((1u << kNodeChunkBits) - 1)];
}

} // namespace lmc
