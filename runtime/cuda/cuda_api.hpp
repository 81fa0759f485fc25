// The CUDA driver API and NVRTC, opened with dlopen on first use: our own minimal declarations of the few types and
// functions lmc calls, so the library neither links against nor needs headers of libcuda/libnvrtc.
#pragma once
#include <cstddef>
#include <string>
#include <type_traits>

namespace lmc::cu {

// ---- driver API types (ABI-compatible with cuda.h) ----
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st*;
using CUmodule = struct CUmod_st*;
using CUfunction = struct CUfunc_st*;
using CUstream = struct CUstream_st*;
using CUevent = struct CUevent_st*;

inline constexpr CUresult CUDA_SUCCESS = 0;
inline constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
inline constexpr CUresult CUDA_ERROR_STUB_LIBRARY = 34;
inline constexpr CUresult CUDA_ERROR_NO_DEVICE = 100;
inline constexpr int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
inline constexpr int CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X = 5;
inline constexpr int CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y = 6;
inline constexpr int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
inline constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
inline constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
inline constexpr int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97;
inline constexpr int CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;
inline constexpr unsigned CU_STREAM_NON_BLOCKING = 1;
inline constexpr unsigned CU_EVENT_DEFAULT = 0;
inline constexpr unsigned CU_EVENT_DISABLE_TIMING = 2;

// The driver entry points lmc calls, in the order they are resolved: field, the versioned symbol it is resolved by
// (cuMemAlloc_v2, ...), type. One list, so the table and its loading cannot disagree.
#define LMC_CUDA_DRIVER_ENTRY_POINTS(X)                                                                                \
  X(cuInit, "cuInit", CUresult (*)(unsigned))                                                                          \
  X(cuDriverGetVersion, "cuDriverGetVersion", CUresult (*)(int*))                                                      \
  X(cuDeviceGetCount, "cuDeviceGetCount", CUresult (*)(int*))                                                          \
  X(cuDeviceGet, "cuDeviceGet", CUresult (*)(CUdevice*, int))                                                          \
  X(cuDeviceGetName, "cuDeviceGetName", CUresult (*)(char*, int, CUdevice))                                            \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", CUresult (*)(int*, int, CUdevice))                                   \
  X(cuDeviceTotalMem, "cuDeviceTotalMem_v2", CUresult (*)(size_t*, CUdevice))                                          \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", CUresult (*)(CUcontext*, CUdevice))                          \
  X(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", CUresult (*)(CUdevice))                                 \
  X(cuCtxSetCurrent, "cuCtxSetCurrent", CUresult (*)(CUcontext))                                                       \
  X(cuCtxSynchronize, "cuCtxSynchronize", CUresult (*)())                                                              \
  X(cuMemAlloc, "cuMemAlloc_v2", CUresult (*)(CUdeviceptr*, size_t))                                                   \
  X(cuMemFree, "cuMemFree_v2", CUresult (*)(CUdeviceptr))                                                              \
  X(cuMemGetInfo, "cuMemGetInfo_v2", CUresult (*)(size_t*, size_t*))                                                   \
  X(cuMemAllocHost, "cuMemAllocHost_v2", CUresult (*)(void**, size_t))                                                 \
  X(cuMemFreeHost, "cuMemFreeHost", CUresult (*)(void*))                                                               \
  X(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2", CUresult (*)(CUdeviceptr, const void*, size_t, CUstream))               \
  X(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", CUresult (*)(void*, CUdeviceptr, size_t, CUstream))                     \
  X(cuStreamCreate, "cuStreamCreate", CUresult (*)(CUstream*, unsigned))                                               \
  X(cuStreamDestroy, "cuStreamDestroy_v2", CUresult (*)(CUstream))                                                     \
  X(cuStreamSynchronize, "cuStreamSynchronize", CUresult (*)(CUstream))                                                \
  X(cuModuleLoadData, "cuModuleLoadData", CUresult (*)(CUmodule*, const void*))                                        \
  X(cuModuleUnload, "cuModuleUnload", CUresult (*)(CUmodule))                                                          \
  X(cuModuleGetFunction, "cuModuleGetFunction", CUresult (*)(CUfunction*, CUmodule, const char*))                      \
  X(cuFuncSetAttribute, "cuFuncSetAttribute", CUresult (*)(CUfunction, int, int))                                      \
  X(cuLaunchKernel, "cuLaunchKernel",                                                                                  \
    CUresult (*)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, CUstream, void**,   \
                 void**))                                                                                              \
  X(cuEventCreate, "cuEventCreate", CUresult (*)(CUevent*, unsigned))                                                  \
  X(cuEventRecord, "cuEventRecord", CUresult (*)(CUevent, CUstream))                                                   \
  X(cuEventSynchronize, "cuEventSynchronize", CUresult (*)(CUevent))                                                   \
  X(cuEventDestroy, "cuEventDestroy_v2", CUresult (*)(CUevent))                                                        \
  X(cuGetErrorName, "cuGetErrorName", CUresult (*)(CUresult, const char**))                                            \
  X(cuGetErrorString, "cuGetErrorString", CUresult (*)(CUresult, const char**))

// A table's field for one entry of such a list.
#define LMC_ENTRY_POINT_FIELD(field, symbol, ...) std::type_identity_t<__VA_ARGS__> field;

struct Driver {
  LMC_CUDA_DRIVER_ENTRY_POINTS(LMC_ENTRY_POINT_FIELD)
  // Resolved apart: drivers from 12.8 on export cuEventElapsedTime_v2 (the one cuda.h 13 maps to), older ones only
  // the original name.
  CUresult (*cuEventElapsedTime)(float*, CUevent, CUevent);
};

// The loaded driver with cuInit done, or nullptr with the reason in *why (no libcuda.so.1, a stub library, a
// missing symbol, cuInit failing). Loaded once per process; thread-safe.
const Driver* driver(std::string* why = nullptr);
// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)" for a driver result.
std::string error_text(CUresult result);
// Throws lmc::Error "CUDA: <what> failed: <error_text>" unless result is CUDA_SUCCESS.
void check(CUresult result, const char* what);

// ---- stream ordering and CUDA graphs ----
// Resolved from the same libcuda into a table of their own: only the streams/graphs code of the CUDA device needs
// them, and a driver lacking them still runs everything else.
using CUgraph = struct CUgraph_st*;
using CUgraphExec = struct CUgraphExec_st*;

inline constexpr CUresult CUDA_ERROR_NOT_READY = 600;
// Relaxed capture: other threads may keep allocating and launching on their own streams meanwhile.
inline constexpr int CU_STREAM_CAPTURE_MODE_RELAXED = 2;

#define LMC_CUDA_STREAM_ENTRY_POINTS(X)                                                                                \
  X(cuEventQuery, "cuEventQuery", CUresult (*)(CUevent))                                                               \
  X(cuStreamBeginCapture, "cuStreamBeginCapture_v2", CUresult (*)(CUstream, int))                                      \
  X(cuStreamEndCapture, "cuStreamEndCapture", CUresult (*)(CUstream, CUgraph*))                                        \
  X(cuGraphInstantiateWithFlags, "cuGraphInstantiateWithFlags",                                                        \
    CUresult (*)(CUgraphExec*, CUgraph, unsigned long long))                                                           \
  X(cuGraphLaunch, "cuGraphLaunch", CUresult (*)(CUgraphExec, CUstream))                                               \
  X(cuGraphExecDestroy, "cuGraphExecDestroy", CUresult (*)(CUgraphExec))                                               \
  X(cuGraphDestroy, "cuGraphDestroy", CUresult (*)(CUgraph))

struct StreamDriver {
  LMC_CUDA_STREAM_ENTRY_POINTS(LMC_ENTRY_POINT_FIELD)
};

// The table, or nullptr with the reason in *why (no driver, or a symbol missing from it). Loaded once; thread-safe.
const StreamDriver* stream_driver(std::string* why = nullptr);

// ---- NVRTC ----
using nvrtcResult = int;
using nvrtcProgram = struct _nvrtcProgram*;

#define LMC_NVRTC_ENTRY_POINTS(X)                                                                                      \
  X(nvrtcVersion, "nvrtcVersion", nvrtcResult (*)(int*, int*))                                                         \
  X(nvrtcCreateProgram, "nvrtcCreateProgram",                                                                          \
    nvrtcResult (*)(nvrtcProgram*, const char*, const char*, int, const char* const*, const char* const*))             \
  X(nvrtcCompileProgram, "nvrtcCompileProgram", nvrtcResult (*)(nvrtcProgram, int, const char* const*))                \
  X(nvrtcGetProgramLogSize, "nvrtcGetProgramLogSize", nvrtcResult (*)(nvrtcProgram, size_t*))                          \
  X(nvrtcGetProgramLog, "nvrtcGetProgramLog", nvrtcResult (*)(nvrtcProgram, char*))                                    \
  X(nvrtcGetCUBINSize, "nvrtcGetCUBINSize", nvrtcResult (*)(nvrtcProgram, size_t*))                                    \
  X(nvrtcGetCUBIN, "nvrtcGetCUBIN", nvrtcResult (*)(nvrtcProgram, char*))                                              \
  X(nvrtcDestroyProgram, "nvrtcDestroyProgram", nvrtcResult (*)(nvrtcProgram*))                                        \
  X(nvrtcGetErrorString, "nvrtcGetErrorString", const char* (*)(nvrtcResult))

struct Nvrtc {
  LMC_NVRTC_ENTRY_POINTS(LMC_ENTRY_POINT_FIELD)
  std::string library;     // the path it was loaded from
  std::string include_dir; // the toolkit's include dir (for cuda_fp16.h), or empty when none was found
  int major = 0, minor = 0;
};

// The loaded NVRTC, or nullptr with the reason in *why. Tries libnvrtc.so.13, .12, libnvrtc.so on the loader path,
// then the same names under /usr/local/cuda/lib64.
const Nvrtc* nvrtc(std::string* why = nullptr);

} // namespace lmc::cu
