// The viz page in a real headless Chromium (Debian's chromium), driven through the DevTools protocol (cdp.hpp):
// an example run with LMC_VIZ=1 LMC_BEAM=2 writes a trace, `lmc viz` serves it, and clicks on a kernel, a rewrite
// step and the tabs must bring up a graph laid out in the worker, the rule, the code and the BEAM table; a lowering
// pass (expand_small_reduces) must step the same way. A synthetic 5,000-node trace must show its first step as a
// neighbourhood; the time to draw it is printed. A program whose allocations are known (memory_program.hpp), traced
// here, must show each kernel's passes with their times (stepping into a lowering pass from that list) and, in the
// Memory view, its peak and every buffer.
// Screenshots go to the build folder. Skips (with a message) where /usr/bin/chromium is not installed.
#include "cdp.hpp"
#include "large_trace.hpp"
#include "memory_program.hpp"
#include "rewrite/trace_json.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lmc::viz_test {
namespace {

const std::string kChromium = "/usr/bin/chromium";
const std::string kDir = std::string(LMC_BUILD_DIR) + "/viz-test";

// `lmc viz TRACE --port 0` in the background; reads the address it prints.
struct VizServer {
  pid_t pid = -1;
  std::string url;
  explicit VizServer(const std::string& trace) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::string bin = LMC_BINARY;
    std::vector<std::string> args{bin, "viz", trace, "--port", "0"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    std::string line;
    char c;
    while (::read(fds[0], &c, 1) == 1 && c != '\n')
      line += c;
    ::close(fds[0]);
    // "lmc viz: serving TRACE at http://127.0.0.1:PORT/ (Ctrl-C stops)"
    const size_t at = line.find("http://");
    if (at != std::string::npos) url = line.substr(at, line.find(' ', at) - at);
  }
  int stop() {
    if (pid < 0) return -1;
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ~VizServer() { stop(); }
};

std::string profile(const std::string& name) {
  return ::testing::TempDir() + "lmc_viz_" + name + "_" + std::to_string(::getpid());
}

std::string text_of(Chromium& browser, const std::string& selector) {
  const nlohmann::json v =
      browser.eval("(document.querySelector(" + nlohmann::json(selector).dump() + ") || {}).textContent || ''");
  return v.is_string() ? v.get<std::string>() : "";
}

std::string body_data(Chromium& browser, const std::string& key) {
  const nlohmann::json v = browser.eval("document.body.dataset." + key + " || ''");
  return v.is_string() ? v.get<std::string>() : "";
}

// Runs the example with tracing and, unless `beam` is 0, a BEAM search of that width in a fresh opt cache (so every
// candidate is timed).
nlohmann::json example_trace(const std::string& trace, int beam = 2) {
  std::filesystem::create_directories(kDir);
  std::filesystem::remove(trace);
  std::filesystem::remove_all(kDir + "/beam-cache");
  const std::string example = "LMC_VIZ=1 LMC_VIZ_FILE='" + trace + "' LMC_BEAM=" + std::to_string(beam) +
                              " LMC_CACHE_DIR='" + kDir + "/beam-cache' LMC_DEVICE=CPU '" + LMC_EXAMPLE +
                              "' 64 300 4 CPU >/dev/null";
  if (std::system(example.c_str()) != 0) return nullptr;
  std::ifstream in(trace);
  return in ? nlohmann::json::parse(in) : nlohmann::json();
}

TEST(VizBrowser, ClickingAKernelAndAStepShowsItsGraphRuleCodeAndBeamTable) {
  if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
  const std::string trace = kDir + "/rotate_knn-trace.json";
  const nlohmann::json j = example_trace(trace);
  ASSERT_TRUE(j.is_object()) << "the example failed or LMC_VIZ=1 wrote no trace at " << trace;
  ASSERT_FALSE(j["beam"].empty()) << "LMC_BEAM=2 recorded no search in the trace";

  // The last kernel that applied a rule (the page opens on the first, so clicking it changes the view) and its
  // first context with steps, which the page selects on a click.
  int group = -1, context = -1;
  for (size_t g = 0; g < j["groups"].size(); ++g) {
    if (j["groups"][g]["kind"] != "kernel") continue;
    for (int c : j["groups"][g]["contexts"])
      if (!j["contexts"][c]["steps"].empty()) {
        group = static_cast<int>(g);
        context = c;
        break;
      }
  }
  ASSERT_GE(context, 0) << "no kernel of the example applied a rule";
  const std::string kernel = j["groups"][group]["name"];
  const std::string rule = j["contexts"][context]["steps"][0]["rule"];
  // Its search: the k-th search of a kernel name belongs to the k-th kernel group of that name.
  int nth = 0;
  for (int g = 0; g < group; ++g)
    nth += j["groups"][g]["kind"] == "kernel" && j["groups"][g]["name"] == kernel;
  nlohmann::json search;
  for (const auto& s : j["beam"])
    if (s["kernel"] == kernel && nth-- == 0) search = s;
  ASSERT_TRUE(search.is_object()) << "no BEAM search recorded for " << kernel;

  VizServer server(trace);
  ASSERT_FALSE(server.url.empty()) << "lmc viz printed no address";
  EXPECT_TRUE(server.url.starts_with("http://127.0.0.1:")) << server.url;
  {
    Chromium browser(kChromium, profile("browser"), 1400, 900);
    browser.navigate(server.url);
    ASSERT_TRUE(browser.wait_for("document.body.dataset.graphReady === '1'", 30))
        << "the opening graph was never drawn; page error: " << body_data(browser, "error");

    // A kernel in the sidebar: it becomes active and its first rewrite with steps is shown at its input.
    ASSERT_TRUE(browser.click("#groups li:nth-child(" + std::to_string(group + 1) + ")"));
    ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '" + std::to_string(context) + ":0'", 30))
        << "clicking kernel " << kernel << " did not draw context " << context;
    EXPECT_EQ(text_of(browser, "#groups li.active .name"), kernel);

    // A rewrite step: its rule, its graph (with the rule's result marked) and its diff.
    ASSERT_TRUE(browser.click("#next"));
    ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '" + std::to_string(context) + ":1'", 30))
        << "clicking the next step drew nothing";
    EXPECT_EQ(text_of(browser, "#rule-info .rule"), rule);
    EXPECT_EQ(text_of(browser, "#step-label"), "step 1 of " + std::to_string(j["contexts"][context]["steps"].size()));
    const int drawn = browser.eval("document.querySelectorAll('#graph g.node').length");
    EXPECT_GT(drawn, 0);
    EXPECT_EQ(std::to_string(drawn), body_data(browser, "graphNodes"));
    EXPECT_EQ(browser.eval("document.querySelectorAll('#graph g.node.root-after').length"), 1)
        << "the step's result is not marked in the graph";
    EXPECT_GT(browser.eval("document.querySelectorAll('#graph polyline.edge').length").get<int>(), 0);
    const nlohmann::json& first = j["contexts"][context]["steps"][0];
    for (const char* end : {"before", "after"})
      EXPECT_NE(text_of(browser, "#diff").find("n" + std::to_string(first[end].get<int64_t>()) + " = "),
                std::string::npos)
          << "the diff does not print the step's " << end << " node";
    EXPECT_EQ(body_data(browser, "layoutThread"), "worker") << "the layout ran on the page's thread";
    EXPECT_EQ(body_data(browser, "partial"), "0") << "a small graph was shown as a neighbourhood";
    const std::string shot = std::string(LMC_BUILD_DIR) + "/viz-screenshot.png";
    EXPECT_GT(browser.screenshot(shot), 10000u) << shot;

    // The BEAM tab: the kernel's search, every candidate a row, the chosen one marked.
    ASSERT_TRUE(browser.click("#beam-tab"));
    ASSERT_TRUE(browser.wait_for("document.querySelector('#beam-head')", 10)) << text_of(browser, "#beam");
    EXPECT_NE(text_of(browser, "#beam-head").find(kernel), std::string::npos) << text_of(browser, "#beam-head");
    EXPECT_EQ(browser.eval("document.querySelectorAll('#beam table.beam tr').length"), search["candidates"].size() + 1);
    EXPECT_EQ(browser.eval("document.querySelectorAll('#beam tr.chosen').length"), 1);
    EXPECT_NE(text_of(browser, "#beam tr.chosen").find(search["best_opts"].get<std::string>()), std::string::npos);
    EXPECT_GT(browser.screenshot(std::string(LMC_BUILD_DIR) + "/viz-screenshot-beam.png"), 10000u);

    // The code tab: the kernel's generated code, highlighted.
    ASSERT_TRUE(browser.click("#tabs button[data-tab=code]"));
    ASSERT_TRUE(browser.wait_for("document.querySelector('#code-text.hljs')", 10)) << "code not highlighted";
    const std::string source = j["groups"][group]["source"];
    EXPECT_EQ(text_of(browser, "#code-text"), source);
    EXPECT_GT(browser.eval("document.querySelectorAll('#code-text .hljs-keyword').length").get<int>(), 0);

    // The Memory tab: the example's peak of live CPU bytes, summed here from its events by time, and a bar per
    // buffer allocated.
    std::vector<nlohmann::json> events(j["memory"].begin(), j["memory"].end());
    std::stable_sort(events.begin(), events.end(), [](const nlohmann::json& x, const nlohmann::json& y) {
      return x["t_ns"].get<uint64_t>() < y["t_ns"].get<uint64_t>();
    });
    std::map<int64_t, uint64_t> open;
    uint64_t live = 0, peak = 0;
    size_t allocations = 0;
    for (const nlohmann::json& e : events) {
      const int64_t id = e["buffer"];
      if (e["kind"] == "alloc") {
        ++allocations;
        live += open[id] = e["bytes"].get<uint64_t>();
      } else if (open.contains(id)) {
        live -= open[id];
        open.erase(id);
      }
      peak = std::max(peak, live);
    }
    ASSERT_GT(allocations, 0u) << "the example's trace has no memory events";
    ASSERT_TRUE(browser.click("#tabs button[data-tab=memory]"));
    ASSERT_TRUE(browser.wait_for("document.body.dataset.memoryReady === '1'", 10));
    EXPECT_EQ(browser.eval("document.querySelector('.mem-device[data-device=CPU]').dataset.peak"),
              std::to_string(peak));
    EXPECT_EQ(browser.eval("document.querySelectorAll('.mem-device[data-device=CPU] rect.mem-buffer').length"),
              allocations);
    EXPECT_GT(browser.screenshot(std::string(LMC_BUILD_DIR) + "/viz-screenshot-memory-example.png"), 10000u);
    EXPECT_EQ(body_data(browser, "error"), "") << "the page raised an error";
  }
  EXPECT_EQ(server.stop(), 0) << "lmc viz did not stop cleanly on SIGTERM";

  // The static copy opens from disk, where Chromium refuses workers: the page lays out on its own thread.
  const std::string exported = kDir + "/export";
  std::filesystem::remove_all(exported);
  const std::string cmd =
      std::string("'") + LMC_BINARY + "' viz --export '" + exported + "' '" + trace + "' >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  Chromium browser(kChromium, profile("export"), 1400, 900);
  browser.navigate("file://" + exported + "/index.html#g=" + std::to_string(group) + "&c=" + std::to_string(context) +
                   "&s=1");
  ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '" + std::to_string(context) + ":1'", 30))
      << "the exported page drew no graph; page error: " << body_data(browser, "error");
  EXPECT_EQ(text_of(browser, "#rule-info .rule"), rule);
  EXPECT_EQ(body_data(browser, "layoutThread"), "main");
}

// A lowering pass steps like the simplifier: its button among the kernel's passes (in pipeline order), its rule, the
// graph with the rule's result marked, and the diff.
TEST(VizBrowser, ALoweringPassStepsWithItsRuleGraphAndDiff) {
  if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
  const std::string trace = kDir + "/rotate_knn-lowering-trace.json";
  const nlohmann::json j = example_trace(trace, 0);
  ASSERT_TRUE(j.is_object()) << "the example failed or LMC_VIZ=1 wrote no trace at " << trace;
  const std::string pass = "expand_small_reduces";
  int group = -1, context = -1;
  for (size_t g = 0; g < j["groups"].size() && context < 0; ++g)
    if (j["groups"][g]["kind"] == "kernel")
      for (int c : j["groups"][g]["contexts"])
        if (j["contexts"][c]["name"] == pass && !j["contexts"][c]["steps"].empty()) {
          group = static_cast<int>(g);
          context = c;
          break;
        }
  ASSERT_GE(context, 0) << "no kernel of the example traced the lowering pass " << pass;
  std::vector<std::string> passes;
  for (int c : j["groups"][group]["contexts"])
    passes.push_back(j["contexts"][c]["name"]);
  const nlohmann::json& first = j["contexts"][context]["steps"][0];

  VizServer server(trace);
  ASSERT_FALSE(server.url.empty()) << "lmc viz printed no address";
  Chromium browser(kChromium, profile("lowering"), 1400, 900);
  browser.navigate(server.url);
  ASSERT_TRUE(browser.wait_for("document.body.dataset.graphReady === '1'", 30))
      << "the opening graph was never drawn; page error: " << body_data(browser, "error");
  ASSERT_TRUE(browser.click("#groups li:nth-child(" + std::to_string(group + 1) + ")"));
  // The kernel's passes, one button each, in the order the lowering ran them.
  const nlohmann::json shown = browser.eval("[...document.querySelectorAll('#contexts button.context')].map(b => "
                                            "b.textContent.replace(/ \\(\\d+\\)$/, ''))");
  EXPECT_EQ(shown, nlohmann::json(passes));
  const int position = static_cast<int>(std::find(passes.begin(), passes.end(), pass) - passes.begin());
  ASSERT_TRUE(browser.click("#contexts button.context:nth-child(" + std::to_string(position + 1) + ")"));
  ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '" + std::to_string(context) + ":0'", 30))
      << "clicking the pass " << pass << " did not draw its input";
  ASSERT_TRUE(browser.click("#next"));
  ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '" + std::to_string(context) + ":1'", 30))
      << "stepping the pass drew nothing";
  EXPECT_EQ(text_of(browser, "#rule-info .rule"), "expand_small_reduce");
  EXPECT_EQ(browser.eval("document.querySelectorAll('#graph g.node.root-after').length"), 1)
      << "the step's result is not marked in the graph";
  for (const char* end : {"before", "after"})
    EXPECT_NE(text_of(browser, "#diff").find("n" + std::to_string(first[end].get<int64_t>()) + " = "),
              std::string::npos)
        << "the diff does not print the step's " << end << " node";
  EXPECT_NE(text_of(browser, "#diff").find("REDUCE"), std::string::npos) << "the expanded REDUCE is not in the diff";
  EXPECT_EQ(body_data(browser, "error"), "") << "the page raised an error";
  EXPECT_GT(browser.screenshot(std::string(LMC_BUILD_DIR) + "/viz-screenshot-lowering.png"), 10000u);
}

// The Passes tab of a kernel lists its passes by start time with their times, and a rewrite pass's row steps into
// it; the Memory tab shows the known program's peak (three 4,000-byte buffers at once) and its four buffers.
TEST(VizBrowser, PassesTabStepsIntoALoweringPassAndMemoryTabShowsTheKnownPeakAndBuffers) {
  if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
  rw::Tracer tracer;
  MemoryProgram program;
  program.run(tracer);
  std::filesystem::create_directories(kDir);
  const std::string trace = kDir + "/memory-trace.json";
  rw::write_trace(tracer, trace);
  const nlohmann::json j = rw::trace_to_json(tracer);
  // b's kernel and its first lowering pass (not the first context, which the page opens on) that rewrote something.
  int group = -1, context = -1;
  for (size_t g = 0; g < j["groups"].size() && group < 0; ++g)
    if (j["groups"][g]["kind"] == "kernel" && j["groups"][g]["name"] == program.kernel_b) group = static_cast<int>(g);
  ASSERT_GE(group, 0) << "no kernel group for " << program.kernel_b;
  const nlohmann::json& contexts = j["groups"][group]["contexts"];
  for (size_t k = 1; k < contexts.size() && context < 0; ++k)
    if (!j["contexts"][contexts[k].get<int>()]["steps"].empty()) context = contexts[k];
  ASSERT_GE(context, 0) << program.kernel_b << " has no lowering pass after the first that rewrote something";
  // The passes by start time, as the page must list them: the kernel's rewrite contexts and its timed phases.
  std::vector<std::pair<uint64_t, std::string>> expected;
  for (int c : contexts)
    expected.emplace_back(j["contexts"][c]["start_ns"], j["contexts"][c]["name"]);
  for (const auto& ph : j["groups"][group]["phases"])
    expected.emplace_back(ph["start_ns"], ph["name"]);
  std::stable_sort(expected.begin(), expected.end(), [](auto& x, auto& y) { return x.first < y.first; });
  nlohmann::json expected_names = nlohmann::json::array();
  for (auto& e : expected)
    expected_names.push_back(e.second);

  VizServer server(trace);
  ASSERT_FALSE(server.url.empty()) << "lmc viz printed no address";
  Chromium browser(kChromium, profile("memory"), 1400, 900);
  browser.navigate(server.url);
  ASSERT_TRUE(browser.wait_for("document.body.dataset.graphReady === '1'", 30))
      << "the opening graph was never drawn; page error: " << body_data(browser, "error");
  ASSERT_TRUE(browser.click("#groups li:nth-child(" + std::to_string(group + 1) + ")"));
  ASSERT_TRUE(browser.click("#tabs button[data-tab=passes]"));
  ASSERT_TRUE(browser.wait_for("document.body.dataset.passesFor === '" + std::to_string(group) + "'", 10));
  EXPECT_EQ(browser.eval("[...document.querySelectorAll('#passes tr.pass')].map(r => r.dataset.name)"), expected_names);
  for (const char* phase : {"opts", "linearize", "render", "compile"})
    EXPECT_NE(std::find(expected_names.begin(), expected_names.end(), phase), expected_names.end()) << phase;
  // Each rewrite pass's time is the context's wall time, in microseconds.
  const nlohmann::json& pass = j["contexts"][context];
  char us[32];
  std::snprintf(us, sizeof us, "%.1f", pass["duration_ns"].get<uint64_t>() / 1000.0);
  const std::string row = "#passes tr.pass[data-context='" + std::to_string(context) + "']";
  EXPECT_EQ(text_of(browser, row + " td:nth-child(5)"), us) << pass["name"];
  EXPECT_GT(browser.screenshot(std::string(LMC_BUILD_DIR) + "/viz-screenshot-passes.png"), 10000u);
  // The row steps into the pass: its input graph, then its first rule.
  ASSERT_TRUE(browser.click(row));
  ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '" + std::to_string(context) + ":0'", 30))
      << "clicking the pass " << pass["name"] << " in the list did not draw its input";
  ASSERT_TRUE(browser.click("#next"));
  ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '" + std::to_string(context) + ":1'", 30));
  EXPECT_EQ(text_of(browser, "#rule-info .rule"), pass["steps"][0]["rule"].get<std::string>());

  // The Memory view: the peak of three live 4,000-byte buffers, four buffers, d still live at the end.
  ASSERT_TRUE(browser.click("#tabs button[data-tab=memory]"));
  ASSERT_TRUE(browser.wait_for("document.body.dataset.memoryReady === '1'", 10));
  const std::string cpu = ".mem-device[data-device=CPU]";
  EXPECT_EQ(browser.eval("document.querySelectorAll('.mem-device').length"), 1);
  EXPECT_EQ(browser.eval("document.querySelector('" + cpu + "').dataset.peak"), std::to_string(MemoryProgram::kPeak));
  EXPECT_EQ(browser.eval("document.querySelectorAll('" + cpu + " rect.mem-buffer').length"), MemoryProgram::kBuffers);
  EXPECT_EQ(browser.eval("document.querySelectorAll('" + cpu + " rect.mem-buffer.live-at-end').length"), 1);
  EXPECT_EQ(browser.eval("document.querySelectorAll('" + cpu + " rect.mem-buffer.from-cache').length"), 1)
      << "d, served from the allocator's cache, is not marked";
  const std::string head = text_of(browser, cpu + " .mem-head");
  EXPECT_NE(head.find("peak 11.7 KiB (12000 bytes)"), std::string::npos) << head;
  EXPECT_NE(head.find("4 buffers (1 from the allocator's cache)"), std::string::npos) << head;
  EXPECT_EQ(text_of(browser, cpu + " .mem-peak-label"), "peak 11.7 KiB");
  // Clicking b's bar shows its size, label (the kernel it is the output of) and lifetime.
  ASSERT_TRUE(browser.click(cpu + " rect.mem-buffer[data-id='" + std::to_string(program.b) + "']"));
  const std::string info = text_of(browser, "#mem-info");
  EXPECT_NE(info.find("buffer " + std::to_string(program.b) + " on CPU: 3.9 KiB (4000 bytes)"), std::string::npos)
      << info;
  EXPECT_NE(info.find("out of " + program.kernel_b), std::string::npos) << info;
  EXPECT_NE(info.find("freed at +"), std::string::npos) << info;
  // Two launches (b's and c's kernels) tick under the bars, on the same clock.
  EXPECT_EQ(browser.eval("document.querySelectorAll('" + cpu + " rect.mem-launch').length"), 2);
  // Each buffer is also a band of its bytes in the live-bytes graph; evenly spaced events redraw the same view.
  EXPECT_EQ(browser.eval("document.querySelectorAll('" + cpu + " path.mem-band').length"), MemoryProgram::kBuffers);
  EXPECT_GT(browser.screenshot(std::string(LMC_BUILD_DIR) + "/viz-screenshot-memory.png"), 10000u);
  ASSERT_TRUE(browser.click("#mem-by-event"));
  ASSERT_TRUE(browser.wait_for("document.querySelector('#mem-by-event').checked", 10));
  EXPECT_EQ(browser.eval("document.querySelector('" + cpu + "').dataset.peak"), std::to_string(MemoryProgram::kPeak));
  EXPECT_EQ(browser.eval("document.querySelectorAll('" + cpu + " rect.mem-buffer').length"), MemoryProgram::kBuffers);
  EXPECT_NE(text_of(browser, cpu + " svg").find("7 allocations and frees, evenly spaced"), std::string::npos);
  EXPECT_EQ(body_data(browser, "error"), "") << "the page raised an error";
  EXPECT_GT(browser.screenshot(std::string(LMC_BUILD_DIR) + "/viz-screenshot-memory-events.png"), 10000u);
  // The link beside a buffer's details opens the kernel it is the output of.
  ASSERT_TRUE(browser.click(cpu + " rect.mem-buffer[data-id='" + std::to_string(program.c) + "']"));
  ASSERT_TRUE(browser.click("#mem-info a.mem-writer"));
  ASSERT_TRUE(browser.wait_for("document.querySelector('#groups li.active')", 10));
  EXPECT_EQ(text_of(browser, "#groups li.active .name"), program.kernel_c);
  // The group c's launch ran (b's kernel may have the same name, so the name alone would not tell them apart).
  EXPECT_EQ(
      browser.eval("[...document.querySelectorAll('#groups li')].findIndex(li => li.classList.contains('active'))"),
      j["launches"].back()["group"]);
}

TEST(VizBrowser, FiveThousandNodeTraceShowsItsFirstStepAsANeighbourhood) {
  if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
  std::filesystem::create_directories(kDir);
  const nlohmann::json big = LargeTraceBuilder::make(5000, 40);
  const std::string trace = kDir + "/large-trace.json";
  std::ofstream(trace) << big.dump();
  const size_t total = big["nodes"].size();
  ASSERT_GE(total, 5000u);

  VizServer server(trace);
  ASSERT_FALSE(server.url.empty()) << "lmc viz printed no address";
  {
    Chromium browser(kChromium, profile("large"), 1400, 900);
    browser.navigate(server.url + "#g=0&c=0&s=1");
    ASSERT_TRUE(browser.wait_for("document.body.dataset.graphFor === '0:1'", 60))
        << "the first step of the 5,000-node trace was never drawn; page error: " << body_data(browser, "error");
    const std::string first_ms = body_data(browser, "firstGraphMs");
    const int shown = std::stoi(body_data(browser, "graphNodes"));
    const int graph = std::stoi(body_data(browser, "graphTotal"));
    std::printf("[viz] %zu-node trace: first step drawn %s ms after navigation (layout %s ms in the %s, %d of %d "
                "nodes shown)\n",
                total, first_ms.c_str(), body_data(browser, "graphMs").c_str(),
                body_data(browser, "layoutThread").c_str(), shown, graph);
    std::fflush(stdout);
    EXPECT_GT(graph, 4000) << "the replayed graph lost nodes";
    EXPECT_EQ(body_data(browser, "partial"), "1");
    EXPECT_LE(shown, 300) << "the neighbourhood exceeds its node budget";
    EXPECT_EQ(browser.eval("document.querySelectorAll('#graph g.node').length"), shown);
    EXPECT_EQ(browser.eval("document.querySelectorAll('#graph g.node.root-after').length"), 1);
    EXPECT_NE(text_of(browser, "#hood-note").find("Partial view: " + std::to_string(shown) + " of"), std::string::npos)
        << text_of(browser, "#hood-note");
    EXPECT_EQ(body_data(browser, "layoutThread"), "worker");
    EXPECT_GT(browser.screenshot(std::string(LMC_BUILD_DIR) + "/viz-screenshot-large.png"), 10000u);

    // Widen doubles the budget; a double-click on a node centres the view on it.
    ASSERT_TRUE(browser.click("#hood-widen"));
    ASSERT_TRUE(browser.wait_for("+document.body.dataset.graphNodes > " + std::to_string(shown), 60)) << "widen";
    EXPECT_LE(std::stoi(body_data(browser, "graphNodes")), 2 * shown);
    // A dashed node (one with neighbours not shown) that is in view.
    const nlohmann::json pick = browser.eval(
        "(() => { const v = document.getElementById('graph').getBoundingClientRect();"
        " for (const e of document.querySelectorAll('#graph g.node.boundary:not(.root-after)')) {"
        " const r = e.getBoundingClientRect(); if (r.width > 20 && r.left >= v.left && r.right <= v.right &&"
        " r.top >= v.top && r.bottom <= v.bottom) return e.dataset.id; } return null; })()");
    ASSERT_TRUE(pick.is_string()) << "no dashed node in view";
    ASSERT_TRUE(browser.double_click("#graph g.node[data-id='" + pick.get<std::string>() + "']"));
    ASSERT_TRUE(browser.wait_for("document.querySelector('#graph g.node.focus')", 60)) << "no node to centre on";
    EXPECT_EQ(browser.eval("document.querySelector('#graph g.node.focus').dataset.id"), pick);
    EXPECT_NE(text_of(browser, "#hood-note").find("node n" + pick.get<std::string>()), std::string::npos)
        << text_of(browser, "#hood-note");
    EXPECT_EQ(body_data(browser, "error"), "") << "the page raised an error";
  }
  EXPECT_EQ(server.stop(), 0);
}

} // namespace
} // namespace lmc::viz_test
