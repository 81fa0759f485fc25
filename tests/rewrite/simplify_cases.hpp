// The simplifier's table of (input, expected) cases, shared by the unit test (simplify(input) is expected) and the
// Z3 proof test in tests/verify (input == expected for every value of the variables).
#pragma once
#include "ir/uop.hpp"

#include <string>
#include <vector>

namespace lmc {

struct SimplifyCase {
  std::string name;
  UOp input;
  UOp expected;
};

std::vector<SimplifyCase> simplify_cases();

} // namespace lmc
