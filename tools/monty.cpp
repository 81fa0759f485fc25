// `lmc monty replay CASE_DIR --out OUT_DIR`: runs one case of Monty's golden data through the LM library and writes
// the arrays the case defines as .npy files of the same names. Its own file as one subcommand of `lmc`.
#include "frontend/lm/replay.hpp"
#include "tools/command.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace lmc::tools {
namespace {

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
  const lm::ReplayResult r = lm::replay_case(case_dir, dtype, device);
  std::filesystem::create_directories(*out);
  for (const auto& [name, array] : r.arrays)
    lm::write_npy((std::filesystem::path(*out) / (name + ".npy")).string(), array);
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
