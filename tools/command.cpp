// The argument reader every subcommand shares (flags with values, bare flags, positionals) and integer parsing.
// Its own file because it is the one piece of the `lmc` command that is not a subcommand or the dispatcher.
#include "tools/command.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace lmc::tools {

Args::Args(std::string_view command, std::span<const std::string> args, std::vector<std::string_view> value_flags,
           std::vector<std::string_view> bool_flags) {
  auto known = [](const std::vector<std::string_view>& list, std::string_view f) {
    return std::find(list.begin(), list.end(), f) != list.end();
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      positional_.insert(positional_.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (!a.starts_with("--") && a != "-h") {
      positional_.push_back(a);
      continue;
    }
    std::string flag = a == "-h" ? "--help" : a;
    std::optional<std::string> inline_value;
    if (auto eq = flag.find('='); eq != std::string::npos) {
      inline_value = flag.substr(eq + 1);
      flag.resize(eq);
    }
    if (known(value_flags, flag)) {
      if (inline_value)
        flags_.emplace_back(flag, *inline_value);
      else if (i + 1 < args.size())
        flags_.emplace_back(flag, args[++i]);
      else
        throw UsageError(fmt::format("lmc {}: {} needs a value", command, flag));
    } else if (known(bool_flags, flag) || flag == "--help") {
      if (inline_value) throw UsageError(fmt::format("lmc {}: {} takes no value", command, flag));
      flags_.emplace_back(flag, "");
    } else {
      throw UsageError(fmt::format("lmc {}: unknown flag '{}' (see lmc help {})", command, a, command));
    }
  }
}

bool Args::has(std::string_view flag) const {
  return std::any_of(flags_.begin(), flags_.end(), [&](const auto& f) { return f.first == flag; });
}

std::optional<std::string> Args::value(std::string_view flag) const {
  std::optional<std::string> out;
  for (const auto& [f, v] : flags_)
    if (f == flag) out = v;
  return out;
}

std::vector<std::string> Args::values(std::string_view flag) const {
  std::vector<std::string> out;
  for (const auto& [f, v] : flags_)
    if (f == flag) out.push_back(v);
  return out;
}

int64_t parse_int(std::string_view text, std::string_view what, int64_t lo, int64_t hi) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  const bool ranged = lo != INT64_MIN || hi != INT64_MAX;
  const std::string expected = ranged ? fmt::format("an integer in [{}, {}]", lo, hi) : "an integer in the int64 range";
  if (text.empty() || ec != std::errc{} || ptr != end)
    throw UsageError(fmt::format("{}: '{}' is not {}", what, text,
                                 ec == std::errc::result_out_of_range || ranged ? expected : "an integer"));
  if (value < lo || value > hi) throw UsageError(fmt::format("{}: {} is outside [{}, {}]", what, value, lo, hi));
  return value;
}

} // namespace lmc::tools
