// The `lmc` command: finds the subcommand by name and runs it; `lmc help` lists them.
// Its own file so the dispatcher and the list of subcommands stay apart from what each subcommand does.
#include "ir/config.hpp"
#include "tools/command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fmt/format.h>
#include <string>
#include <system_error>

namespace lmc::tools {

// The registry: one line per subcommand.
static const Command* const kCommands[] = {
    &simplify_command, &fuzz_command, &devices_command, &monty_command, &viz_command, &beam_command, &demo_command,
};

std::span<const Command* const> commands() {
  return kCommands;
}

namespace {

const Command* find(std::string_view name) {
  for (const Command* c : commands())
    if (c->name == name) return c;
  return nullptr;
}

void print_overview(std::FILE* out) {
  fmt::print(out, "lmc: the learning-module compiler\n\nusage: lmc <command> [args]\n\ncommands:\n");
  for (const Command* c : commands())
    fmt::print(out, "  {:<10} {}\n", c->name, c->summary);
  fmt::print(out, "  {:<10} {}\n\nRun `lmc help <command>` for a command's flags.\n", "help",
             "this overview, or one command's help");
}

int help(std::span<const std::string> args) {
  if (args.empty()) {
    print_overview(stdout);
    return 0;
  }
  const Command* c = find(args[0]);
  if (!c) throw UsageError(fmt::format("lmc help: unknown command '{}'", args[0]));
  fmt::print("{}", c->usage);
  return 0;
}

} // namespace
} // namespace lmc::tools

namespace {

// The last words of a run, written with C stdio, which reports a failure instead of throwing: a message about a
// failed write must not itself end the process with std::terminate.
void say(const std::string& text) {
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

// Output that could not be written (stdout on a full disk, a closed pipe's EPIPE aside) is lost output: exit 1 saying
// so, never 0. Buffered text is written only now, so this is checked after every command.
int finish(const std::string& name, int code) {
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return code;
  say(fmt::format("lmc {}: writing the output failed: {}\n", name, std::strerror(errno)));
  return code == 0 ? 1 : code;
}

} // namespace

int main(int argc, char** argv) {
  using namespace lmc::tools;
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty()) {
    try {
      print_overview(stderr);
    } catch (const std::exception&) { // stderr cannot be written: the exit code still says it
    }
    return 2;
  }
  const std::string& name = all[0];
  const std::span<const std::string> rest(all.begin() + 1, all.end());
  try {
    if (name == "help" || name == "--help" || name == "-h") return finish(name, help(rest));
    const Command* c = find(name);
    if (!c) throw UsageError(fmt::format("lmc: unknown command '{}' (run `lmc help` for the list)", name));
    // The LMC_* environment is the user's input too: read it before any work, so a bad value is a usage error
    // (exit 2, the flag and value named) and not an "internal error" from whichever layer reads it first.
    try {
      (void)lmc::config();
    } catch (const lmc::Error& e) {
      throw UsageError(fmt::format("lmc {}: {}", name, e.what()));
    }
    return finish(name, c->run(rest));
  } catch (const UsageError& e) {
    say(fmt::format("{}\n", e.what()));
    return finish(name, 2);
  } catch (const std::system_error& e) { // fmt::print could not write (a full disk under stdout or stderr)
    say(fmt::format("lmc {}: writing the output failed: {}\n", name, e.what()));
    return 1;
  } catch (const std::exception& e) {
    say(fmt::format("lmc {}: internal error: {}\n", name, e.what()));
    return finish(name, 1);
  }
}
