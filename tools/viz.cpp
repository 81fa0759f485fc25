// `lmc viz`: serves the viz page for a trace written by LMC_VIZ=1 on 127.0.0.1 (another interface only when
// asked, with a warning), or writes a static copy with --export. It opens no browser by itself.
#include "tools/command.hpp"
#include "viz/assets.hpp"
#include "viz/server.hpp"

#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <optional>

namespace lmc::tools {
namespace {

viz::Server* g_server = nullptr;

extern "C" void stop_on_signal(int) {
  if (g_server) g_server->stop();
}

int run_viz(std::span<const std::string> args) {
  Args a("viz", args, {"--port", "--host", "--export", "--max-requests"}, {});
  if (a.positional().size() > 1) throw UsageError("lmc viz takes at most one trace file (run `lmc help viz`)");
  // Every flag is checked before the trace is read, so a bad value is named whatever the trace.
  viz::ServerOptions options;
  if (auto host = a.value("--host")) options.host = *host;
  if (auto port = a.value("--port")) options.port = static_cast<int>(parse_int(*port, "lmc viz: --port", 0, 65535));
  if (auto n = a.value("--max-requests"))
    options.max_requests = static_cast<int>(parse_int(*n, "lmc viz: --max-requests", 0, INT32_MAX));
  const std::optional<std::string> export_dir = a.value("--export");
  // An empty name would write into the working directory, over whatever index.html and assets/ are there.
  if (export_dir && export_dir->empty()) throw UsageError("lmc viz: --export '': expected a directory name");
  const std::string trace = a.positional().empty() ? "lmc-trace.json" : a.positional()[0];
  std::string text;
  try {
    text = viz::read_trace(trace);
  } catch (const Error& e) {
    throw UsageError(e.what()); // a missing or wrong file is the user's input, not an internal error
  }
  const viz::Site site(std::move(text));
  if (export_dir) {
    try {
      site.export_to(*export_dir);
    } catch (const Error& e) { // a folder that cannot be written (or a full disk): said, exit 2, no partial file
      throw UsageError(e.what());
    }
    fmt::print("lmc viz: wrote {}/index.html (open it in a browser; the trace is embedded as trace.js)\n", *export_dir);
    return 0;
  }
  if (options.host != "127.0.0.1" && options.host != "localhost" && options.host != "::1")
    fmt::print(stderr,
               "lmc viz: warning: serving on {}, not only on this machine's loopback: anyone who can reach "
               "that address can read the trace (kernel code, graphs)\n",
               options.host);
  // A host that does not resolve or a port in use (or one below 1024 without the right) is the user's choice: exit 2
  // naming it, not an internal error.
  std::optional<viz::Server> serving;
  try {
    serving.emplace(options, [&](const std::string& path) { return site.get(path); });
  } catch (const Error& e) {
    throw UsageError(fmt::format("{} (--host {}, --port {})", e.what(), options.host, options.port));
  }
  viz::Server& server = *serving;
  g_server = &server;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  fmt::print("lmc viz: serving {} at {} (Ctrl-C stops)\n", trace, server.url());
  std::fflush(stdout);
  server.serve();
  g_server = nullptr;
  return 0;
}

} // namespace

const Command viz_command{
    "viz", "serve the rewrite/code/launch viewer for an LMC_VIZ trace",
    "usage: lmc viz [TRACE] [--port N] [--host H] [--max-requests N]\n"
    "       lmc viz --export DIR [TRACE]\n\n"
    "Serves the viz page for TRACE (default lmc-trace.json, which LMC_VIZ=1 <program> writes in the working\n"
    "directory; LMC_VIZ_FILE picks another path) and prints its address; it opens no browser.\n"
    "  --port N          port to listen on (default 8000; 0 picks a free one)\n"
    "  --host H          interface to listen on (default 127.0.0.1; any other prints a warning)\n"
    "  --max-requests N  stop after answering N requests (for tests)\n"
    "  --export DIR      write a static copy (index.html, assets/, trace.js) that opens from disk, and exit\n",
    run_viz};

} // namespace lmc::tools
