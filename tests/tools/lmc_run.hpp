// Runs the built `lmc` binary as a user does (through the shell, with optional environment assignments) and
// captures its stdout, stderr and exit code. Shared by the CLI test files of tests/tools/.
#pragma once
#include <array>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace lmc_cli {

struct LmcRun {
  int code = -1;
  std::string out, err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs the lmc binary with `args` (each quoted for the shell) and `env` ("NAME=value" each, quoted too) added to
// its environment, capturing stdout, stderr and the exit code (128 + the signal when a signal ended it). `shell`, if
// given, runs first in the same shell (e.g. "ulimit -f 600;" to make writes past 600 KiB fail as on a full disk).
inline LmcRun lmc(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                  const std::string& shell = "") {
  const std::string err_file = ::testing::TempDir() + "lmc_cli_stderr_" + std::to_string(::getpid());
  std::string cmd = shell + (env.empty() ? "" : "env");
  for (const std::string& e : env)
    cmd += " " + shell_quote(e);
  cmd += (env.empty() ? "" : " ") + shell_quote(LMC_BINARY);
  for (const std::string& a : args)
    cmd += " " + shell_quote(a);
  cmd += " 2>" + shell_quote(err_file);
  LmcRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
    r.out.append(buf.data(), n);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  std::ifstream f(err_file);
  std::stringstream ss;
  ss << f.rdbuf();
  r.err = ss.str();
  std::remove(err_file.c_str());
  return r;
}

} // namespace lmc_cli
