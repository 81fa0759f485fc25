// The viz site over the embedded page files: lookup by path, trace loading and checking, static export.
// Its own file so the server knows nothing about traces and the page.
#include "viz/assets.hpp"

#include "ir/error.hpp"
#include "ir/file_io.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lmc::viz {

std::string read_trace(const std::string& path) {
  // A regular file of bounded size: `lmc viz /dev/zero` or a FIFO would otherwise be read forever.
  constexpr uint64_t kMaxTraceBytes = uint64_t{1} << 30;
  std::string text;
  try {
    text = read_regular_file(path, kMaxTraceBytes, "lmc viz: the trace");
  } catch (const Error& e) {
    throw Error(fmt::format("{} (make one with LMC_VIZ=1 <program>)", e.what()));
  }
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("lmc viz: {} is not JSON: {}", path, e.what()));
  }
  if (!parsed.is_object() || parsed.value("format", "") != "lmc-trace")
    throw Error(fmt::format("lmc viz: {} is not an lmc trace (no \"format\": \"lmc-trace\")", path));
  return text;
}

Site::Site(std::string trace_json)
    : trace_json_(std::move(trace_json)), trace_js_("window.LMC_TRACE = " + trace_json_ + ";\n") {}

std::optional<Response> Site::get(const std::string& path) const {
  if (path == "/trace.json") return Response{content_type_for(path), trace_json_};
  if (path == "/trace.js") return Response{content_type_for(path), trace_js_};
  const std::string rel = path == "/" ? "index.html" : path.substr(path.starts_with('/') ? 1 : 0);
  for (const Asset& a : web_assets())
    if (a.path == rel) return Response{content_type_for(rel), std::string(a.data)};
  return std::nullopt;
}

void Site::export_to(const std::string& dir) const {
  // One output set: every file is written and flushed before any is moved into `dir`, so a failure (a full disk)
  // leaves no page that loads a stale or missing trace.
  std::vector<std::pair<std::string, std::string>> files;
  for (const Asset& a : web_assets())
    files.emplace_back(std::string(a.path), std::string(a.data));
  files.emplace_back("trace.js", trace_js_);
  write_files_atomic(dir, files, "lmc viz --export");
}

} // namespace lmc::viz
