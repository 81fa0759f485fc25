// run_cpu: checks the launch arguments against the program, then calls the kernel once or once per chunk.
// The chunking itself is the pool's; this file only knows where the parallel range's extent comes from.
#include "runtime/cpu/cpu_executor.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>

namespace lmc {

int64_t parallel_extent(const LinearProgram& program, std::span<const int32_t> vars) {
  if (program.parallel_range < 0) return -1;
  if (static_cast<size_t>(program.parallel_range) >= program.ops.size() ||
      program.ops[program.parallel_range].op() != Op::RANGE)
    throw Error(fmt::format("kernel '{}': parallel_range {} is not a RANGE", program.name, program.parallel_range));
  const UOp end = program.ops[program.parallel_range].src(0);
  if (auto c = end.const_int()) return *c;
  if (end.op() == Op::DEFINE_VAR) {
    const std::string& name = end.arg_as<VarArg>().name;
    for (size_t i = 0; i < program.vars.size(); ++i)
      if (program.vars[i].name == name) {
        if (i >= vars.size()) break;
        return vars[i];
      }
    throw Error(fmt::format("kernel '{}': no launch value for variable '{}'", program.name, name));
  }
  throw Error(fmt::format("kernel '{}': the parallel RANGE must end at a CONST or a DEFINE_VAR, not {}", program.name,
                          op_name(end.op())));
}

void run_cpu(const LinearProgram& program, CpuKernel kernel, std::span<void* const> bufs, std::span<const int32_t> vars,
             ThreadPool& pool) {
  program.check_launch(bufs.size(), vars);
  const int64_t extent = parallel_extent(program, vars);
  if (extent < 0) {
    kernel(bufs.data(), vars.data(), 0, 0);
    return;
  }
  pool.parallel_for(extent, [&](int64_t begin, int64_t end) { kernel(bufs.data(), vars.data(), begin, end); });
}

} // namespace lmc
