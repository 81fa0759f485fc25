// The simplifier's table of cases (tests/rewrite/simplify_cases.hpp) proved by Z3: each input equals its expected
// form, and equals what simplify() makes of it, for every value of its variables.
#include "rewrite/symbolic.hpp"
#include "rewrite/verify/prove.hpp"

#include <gtest/gtest.h>

#ifdef LMC_HAVE_SIMPLIFY_CASES
#include "tests/rewrite/simplify_cases.hpp"
#endif

namespace lmc::verify {
namespace {

#ifdef LMC_HAVE_SIMPLIFY_CASES
TEST(SimplifyCaseProofs, EveryInputEqualsItsExpectedForm) {
  const auto cases = simplify_cases();
  EXPECT_FALSE(cases.empty());
  size_t proved = 0;
  for (const SimplifyCase& c : cases) {
    const ProofResult r = prove_equal(c.input, c.expected);
    if (r.proved())
      ++proved;
    else
      ADD_FAILURE() << c.name << ": " << c.input.expr() << " == " << c.expected.expr() << " not proved: " << r.message;
  }
  std::printf("%zu of %zu simplify cases proved\n", proved, cases.size());
}

TEST(SimplifyCaseProofs, EveryInputEqualsItsSimplifiedForm) {
  for (const SimplifyCase& c : simplify_cases()) {
    const UOp out = simplify(c.input);
    const ProofResult r = prove_equal(c.input, out);
    EXPECT_TRUE(r.proved()) << c.name << ": " << c.input.expr() << " -> " << out.expr() << ": " << r.message;
  }
}
#else
TEST(SimplifyCaseProofs, DISABLED_TableNotYetWritten) {}
#endif

} // namespace
} // namespace lmc::verify
