// LinearProgram::hash(): the structural key compiled kernels are cached under.
// Its own file so the linear-program header stays a pure contract that every backend can include cheaply.
#include "codegen/linear.hpp"

#include "ir/error.hpp"
#include "ir/hash.hpp"

#include <fmt/format.h>

namespace lmc {

namespace {
void add_dtype(StableHasher& h, DType d) {
  h.add_u64(static_cast<uint64_t>(d.scalar)).add_u64(d.count).add_u64(static_cast<uint64_t>(d.addrspace));
}
} // namespace

uint64_t LinearProgram::hash() const {
  StableHasher h;
  // The name is part of the key because it is the symbol the compiled code exports.
  h.add_str(name).add_u64(ops.size());
  // Order matters (the same nodes in another order are another program), so each position is hashed in turn.
  for (UOp u : ops)
    h.add_u64(u.structural_hash());
  h.add_u64(params.size());
  for (const KernelParam& p : params) {
    h.add_i64(p.slot).add_i64(p.size).add_u64(p.written ? 1 : 0);
    add_dtype(h, p.dtype);
  }
  h.add_u64(vars.size());
  for (const KernelVar& v : vars)
    h.add_str(v.name).add_i64(v.min).add_i64(v.max);
  h.add_i64(parallel_range);
  return h.digest();
}

void LinearProgram::check_launch(size_t num_buffers, std::span<const int32_t> vars) const {
  const LinearProgram& program = *this;
  if (num_buffers < program.params.size())
    throw Error(
        fmt::format("kernel '{}' takes {} buffers, {} given", program.name, program.params.size(), num_buffers));
  if (vars.size() < program.vars.size())
    throw Error(
        fmt::format("kernel '{}' takes {} variables, {} given", program.name, program.vars.size(), vars.size()));
  for (size_t i = 0; i < program.vars.size(); ++i)
    if (vars[i] < program.vars[i].min || vars[i] > program.vars[i].max)
      throw Error(fmt::format("kernel '{}': variable '{}' = {} is outside its bounds [{}, {}]", program.name,
                              program.vars[i].name, vars[i], program.vars[i].min, program.vars[i].max));
}

} // namespace lmc
