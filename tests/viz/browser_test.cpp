// The viz page in a real headless Chromium (Debian's chromium): an example run with LMC_VIZ=1 writes a trace,
// `lmc viz` serves it, and the rendered DOM must show the kernel list, a laid-out graph, a rule and the code.
// Saves a screenshot in the build folder. Skips (with a message) where /usr/bin/chromium is not installed.
#include <array>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

const std::string kChromium = "/usr/bin/chromium";

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
    out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

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

std::string chromium(const std::string& what, const std::string& url) {
  const std::string profile = ::testing::TempDir() + "lmc_viz_chromium_" + std::to_string(::getpid());
  std::filesystem::create_directories(profile);
  const std::string out =
      run(kChromium +
          " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
          " --no-first-run --disable-dev-shm-usage --user-data-dir=" +
          profile + " --window-size=1400,900 --virtual-time-budget=15000 " + what + " '" + url + "' 2>/dev/null");
  std::filesystem::remove_all(profile);
  return out;
}

TEST(VizBrowser, PageShowsKernelsGraphRuleAndCodeForAnExampleTrace) {
  if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
  const std::string dir = std::string(LMC_BUILD_DIR) + "/viz-test";
  std::filesystem::create_directories(dir);
  const std::string trace = dir + "/rotate_knn-trace.json";
  std::filesystem::remove(trace);
  const std::string example = std::string("LMC_VIZ=1 LMC_VIZ_FILE='") + trace + "' LMC_DEVICE=CPU '" + LMC_EXAMPLE +
                              "' 64 300 4 CPU >/dev/null";
  ASSERT_EQ(std::system(example.c_str()), 0) << example;
  ASSERT_TRUE(std::filesystem::exists(trace)) << "LMC_VIZ=1 wrote no trace";
  std::ifstream in(trace);
  const nlohmann::json j = nlohmann::json::parse(in);

  // The first kernel, and its first rewrite that applied a rule.
  int group = -1, context = -1;
  for (size_t g = 0; g < j["groups"].size() && context < 0; ++g) {
    if (j["groups"][g]["kind"] != "kernel") continue;
    group = static_cast<int>(g);
    for (int c : j["groups"][g]["contexts"])
      if (!j["contexts"][c]["steps"].empty()) {
        context = c;
        break;
      }
  }
  ASSERT_GE(context, 0) << "no kernel of the example applied a rule";
  const std::string kernel = j["groups"][group]["name"];
  const std::string rule = j["contexts"][context]["steps"][0]["rule"];

  VizServer server(trace);
  ASSERT_FALSE(server.url.empty()) << "lmc viz printed no address";
  EXPECT_TRUE(server.url.starts_with("http://127.0.0.1:")) << server.url;

  // The first step of that rewrite: the graph is laid out and drawn, the rule is named, the kernel is listed.
  // sync=1 lays out on the page's thread: headless virtual time ends without waiting for a Web Worker.
  const std::string at = server.url + "#g=" + std::to_string(group) + "&c=" + std::to_string(context) + "&s=1&sync=1";
  const std::string dom = chromium("--dump-dom", at);
  EXPECT_NE(dom.find("data-graph-ready=\"1\""), std::string::npos) << "the graph was never drawn";
  EXPECT_NE(dom.find("class=\"node"), std::string::npos);
  EXPECT_NE(dom.find("class=\"group active\" data-kind=\"kernel\""), std::string::npos);
  EXPECT_NE(dom.find(">" + kernel + "<"), std::string::npos) << "kernel " << kernel << " not in the sidebar";
  EXPECT_NE(dom.find("<span class=\"rule\">" + rule + "</span>"), std::string::npos) << "rule " << rule;

  // The code tab highlights the kernel's generated code.
  const std::string code = chromium("--dump-dom", server.url + "#g=" + std::to_string(group) + "&tab=code&sync=1");
  EXPECT_NE(code.find("id=\"code-text\" class=\"language-llvm hljs"), std::string::npos) << "code not highlighted";
  EXPECT_NE(code.find("hljs-keyword"), std::string::npos);

  const std::string shot = std::string(LMC_BUILD_DIR) + "/viz-screenshot.png";
  std::filesystem::remove(shot);
  chromium("--screenshot=" + shot, at);
  EXPECT_TRUE(std::filesystem::exists(shot)) << "no screenshot at " << shot;
  EXPECT_EQ(server.stop(), 0) << "lmc viz did not stop cleanly on SIGTERM";
}

} // namespace
