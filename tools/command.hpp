// The `lmc` subcommand registry: what a subcommand is, the table of them, and the small argument reader they share.
// Its own file so each subcommand lives in one .cpp of its own and main.cpp stays a dispatcher.
#pragma once
#include "ir/error.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lmc::tools {

// Bad command-line input: the message goes to stderr and lmc exits with code 2.
class UsageError : public Error {
public:
  using Error::Error;
};

// One subcommand: `lmc <name> ...`. run() gets the arguments after the name and returns the exit code.
struct Command {
  std::string_view name;
  std::string_view summary; // one line, for `lmc help`
  std::string_view usage;   // the full help text, for `lmc help <name>` and `lmc <name> --help`
  int (*run)(std::span<const std::string> args);
};

// Every subcommand, in the order `lmc help` lists them. One line per subcommand in main.cpp.
std::span<const Command* const> commands();

// The subcommands, one file each.
extern const Command simplify_command;
extern const Command fuzz_command;
extern const Command devices_command;
extern const Command monty_command;
extern const Command viz_command;
extern const Command beam_command;
extern const Command demo_command;

// Reads `--flag value`, `--flag=value` and bare flags in any order; everything else (and all after `--`) is a
// positional argument. Unknown flags and missing values are UsageErrors.
class Args {
public:
  Args(std::string_view command, std::span<const std::string> args, std::vector<std::string_view> value_flags,
       std::vector<std::string_view> bool_flags);
  bool has(std::string_view flag) const;
  std::optional<std::string> value(std::string_view flag) const; // the last one given
  std::vector<std::string> values(std::string_view flag) const;  // all, in order
  const std::vector<std::string>& positional() const { return positional_; }

private:
  std::vector<std::pair<std::string, std::string>> flags_;
  std::vector<std::string> positional_;
};

// Parses a whole decimal integer ("-3", "15") in [lo, hi] or throws a UsageError naming `what`, the text and the
// range: a value is checked before any narrowing, so --port 4294975296 is refused rather than read as 8000.
int64_t parse_int(std::string_view text, std::string_view what, int64_t lo = INT64_MIN, int64_t hi = INT64_MAX);

} // namespace lmc::tools
