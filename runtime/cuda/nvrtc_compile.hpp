// CUDA C to CUBIN with NVRTC, with and without the disk cache. Needs only NVRTC (no driver, no GPU), so the
// compile-only mode and CI use exactly the code path a GPU run uses.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lmc {

// The CUBIN for `src` compiled for `arch` ("sm_90"). Fills *log with NVRTC's log when given. Throws lmc::Error
// when NVRTC is missing or the source does not compile (the message holds the source and the log).
// `contract_fma` false compiles with --fmad=false (each multiply and add rounded on its own).
std::vector<char> nvrtc_compile(const std::string& src, const std::string& arch, std::string* log = nullptr,
                                bool contract_fma = true);

// nvrtc_compile through the CUBIN disk cache under config().cache_dir + "/cuda", keyed by the source, the arch,
// the NVRTC version and the options. *from_cache says whether it was a hit.
std::vector<char> nvrtc_compile_cached(const std::string& src, const std::string& arch, bool* from_cache = nullptr,
                                       bool contract_fma = true);

// Whether a kernel compiles with fused multiply-adds under LMC_CUDA_FMA (auto: unless it multiplies or adds in
// float64).
bool nvrtc_contracts_fma(bool float64_math);

// How many sources nvrtc_compile_cached compiled with NVRTC, and how many it found in the disk cache, in this process
// (tests check a second process compiles nothing; LMC_DEBUG reports them).
uint64_t nvrtc_compile_count();
uint64_t nvrtc_disk_hit_count();

// The cache key nvrtc_compile_cached uses (exposed so tests can find and damage the entry).
uint64_t nvrtc_cache_key(const std::string& src, const std::string& arch, bool contract_fma = true);
// Where nvrtc_compile_cached keeps entries: config().cache_dir + "/cuda".
std::string nvrtc_cache_dir();

// "13.0", or empty when NVRTC cannot be loaded (then *why says why).
std::string nvrtc_version(std::string* why = nullptr);

} // namespace lmc
