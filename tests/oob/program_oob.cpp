// prove_program_in_bounds over a linear program, and its installation as the runtime's LMC_CHECK_OOB check.
#include "program_oob.hpp"

#include "ir/error.hpp"
#include "rewrite/verify/oob.hpp"
#include "runtime/program_check.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <mutex>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lmc::oob {
namespace {

UOp and_of(UOp a, UOp b) {
  return a.is_null() ? b : UOp::alu(Op::AND, {a, b});
}

// The index and gate with every value read from memory made opaque: a LOAD, or an integer or bool computed from
// floats (a cast of a loaded float, a float comparison), becomes a variable over its dtype's whole range, the same
// node always the same variable. The prover then treats loaded values as anything the dtype holds (an index must be
// safe for every value a buffer could contain), and never has to encode a pointer or float math.
class Opaque {
public:
  UOp operator()(UOp root) {
    if (root.is_null()) return root;
    for (UOp u : root.toposort()) {
      if (done_.contains(u.id())) continue;
      const bool from_memory =
          u.op() == Op::LOAD || std::ranges::any_of(u.src(), [](UOp s) { return s.dtype().is_float(); });
      if (from_memory && u.dtype().count == 1 && (u.dtype().is_int() || u.dtype().is_bool())) {
        const DType d = u.dtype();
        const int64_t lo = d.is_bool() ? 0 : d.min_int();
        const int64_t hi = d.is_bool() ? 1 : d.is_unsigned() && d.bits() == 64 ? INT64_MAX : d.max_int();
        done_.emplace(u.id(), UOp::var(fmt::format("loaded{}", u.id()), lo, hi, d));
        continue;
      }
      std::vector<UOp> src;
      bool changed = false;
      for (UOp s : u.src()) {
        src.push_back(done_.at(s.id()));
        changed = changed || src.back() != s;
      }
      done_.emplace(u.id(), changed ? u.with_src(src) : u);
    }
    return done_.at(root.id());
  }

private:
  std::unordered_map<uint32_t, UOp> done_;
};

// Accesses already proved in bounds, as (index, gate, buffer size): nodes are hash-consed, so the same access of the
// same kernel built again (every test of a suite builds the same batch kernels) is the same nodes, and its proof
// stands. The LM suite repeats most of its kernels many times; without this it spent minutes in Z3 on the same
// proofs.
class ProvenAccesses {
public:
  bool contains(UOp index, UOp gate, int64_t size) {
    std::lock_guard lock(mutex_);
    return proven_.contains(key(index, gate, size));
  }
  void insert(UOp index, UOp gate, int64_t size) {
    std::lock_guard lock(mutex_);
    proven_.insert(key(index, gate, size));
  }

private:
  static std::tuple<uint32_t, uint32_t, int64_t> key(UOp index, UOp gate, int64_t size) {
    return {index.id(), gate.is_null() ? UINT32_MAX : gate.id(), size};
  }
  struct Hash {
    size_t operator()(const std::tuple<uint32_t, uint32_t, int64_t>& k) const {
      const auto& [i, g, n] = k;
      return std::hash<uint64_t>()((uint64_t{i} << 32 | g) ^ static_cast<uint64_t>(n) * 0x9e3779b97f4a7c15ull);
    }
  };
  std::mutex mutex_;
  std::unordered_set<std::tuple<uint32_t, uint32_t, int64_t>, Hash> proven_;
};

ProvenAccesses& proven_accesses() {
  static ProvenAccesses p;
  return p;
}

void prove_access(const LinearProgram& p, UOp access, UOp index, int64_t size, UOp gate, int slot) {
  if (proven_accesses().contains(index, gate, size)) return;
  Opaque opaque;
  const verify::ProofResult r = verify::prove_index_in_bounds(opaque(index), size, opaque(gate));
  if (r.proved()) {
    proven_accesses().insert(index, gate, size);
    return;
  }
  throw Error(fmt::format("LMC_CHECK_OOB: kernel {} {}: {} of buffer {} ({} elements) at index {} is not proved in "
                          "bounds{}: {}",
                          p.name, p.opts, op_name(access.op()), slot, size, index.expr(),
                          gate.is_null() ? "" : fmt::format(" where {}", gate.expr()), r.message));
}

// Installed once per executable that links this file.
const bool g_installed = [] {
  set_oob_check(prove_program_in_bounds);
  return true;
}();

} // namespace

void prove_program_in_bounds(const LinearProgram& p) {
  std::vector<UOp> ifs; // conditions of the IFs open at this point of the program
  for (UOp u : p.ops) {
    if (u.op() == Op::IF) ifs.push_back(u.src(0));
    if (u.op() == Op::ENDIF && !ifs.empty()) ifs.pop_back();
    if (u.op() != Op::LOAD && u.op() != Op::STORE) continue;
    const UOp addr = u.src(0);
    if (addr.op() != Op::INDEX || addr.src(0).op() != Op::PARAM) continue; // registers and shared memory: not here
    const ParamArg param = addr.src(0).arg_as<ParamArg>();
    UOp gate = addr.num_src() > 2 ? addr.src(2) : UOp();
    for (UOp c : ifs)
      gate = and_of(gate, c);
    const UOp index = addr.src(1);
    prove_access(p, u, index, param.size, gate, param.slot);
    // A vector access touches `count` consecutive elements: its last one must be inside too.
    const int count = (u.op() == Op::LOAD ? u.dtype() : u.src(1).dtype()).count;
    if (count > 1) prove_access(p, u, index + (count - 1), param.size, gate, param.slot);
  }
}

} // namespace lmc::oob
