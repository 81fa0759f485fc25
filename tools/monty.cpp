// `lmc monty replay CASE_DIR --out OUT_DIR`: runs one case of Monty's golden data through the LM library and writes
// the arrays the case defines as .npy files of the same names. Its own file as one subcommand of `lmc`.
#include "ir/file_io.hpp"
#include "lm/replay.hpp"
#include "tools/command.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <set>
#include <sys/stat.h>
#include <utility>

namespace lmc::tools {
namespace {

// Refuses an output that would overwrite any file of the case (its inputs, expected outputs or case.json), however
// it is named: the case folder itself, a link to it, or a file that is a hard or symbolic link to a case file.
void check_outputs_outside_case(const std::string& case_dir, const std::string& out_dir,
                                const std::vector<std::string>& names) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(out_dir, ec) && fs::equivalent(out_dir, case_dir, ec))
    throw UsageError(fmt::format("lmc monty replay: --out {} is the case folder {}: its inputs and expected outputs "
                                 "would be overwritten (expected another folder)",
                                 out_dir, case_dir));
  std::set<std::pair<dev_t, ino_t>> case_files;
  for (const fs::directory_entry& e : fs::directory_iterator(case_dir, ec)) {
    struct stat st {};
    if (::stat(e.path().c_str(), &st) == 0) case_files.insert({st.st_dev, st.st_ino});
  }
  for (const std::string& name : names) {
    const fs::path target = fs::path(out_dir) / (name + ".npy");
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && case_files.count({st.st_dev, st.st_ino}))
      throw UsageError(fmt::format("lmc monty replay: --out {}: {} is a file of the case {} (expected an output "
                                   "folder that does not hold the case's files)",
                                   out_dir, target.string(), case_dir));
  }
}

int run_monty(std::span<const std::string> args) {
  Args a("monty", args, {"--out", "--device", "--dtype"}, {});
  if (a.has("--help")) {
    fmt::print("{}", monty_command.usage);
    return 0;
  }
  const auto& pos = a.positional();
  if (pos.size() != 2 || pos[0] != "replay") throw UsageError("usage: lmc monty replay CASE_DIR --out OUT_DIR");
  const std::string case_dir = pos[1];
  const std::optional<std::string> out = a.value("--out");
  if (!out) throw UsageError("lmc monty replay: --out OUT_DIR is required");
  const std::string dtype_name = a.value("--dtype").value_or("float64");
  if (dtype_name != "float64" && dtype_name != "float32")
    throw UsageError(fmt::format("lmc monty replay: --dtype {} (use float64 or float32)", dtype_name));
  const DType dtype = dtype_name == "float64" ? float64 : float32;
  const std::string device = a.value("--device").value_or("");
  if (!device.empty() && device != "CPU" && device != "CUDA" && device != "cpu" && device != "cuda")
    throw UsageError(fmt::format("lmc monty replay: --device {} (use CPU or CUDA)", device));

  // A case that cannot be read is bad input (exit 2), like a bad flag.
  std::string kind;
  try {
    kind = lm::case_kind(case_dir);
  } catch (const Error& e) {
    throw UsageError(fmt::format("lmc {}", e.what()));
  }
  if (kind != "evidence_step" && kind != "initial_space" && kind != "burst_episode") {
    fmt::print(stderr,
               "lmc monty replay: case kind '{}' is not supported (supported: evidence_step, initial_space, "
               "burst_episode)\n",
               kind);
    return 2;
  }
  check_outputs_outside_case(case_dir, *out, {}); // before the work, the folder itself
  lm::ReplayResult r;
  try {
    r = lm::replay_case(case_dir, dtype, device);
  } catch (const lm::CaseError& e) {
    throw UsageError(fmt::format("lmc {}", e.what()));
  }
  std::vector<std::string> names;
  for (const auto& [name, array] : r.arrays)
    names.push_back(name);
  check_outputs_outside_case(case_dir, *out, names);
  // The arrays are one output set: all of them are written and flushed before any is moved into --out, so a full
  // disk leaves the folder as it was (not half old, half new); a failure exits non-zero.
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& [name, array] : r.arrays) {
    const std::vector<uint8_t> bytes = lm::serialize_npy(array);
    files.emplace_back(name + ".npy", std::string(bytes.begin(), bytes.end()));
  }
  try {
    write_files_atomic(*out, files, "lmc monty replay");
  } catch (const Error& e) { // the system's fault (a full disk, a read-only folder), not lmc's: no "internal error"
    fmt::print(stderr, "lmc monty replay: {}\n", e.what());
    return 1;
  }
  fmt::print("{} ({}, {}): wrote {} arrays to {}\n", case_dir, kind, dtype_name, r.arrays.size(), *out);
  for (const auto& [name, value] : r.scalars)
    fmt::print("  {} = {:.17g}\n", name, value);
  return 0;
}

} // namespace

const Command monty_command{
    "monty", "replay a case of Monty's golden data through the LM library",
    "usage: lmc monty replay CASE_DIR --out OUT_DIR [--device CPU|CUDA] [--dtype float64|float32]\n\n"
    "Reads CASE_DIR/case.json and its input .npy arrays (the format of shared/golden/monty/README.md), runs the\n"
    "LM library's tensor programs on the device, and writes every output and intermediate the case defines to\n"
    "OUT_DIR as .npy files with the same names; prints the scalar results. Kinds: evidence_step, initial_space\n"
    "and burst_episode (which also writes the LM's per-step results: step_max_evidence, step_possible_matches,\n"
    "step_mlh_*). Another kind exits with code 2.\n",
    run_monty};

} // namespace lmc::tools
