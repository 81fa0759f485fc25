// BeamProgressBar: "\r" + erase-line and the bar; nothing at all when stderr is not a terminal.
#include "runtime/beam/progress.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace lmc {

void BeamProgressBar::update(const BeamProgress& p) {
  if (!on_) return;
  constexpr int kWidth = 24;
  const int filled = p.total > 0 ? p.done * kWidth / p.total : 0;
  const std::string best = p.best_ms < 0 ? "-" : fmt::format("{:.4f}", p.best_ms);
  fmt::print(stderr, "\r\033[K{} round {}/{} [{}{}] {}/{} best {} ms, {:.1f} s", label_, p.round, p.max_rounds,
             std::string(static_cast<size_t>(filled), '#'), std::string(static_cast<size_t>(kWidth - filled), '.'),
             p.done, p.total, best, p.elapsed_seconds);
  std::fflush(stderr);
  drawn_ = true;
}

void BeamProgressBar::clear() {
  if (!drawn_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

bool stderr_is_terminal() {
  return ::isatty(2) != 0;
}

} // namespace lmc
