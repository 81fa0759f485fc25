// The viz site: the page's files (built from viz/web, embedded in the binary by embed.cmake) plus the trace,
// served by server.hpp or written to a folder as a static copy that opens from disk.
#pragma once
#include "viz/server.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lmc::viz {

struct Asset {
  std::string_view path; // relative to the site root: "index.html", "assets/app.js"
  std::string_view data;
};

// Every embedded file of the page (generated).
std::span<const Asset> web_assets();

// Reads a trace file and checks it is one (format "lmc-trace"); throws lmc::Error saying what is wrong.
std::string read_trace(const std::string& path);

// The page plus one trace: the embedded files, /trace.json, and /trace.js (the trace as a script, which is how
// the page loads it, so that the static copy works from file:// where fetch() is not allowed).
class Site {
public:
  explicit Site(std::string trace_json);
  std::optional<Response> get(const std::string& path) const;
  // Writes index.html, assets/ and trace.js under `dir` (created if missing), all or none (write_files_atomic).
  void export_to(const std::string& dir) const;

private:
  std::string trace_json_;
  std::string trace_js_;
};

} // namespace lmc::viz
