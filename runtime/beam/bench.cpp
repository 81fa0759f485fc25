// KernelBench: random scratch data, timed launches and the comparison of outputs. Random values are chosen to be
// exactly representable in every float type (multiples of 1/128 or 1/1024), so a 16-bit input holds what was meant.
#include "runtime/beam/bench.hpp"

#include "codegen/render/float_bits.hpp"
#include "ir/checked.hpp"
#include "ir/error.hpp"
#include "runtime/cuda/cuda_device.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <random>

namespace lmc {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

template <typename T>
void put(std::vector<char>& bytes, size_t i, T v) {
  std::memcpy(bytes.data() + i * sizeof(T), &v, sizeof(T));
}
template <typename T>
T get(const std::vector<char>& bytes, size_t i) {
  T v;
  std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
  return v;
}

std::vector<char> random_contents(DType dtype, int64_t n, std::mt19937_64& rng) {
  std::vector<char> bytes(static_cast<size_t>(n) * static_cast<size_t>(dtype.itemsize()));
  std::uniform_int_distribution<int> small(1, 8), bit(0, 1), k1024(-1024, 1024), k128(-128, 128);
  for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
    switch (dtype.scalar) {
    case Scalar::Bool:
      put<uint8_t>(bytes, i, static_cast<uint8_t>(bit(rng)));
      break;
    case Scalar::Int8:
    case Scalar::UInt8:
      put<uint8_t>(bytes, i, static_cast<uint8_t>(small(rng)));
      break;
    case Scalar::Int16:
    case Scalar::UInt16:
      put<uint16_t>(bytes, i, static_cast<uint16_t>(small(rng)));
      break;
    case Scalar::Int32:
    case Scalar::UInt32:
      put<uint32_t>(bytes, i, static_cast<uint32_t>(small(rng)));
      break;
    case Scalar::Int64:
    case Scalar::UInt64:
      put<uint64_t>(bytes, i, static_cast<uint64_t>(small(rng)));
      break;
    case Scalar::Float16:
      put<uint16_t>(bytes, i, double_to_half_bits(k1024(rng) / 1024.0));
      break;
    case Scalar::BFloat16:
      put<uint16_t>(bytes, i, double_to_bf16_bits(k128(rng) / 128.0));
      break;
    case Scalar::Float32:
      put<float>(bytes, i, static_cast<float>(k1024(rng)) / 1024.0f);
      break;
    case Scalar::Float64:
      put<double>(bytes, i, static_cast<double>(k1024(rng)) / 1024.0);
      break;
    case Scalar::Void:
      throw Error("BEAM: a kernel parameter has dtype void");
    }
  }
  return bytes;
}

double float_at(DType dtype, const std::vector<char>& bytes, size_t i) {
  switch (dtype.scalar) {
  case Scalar::Float16:
    return half_bits_to_double(get<uint16_t>(bytes, i));
  case Scalar::BFloat16:
    return bf16_bits_to_double(get<uint16_t>(bytes, i));
  case Scalar::Float32:
    return get<float>(bytes, i);
  default:
    return get<double>(bytes, i);
  }
}

double relative_tolerance(DType dtype) {
  switch (dtype.scalar) {
  case Scalar::Float16:
  case Scalar::BFloat16:
    return 1e-2;
  case Scalar::Float32:
    return 1e-3;
  default:
    return 1e-9;
  }
}

} // namespace

KernelBench::KernelBench(Device& device, const LinearProgram& program, std::vector<int32_t> vars, uint64_t seed)
    : device_(device), params_(program.params), vars_(std::move(vars)) {
  std::mt19937_64 rng(seed);
  initial_.resize(params_.size());
  try {
    for (const KernelParam& p : params_) {
      // Checked once here (the sizes come from the user's shapes); the deallocations below repeat the same product.
      const size_t bytes = static_cast<size_t>(checked_bytes(std::max<int64_t>(p.size, 1), p.dtype.itemsize(),
                                                             fmt::format("KernelBench: parameter {}", p.slot)));
      buffers_.push_back(device_.allocate(bytes));
      std::vector<char> contents = random_contents(p.dtype, std::max<int64_t>(p.size, 1), rng);
      device_.copy_in(buffers_.back(), contents.data(), contents.size());
      if (p.written) initial_[buffers_.size() - 1] = std::move(contents);
    }
    device_.synchronize(); // copy_in may still read `contents`' staging copies
  } catch (...) {
    for (size_t i = 0; i < buffers_.size(); ++i)
      device_.deallocate(buffers_[i],
                         static_cast<size_t>(std::max<int64_t>(params_[i].size, 1)) * params_[i].dtype.itemsize());
    throw;
  }
}

KernelBench::~KernelBench() {
  try {
    device_.synchronize(); // no launch may still use the buffers
  } catch (...) {
    // A failed device (a candidate crashed the CUDA context) reports through the search; freeing is all left.
  }
  for (size_t i = 0; i < buffers_.size(); ++i)
    device_.deallocate(buffers_[i],
                       static_cast<size_t>(std::max<int64_t>(params_[i].size, 1)) * params_[i].dtype.itemsize());
}

double KernelBench::launch_timed_ms(const CompiledKernel& kernel, const LinearProgram& program) {
  if (timer_) return timer_(program);
  if (auto* cuda = dynamic_cast<CudaDevice*>(&device_)) {
    // The caller may be timing its own launches (a benchmark whose kernels BEAM tunes on first use): leave the
    // device's timing as it was found.
    struct Restore {
      CudaDevice* cuda;
      bool was;
      ~Restore() { cuda->set_timing(was); }
    } restore{cuda, cuda->timing()};
    cuda->set_timing(true);
    device_.launch(kernel, program, buffers_, vars_);
    return cuda->time_last_launch_ms();
  }
  return launch_waited_ms(kernel, program);
}

double KernelBench::launch_waited_ms(const CompiledKernel& kernel, const LinearProgram& program) {
  if (timer_) return timer_(program);
  const Clock::time_point start = Clock::now();
  device_.launch(kernel, program, buffers_, vars_);
  device_.synchronize();
  return ms_since(start);
}

Timing KernelBench::time(const CompiledKernel& kernel, const LinearProgram& program, const TimingOptions& options,
                         double best_ms) {
  Timing t;
  // The devices cannot interrupt a running kernel, so the watchdog checks between launches: a candidate that
  // takes too long is stopped after the launch that crossed the limit and never run again. A fake timer's time is
  // what the watchdog sees too.
  double spent_ms = 0;
  const Clock::time_point start = Clock::now();
  auto elapsed_ms = [&] { return timer_ ? spent_ms : ms_since(start); };
  const double limit_ms = options.watchdog_seconds * 1000.0;
  const double slow_ms = options.early_stop_factor * best_ms; // meaningful only when best_ms > 0
  try {
    // Warm-up first, untimed by events: a fresh module's first launch also loads it (lazy loading). Its host-clock
    // time still rejects a candidate far slower than the best even with the loading allowed for.
    for (int i = 0; i < options.warmup; ++i) {
      const double ms = launch_waited_ms(kernel, program);
      spent_ms += ms;
      ++t.launches;
      if (elapsed_ms() > limit_ms)
        return {"timeout", -1, fmt::format("the warm-up launch took over {} s", options.watchdog_seconds), t.launches};
      if (i == 0 && best_ms > 0 && ms > slow_ms + options.first_launch_margin_ms)
        return {"slow", ms,
                fmt::format("first launch {:.3f} ms > {} x best {:.3f} ms + {} ms", ms, options.early_stop_factor,
                            best_ms, options.first_launch_margin_ms),
                t.launches};
    }
    std::vector<double> times;
    int reps = std::max(options.reps, 1);
    while (static_cast<int>(times.size()) < reps) {
      const double ms = launch_timed_ms(kernel, program);
      spent_ms += ms;
      ++t.launches;
      times.push_back(ms);
      if (elapsed_ms() > limit_ms)
        return {"timeout", times[0], fmt::format("{} launches took over {} s", t.launches, options.watchdog_seconds),
                t.launches};
      // The first clearly slower run ends it: the candidate cannot be among the kept ones.
      if (best_ms > 0 && ms > slow_ms)
        return {
            "slow", ms,
            fmt::format("run {} {:.3f} ms > {} x best {:.3f} ms", times.size(), ms, options.early_stop_factor, best_ms),
            t.launches};
      if (times.size() == 1 && ms > options.long_kernel_ms) reps = std::min(reps, 3);
    }
    std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2), times.end());
    t.ms = times[times.size() / 2];
  } catch (const std::exception& e) {
    return {"launch_error", -1, e.what(), t.launches};
  }
  return t;
}

KernelOutputs KernelBench::run_once(const CompiledKernel& kernel, const LinearProgram& program) {
  for (size_t i = 0; i < params_.size(); ++i)
    if (params_[i].written) device_.copy_in(buffers_[i], initial_[i].data(), initial_[i].size());
  device_.launch(kernel, program, buffers_, vars_);
  KernelOutputs out(params_.size());
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i].written) continue;
    out[i].resize(initial_[i].size());
    device_.copy_out(out[i].data(), buffers_[i], out[i].size()); // blocks until the kernel is done
  }
  return out;
}

std::optional<std::string> KernelBench::compare(const KernelOutputs& got, const KernelOutputs& want) const {
  for (size_t slot = 0; slot < params_.size(); ++slot) {
    if (!params_[slot].written) continue;
    const DType dtype = params_[slot].dtype;
    const std::vector<char>&g = got.at(slot), &w = want.at(slot);
    if (g.size() != w.size()) return fmt::format("buffer {} has {} bytes, expected {}", slot, g.size(), w.size());
    if (!dtype.is_float()) {
      if (g == w) continue;
      const size_t item = static_cast<size_t>(dtype.itemsize());
      for (size_t i = 0; i < g.size(); ++i)
        if (g[i] != w[i]) return fmt::format("buffer {} ({}) differs at element {}", slot, dtype.name(), i / item);
    }
    const size_t n = g.size() / static_cast<size_t>(dtype.itemsize());
    double mean_magnitude = 0;
    for (size_t i = 0; i < n; ++i)
      if (const double v = float_at(dtype, w, i); std::isfinite(v)) mean_magnitude += std::fabs(v);
    mean_magnitude /= static_cast<double>(std::max<size_t>(n, 1));
    const double rtol = relative_tolerance(dtype);
    for (size_t i = 0; i < n; ++i) {
      const double a = float_at(dtype, g, i), b = float_at(dtype, w, i);
      if (std::isnan(a) && std::isnan(b)) continue;
      if (a == b) continue; // infinities of the same sign, exact values
      if (!(std::fabs(a - b) <= rtol * std::max(std::fabs(b), mean_magnitude)))
        return fmt::format("buffer {} ({}) element {}: {} but the unoptimized kernel gives {}", slot, dtype.name(), i,
                           a, b);
    }
  }
  return std::nullopt;
}

} // namespace lmc
