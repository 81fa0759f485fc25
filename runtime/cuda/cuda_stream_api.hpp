// The driver entry points for stream ordering and CUDA graphs (cuStreamWaitEvent, cuEventQuery, stream capture,
// graph instantiate/launch), resolved from the already-loaded libcuda. Its own file: only the streams/graphs code of
// the CUDA device needs them, and a driver lacking them still runs everything else.
#pragma once
#include "runtime/cuda/cuda_api.hpp"

namespace lmc::cu {

using CUgraph = struct CUgraph_st*;
using CUgraphExec = struct CUgraphExec_st*;

inline constexpr CUresult CUDA_ERROR_NOT_READY = 600;
// Relaxed capture: other threads may keep allocating and launching on their own streams meanwhile.
inline constexpr int CU_STREAM_CAPTURE_MODE_RELAXED = 2;

struct StreamDriver {
  CUresult (*cuStreamWaitEvent)(CUstream, CUevent, unsigned);
  CUresult (*cuEventQuery)(CUevent);
  CUresult (*cuStreamBeginCapture)(CUstream, int);
  CUresult (*cuStreamEndCapture)(CUstream, CUgraph*);
  CUresult (*cuGraphInstantiateWithFlags)(CUgraphExec*, CUgraph, unsigned long long);
  CUresult (*cuGraphLaunch)(CUgraphExec, CUstream);
  CUresult (*cuGraphExecDestroy)(CUgraphExec);
  CUresult (*cuGraphDestroy)(CUgraph);
};

// The table, or nullptr with the reason in *why (no driver, or a symbol missing from it). Loaded once; thread-safe.
const StreamDriver* stream_driver(std::string* why = nullptr);

} // namespace lmc::cu
