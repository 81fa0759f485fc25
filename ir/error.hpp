// lmc::Error, the one exception type every layer throws for bad input or broken invariants.
// Its own file so the lowest layer can throw it without pulling in anything else.
#pragma once
#include <stdexcept>
#include <string>

namespace lmc {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

} // namespace lmc
