// The trace's memory events and pass times: every buffer a known program allocates and frees, with its bytes,
// label, device and a time on the launches' clock, the allocator's cache reuse; each kernel's lowering phases (opts,
// linearize, render, compile) timed in pipeline order beside its rewrite passes; both in the trace JSON.
#include "memory_program.hpp"
#include "rewrite/trace_json.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>

namespace lmc {
namespace {

using viz_test::MemoryProgram;

TEST(VizTraceMemory, EveryAllocationAndFreeOfAKnownProgramIsTracedWithItsSizeLabelAndTime) {
  rw::Tracer tracer;
  MemoryProgram p;
  p.run(tracer);
  ASSERT_FALSE(p.kernel_b.empty()) << "the program launched fewer than two kernels";
  const nlohmann::json j = rw::trace_to_json(tracer);
  // Only this program's buffers: the ids it made (nothing else ran under the tracer).
  std::map<int64_t, nlohmann::json> alloc, freed;
  for (const auto& e : j["memory"]) {
    EXPECT_EQ(e["device"], "CPU");
    (e["kind"] == "alloc" ? alloc : freed)[e["buffer"].get<int64_t>()] = e;
  }
  ASSERT_EQ(alloc.size(), static_cast<size_t>(MemoryProgram::kBuffers));
  for (int64_t id : {p.a, p.b, p.c, p.d}) {
    ASSERT_TRUE(alloc.contains(id)) << "buffer " << id << " was not traced";
    EXPECT_EQ(alloc[id]["bytes"].get<uint64_t>(), MemoryProgram::kBytes) << id;
    EXPECT_NE(alloc[id]["label"].get<std::string>().find("[1000]"), std::string::npos) << alloc[id]["label"];
  }
  EXPECT_NE(alloc[p.b]["label"].get<std::string>().find("out of " + p.kernel_b), std::string::npos) << alloc[p.b];
  EXPECT_NE(alloc[p.c]["label"].get<std::string>().find("out of " + p.kernel_c), std::string::npos) << alloc[p.c];
  // a, b and c are freed when their scope ends, with the allocation's size; d is still live at the end.
  EXPECT_EQ(freed.size(), 3u);
  for (int64_t id : {p.a, p.b, p.c}) {
    ASSERT_TRUE(freed.contains(id)) << id;
    EXPECT_EQ(freed[id]["bytes"], alloc[id]["bytes"]);
    EXPECT_GT(freed[id]["t_ns"].get<uint64_t>(), alloc[id]["t_ns"].get<uint64_t>());
    EXPECT_LT(freed[id]["t_ns"].get<uint64_t>(), alloc[p.d]["t_ns"].get<uint64_t>());
  }
  EXPECT_FALSE(freed.contains(p.d));
  // d reuses a block the frees put in the CPU allocator's cache, which shrinks by that block (4000 bytes rounded
  // up to the 64-byte alignment: 4032).
  EXPECT_TRUE(alloc[p.d]["from_cache"].get<bool>());
  const nlohmann::json& last_free = std::max({freed[p.a], freed[p.b], freed[p.c]}, [](auto& x, auto& y) {
    return x["t_ns"].template get<uint64_t>() < y["t_ns"].template get<uint64_t>();
  });
  const uint64_t cached_before_d = last_free["cached_bytes"].get<uint64_t>();
  EXPECT_EQ(alloc[p.d]["cached_bytes"].get<uint64_t>() + 4032, cached_before_d);
  // Times are on the launches' clock: b's allocation precedes the launch that writes it.
  const auto launches = tracer.launches();
  ASSERT_GE(launches.size(), 2u);
  EXPECT_LE(alloc[p.b]["t_ns"].get<uint64_t>(), launches[launches.size() - 2].start_ns);
  EXPECT_GE(freed[p.c]["t_ns"].get<uint64_t>(), launches.back().start_ns + launches.back().duration_ns);
}

// The same program's live bytes, summed from the events as the Memory view does, peak at a + b + c.
TEST(VizTraceMemory, TheLiveBytesOfTheEventsPeakWhereTheProgramHoldsThreeBuffers) {
  rw::Tracer tracer;
  MemoryProgram p;
  p.run(tracer);
  uint64_t live = 0, peak = 0;
  for (const rw::TraceMemory& e : tracer.memory_events()) {
    live = e.kind == "alloc" ? live + e.bytes : live - e.bytes;
    peak = std::max(peak, live);
  }
  EXPECT_EQ(peak, MemoryProgram::kPeak);
  EXPECT_EQ(live, MemoryProgram::kBytes); // d
}

TEST(VizTraceMemory, TracingOffRecordsNoMemoryEvents) {
  rw::Tracer tracer; // never activated
  {
    Tensor t = Tensor::from_vector(std::vector<float>(64, 1.0f), {64}, "CPU");
    (t + 1.0f).realize();
  }
  EXPECT_TRUE(tracer.memory_events().empty());
  EXPECT_TRUE(tracer.empty());
}

// A kernel lowered under the tracer lists, by start time, opts first, its rewrite passes, then linearize, render
// and compile, each with a wall time; the rewrite passes' own times fall between opts and linearize.
TEST(VizTraceMemory, AKernelsLoweringPhasesAreTimedInPipelineOrder) {
  rw::Tracer tracer;
  {
    rw::ScopedTracer on(tracer);
    Tensor a = Tensor::arange(7 * 23, float32).reshape({7, 23}); // a shape no other test lowers
    ((a * 3.0 + 2.0).exp() - a).sum(1).to_vector<float>();
  }
  const nlohmann::json j = rw::trace_to_json(tracer);
  int kernels = 0;
  for (const auto& g : j["groups"]) {
    if (g["kind"] != "kernel") continue;
    ++kernels;
    std::vector<std::string> names;
    std::map<std::string, std::pair<uint64_t, uint64_t>> at; // name -> (start, end)
    for (const auto& ph : g["phases"]) {
      names.push_back(ph["name"]);
      at[ph["name"]] = {ph["start_ns"], ph["start_ns"].get<uint64_t>() + ph["duration_ns"].get<uint64_t>()};
      EXPECT_GT(ph["duration_ns"].get<uint64_t>(), 0u) << g["name"] << " " << ph["name"];
    }
    std::vector<std::string> expected{"opts", "linearize", "render", "compile"};
    if (std::ranges::find(names, "flatten_threads") != names.end()) // CUDA C only, between linearize and render
      expected.insert(expected.begin() + 2, "flatten_threads");
    EXPECT_EQ(names, expected) << g["name"];
    for (size_t k = 1; k < names.size(); ++k)
      EXPECT_LE(at[names[k - 1]].second, at[names[k]].first) << names[k - 1] << " overlaps " << names[k];
    ASSERT_FALSE(g["contexts"].empty());
    for (int c : g["contexts"]) {
      const auto& ctx = j["contexts"][c];
      const uint64_t start = ctx["start_ns"], end = start + ctx["duration_ns"].get<uint64_t>();
      EXPECT_GT(ctx["duration_ns"].get<uint64_t>(), 0u) << ctx["name"];
      // Opts may run rewrites of their own; the lowering's passes all end before linearize starts.
      EXPECT_GE(start, at["opts"].first) << ctx["name"];
      EXPECT_LE(end, at["linearize"].first) << ctx["name"];
    }
  }
  EXPECT_GE(kernels, 1);
}

} // namespace
} // namespace lmc
