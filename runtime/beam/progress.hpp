// A one-line progress bar for BEAM searches on stderr, redrawn in place and drawn only on a terminal. Its own file
// because `lmc beam` and searches started by LMC_BEAM inside a program both show it.
#pragma once
#include "runtime/beam/search.hpp"

#include <string>

namespace lmc {

class BeamProgressBar {
public:
  // Draws only when `on` (callers pass whether stderr is a terminal: `BeamProgressBar(isatty(2))`).
  explicit BeamProgressBar(bool on) : on_(on) {}
  ~BeamProgressBar() { clear(); }
  BeamProgressBar(const BeamProgressBar&) = delete;
  BeamProgressBar& operator=(const BeamProgressBar&) = delete;

  // What the line starts with: "[2/5] r_256_256".
  void set_label(std::string label) { label_ = std::move(label); }
  void update(const BeamProgress& progress);
  void clear();

private:
  bool on_;
  bool drawn_ = false;
  std::string label_;
};

// True when stderr is a terminal.
bool stderr_is_terminal();

} // namespace lmc
