// The scheduler: turns tensor graphs into an ordered list of kernels. It decides what is materialized
// (outputs, contiguous(), reduces whose results are re-indexed, copies), turns movement ops into index
// expressions over ranges (rangeify), and plans which buffers each kernel reads and writes.
#pragma once
#include "ir/uop.hpp"

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lmc {

// A buffer the schedule reads or writes: an existing one (a BUFFER node's id) or one it creates.
struct BufferDecl {
  int64_t id = 0;
  DType dtype;
  int64_t size = 0;
  std::string device;
  bool temporary = false; // created by the schedule and dead after its last reader
  int first_use = -1;     // kernel index of the first write
  int last_use = -1;      // kernel index of the last read or write
};

struct ScheduledKernel {
  UOp ast;                      // a Kernel-stage SINK of STOREs; PARAM slots index `buffers`
  std::vector<int64_t> buffers; // slot -> buffer id
  std::vector<bool> written;    // slot -> does the kernel write it
  std::vector<UOp> vars;        // DEFINE_VARs, in the order the kernel takes their values
  std::string name;
};

struct Schedule {
  std::vector<ScheduledKernel> kernels;
  std::unordered_map<int64_t, BufferDecl> buffers; // every buffer a kernel touches
  std::vector<int64_t> outputs;                    // for each requested root: the buffer holding its value
};

// Whether `kernel` writes only buffers of zero elements (an empty tensor): it has nothing to do and is not launched
// (lowered, its empty output axis would be dropped and the kernel would store past its buffer).
bool writes_nothing(const Schedule& schedule, const ScheduledKernel& kernel);

// Looks up a node that an earlier schedule already materialized (a realized tensor's expression).
// Returns the BUFFER node holding it (contiguous, the node's shape in row-major order) or nullopt.
using RealizedLookup = std::function<std::optional<UOp>(UOp)>;

// Schedules `roots` (tensor-stage nodes, all on one device). Roots that are already BUFFERs (or plain views of
// one) still get a kernel only if they are not contiguous buffers. Throws lmc::Error on malformed graphs.
Schedule schedule(const std::vector<UOp>& roots, const std::string& device, const RealizedLookup& realized = {});

} // namespace lmc
