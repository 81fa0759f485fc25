// Kernel optimizations as small serializable actions. An Opt names an axis of a scheduled kernel and rewrites its
// RANGE nodes (split, re-kind, reorder); lowering then turns the new range kinds into GPU dims, register tiles,
// unrolled loops and cooperative reduces. Its own folder (opt/) because search (runtime/beam) and heuristics both
// build on this one vocabulary.
#pragma once
#include "codegen/schedule.hpp"
#include "ir/error.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lmc {

enum class OptOp : uint8_t {
  UPCAST,   // split an output axis; the inner `amount` becomes a register tile (unrolled, vectorizable)
  UNROLL,   // split a reduce axis; the inner `amount` is unrolled
  LOCAL,    // split an output axis; the inner `amount` becomes threads of a block (GPU)
  GROUP,    // split a reduce axis; the inner `amount` threads reduce cooperatively through shared memory (GPU)
  GROUPTOP, // GROUP with the threads on the outer part of the axis (strided partial sums)
  PADTO,    // pad an axis up to a multiple of `amount`; the padding is masked in loads and stores
  SWAP,     // swap output axis `axis` with output axis `amount` in the global order
  NOLOCALS, // forbid LOCAL/GROUP on this kernel (axis and amount unused)
  THREAD,   // CPU: split an output axis across `amount` threads of the pool
  TC,       // tensor cores: the matmul becomes one TILED_MATMUL node (axis: the reduce axis; amount: a tile in tc.hpp)
  GEMM, // CUDA cores: a float32 matmul becomes one block-tiled TILED_MATMUL node (axis: the reduce axis; amount: a tile
        // in gemm.hpp)
};

const char* opt_op_name(OptOp op);

// `axis` counts the kernel's axes as listed by kernel_axes() (output axes first, then reduce axes).
struct Opt {
  OptOp op = OptOp::UPCAST;
  int axis = 0;
  int amount = 0;
  bool operator==(const Opt&) const = default;
  // "UPCAST(0,4)"; parse_opt reads it back and throws lmc::Error for anything else.
  std::string str() const;
};
Opt parse_opt(std::string_view text);
std::string opts_str(std::span<const Opt> opts); // "[UPCAST(0,4), LOCAL(1,16)]"
std::vector<Opt> parse_opts(std::string_view text);

// Raised when an opt does not apply to a kernel (wrong axis, amount does not divide, a second NOLOCALS, ...).
// Search catches it and skips the candidate; users see which opt and why.
class IllegalOpt : public Error {
public:
  IllegalOpt(const Opt& opt, const std::string& why);
  const Opt& opt() const { return opt_; }

private:
  Opt opt_;
};

// What the target offers: the opts a kernel may use depend on it.
struct OptTarget {
  bool gpu = false;                 // LOCAL/GROUP/GROUPTOP/TC/NOLOCALS are GPU-only; THREAD is CPU-only
  int max_local_threads = 1024;     // threads per block
  int64_t shared_bytes = 48 * 1024; // static __shared__ arrays (GROUP's partials)
  // Dynamic shared memory one block may opt in to (TC tiles take theirs so); OptTarget::cuda derives it from sm, and
  // a device's target takes the device's own limit.
  int64_t dynamic_shared_bytes = 48 * 1024;
  int max_upcast = 64; // product of UPCAST/UNROLL amounts
  int threads = 1;     // CPU threads
  int sm = 0;          // TC needs sm >= 80
  static OptTarget cpu(int threads);
  static OptTarget cuda(int sm);
};

// A kernel axis as the opts see it.
struct KernelAxis {
  int64_t extent = 0; // constant extent (-1 when symbolic: such axes take no opts)
  bool reduce = false;
};

// The kernel after applying a list of opts, ready for lower(). Holds the applied list for cache keys and viz.
struct OptimizedKernel {
  ScheduledKernel kernel;
  std::vector<Opt> opts;
  bool gpu = false; // optimized for a GPU target: the lowering then gates the loads only a where's arm reads
};

std::vector<KernelAxis> kernel_axes(const ScheduledKernel& kernel);
// The RANGEs behind those axes, in the same order: output ranges (Global) by id, then reduce ranges (sources of a
// REDUCE, kind Reduce) by id. Ranges made by earlier opts (Upcast, Local, Group, ...) and a top-k's selection and
// slot ranges are not axes.
std::vector<UOp> axis_ranges(UOp ast);

// Applies `opts` in order; throws IllegalOpt naming the first one that does not apply.
OptimizedKernel apply_opts(const ScheduledKernel& kernel, std::span<const Opt> opts, const OptTarget& target);

// Every single opt that could extend `applied` legally (used by BEAM to expand a candidate). Cheap to call: it
// lists plausible amounts per axis; a candidate may still raise IllegalOpt when applied.
std::vector<Opt> candidate_opts(const ScheduledKernel& kernel, std::span<const Opt> applied, const OptTarget& target);

// The default opt list for a kernel (used unless LMC_NOOPT=1 or BEAM chooses).
std::vector<Opt> heuristic_opts(const ScheduledKernel& kernel, const OptTarget& target);

} // namespace lmc
