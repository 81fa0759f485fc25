// A traced program whose device allocations are known in advance, for the Memory view's tests: three float32
// tensors of kElems elements on the CPU (an input a, b = a transposed + 1, c = b * 2) live at once, all freed, then
// one more input d of the same size, which the CPU allocator serves from the blocks it cached when the first three
// were freed; d outlives the trace. b's kernel reads a transposed, so its lowering has index math to rewrite.
#pragma once
#include "rewrite/trace.hpp"
#include "runtime/buffer.hpp"

#include <cstdint>
#include <lmc/lmc.hpp>
#include <string>
#include <vector>

namespace lmc::viz_test {

struct MemoryProgram {
  static constexpr int64_t kElems = 1000;
  static constexpr uint64_t kBytes = kElems * 4;
  static constexpr uint64_t kPeak = 3 * kBytes; // a, b and c live together
  static constexpr int kBuffers = 4;            // a, b, c, then d
  int64_t a = -1, b = -1, c = -1, d = -1;       // their buffer ids
  std::string kernel_b, kernel_c;               // the kernels whose outputs b and c are
  std::vector<Tensor> kept;                     // d, live after the trace ends

  // Runs the program with `tracer` active (a kernel shape no other test lowers, so its passes are traced here).
  void run(rw::Tracer& tracer) {
    rw::ScopedTracer on(tracer);
    {
      Tensor ta = Tensor::from_vector(std::vector<float>(kElems, 1.5f), {kElems}, "CPU");
      Tensor tb = ta.reshape({40, 25}).transpose().reshape({kElems}) + 1.0f;
      tb.realize();
      Tensor tc = tb * 2.0f;
      tc.realize();
      a = ta.buffer()->id();
      b = tb.buffer()->id();
      c = tc.buffer()->id();
      // The launches' kernel names, in order: b's kernel, then c's.
      const std::vector<rw::TraceLaunch> launches = tracer.launches();
      if (launches.size() >= 2) {
        kernel_b = launches[launches.size() - 2].kernel;
        kernel_c = launches.back().kernel;
      }
    }
    kept.push_back(Tensor::from_vector(std::vector<float>(kElems, 3.0f), {kElems}, "CPU"));
    d = kept.back().buffer()->id();
  }
};

} // namespace lmc::viz_test
