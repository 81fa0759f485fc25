// The viz site over the embedded page files: lookup by path, trace loading and checking, static export.
// Its own file so the server knows nothing about traces and the page.
#include "viz/assets.hpp"

#include "ir/error.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lmc::viz {

std::string read_trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("lmc viz: cannot read the trace {} (make one with LMC_VIZ=1 <program>)", path));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("lmc viz: {} is not JSON: {}", path, e.what()));
  }
  if (!parsed.is_object() || parsed.value("format", "") != "lmc-trace")
    throw Error(fmt::format("lmc viz: {} is not an lmc trace (no \"format\": \"lmc-trace\")", path));
  return text.str();
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
  namespace fs = std::filesystem;
  auto write = [&](const std::string& rel, std::string_view data) {
    const fs::path p = fs::path(dir) / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) throw Error(fmt::format("lmc viz: cannot write {}", p.string()));
  };
  for (const Asset& a : web_assets())
    write(std::string(a.path), a.data);
  write("trace.js", trace_js_);
}

} // namespace lmc::viz
