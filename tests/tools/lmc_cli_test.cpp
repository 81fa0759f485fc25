// The `lmc` command as users run it: the built binary on the issue's examples (checking its --json output),
// help, fuzz, and bad input (exit code 2 and a message naming the problem, never a crash).
#include "lmc_run.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using lmc_cli::lmc;
using lmc_cli::LmcRun;

nlohmann::json simplify_json(const std::string& expr, const std::vector<std::string>& vars,
                             const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"simplify", expr};
  for (const std::string& v : vars) {
    args.push_back("--var");
    args.push_back(v);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("--json");
  const LmcRun r = lmc(args);
  EXPECT_EQ(r.code, 0) << expr << "\nstderr: " << r.err;
  try {
    return nlohmann::json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not one JSON object: " << r.out << " (" << e.what() << ")";
    return nlohmann::json::object();
  }
}

struct Example {
  std::string expr;
  std::vector<std::string> vars;
  std::string simplified;
  int64_t vmin, vmax;
  friend void PrintTo(const Example& e, std::ostream* os) { *os << e.expr; }
};

class IssueExample : public ::testing::TestWithParam<Example> {};

TEST_P(IssueExample, SimplifiesToTheCanonicalFormAndIsProved) {
  const Example& ex = GetParam();
  const nlohmann::json j = simplify_json(ex.expr, ex.vars);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.value("input", ""), ex.expr);
  EXPECT_EQ(j.value("simplified", ""), ex.simplified) << ex.expr;
  EXPECT_EQ(j.value("vmin", int64_t{-999}), ex.vmin) << ex.expr;
  EXPECT_EQ(j.value("vmax", int64_t{-999}), ex.vmax) << ex.expr;
  EXPECT_EQ(j.value("proved", false), true) << ex.expr;
  EXPECT_LE(j.value("nodes_after", 0), j.value("nodes_before", 0));
}

const std::vector<std::string> kXY{"x=0:15", "y=0:3"};
INSTANTIATE_TEST_SUITE_P(Lmc, IssueExample,
                         ::testing::Values(Example{"(x*4 + y) // 4", kXY, "x", 0, 15},
                                           Example{"(x*4 + y) % 4", kXY, "y", 0, 3},
                                           Example{"(x // 2) // 3", {"x=0:100"}, "x // 6", 0, 16},
                                           Example{"((x + 3) % 4 + 1) // 5", {"x=0:100"}, "0", 0, 0},
                                           Example{"x*2 + x*3", {"x=0:15"}, "x * 5", 0, 75},
                                           Example{"(x + 1) < (x + 3)", {"x=0:15"}, "true", 1, 1},
                                           Example{"max(x, x + 1)", {"x=0:15"}, "x + 1", 1, 16}));

TEST(LmcSimplify, JsonIsExactlyTheDocumentedObject) {
  const nlohmann::json j = simplify_json("x + 0", {"x=0:15"});
  ASSERT_TRUE(j.is_object());
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it)
    keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"input", "nodes_after", "nodes_before", "proved", "simplified", "vmax", "vmin"}));
  EXPECT_EQ(j["nodes_before"], 3);
  EXPECT_TRUE(j["proved"].is_boolean());
}

TEST(LmcSimplify, NoProveReportsNull) {
  const nlohmann::json j = simplify_json("x + 1", {"x=0:15"}, {"--no-prove"});
  EXPECT_TRUE(j["proved"].is_null());
  EXPECT_EQ(j["simplified"], "x + 1");
}

TEST(LmcSimplify, TheResultParsesAgainToItself) {
  const nlohmann::json once = simplify_json("(x*4 + y) // 4 + (x // 2) // 3 * y", {"x=0:15", "y=0:3"});
  const std::string text = once.value("simplified", "");
  const nlohmann::json twice = simplify_json(text, {"x=0:15", "y=0:3"});
  EXPECT_EQ(twice.value("simplified", ""), text);
}

TEST(LmcSimplify, DtypeFlagSetsVariablesAndLiterals) {
  const nlohmann::json j = simplify_json("x*2 + x*3", {"x=0:15"}, {"--dtype", "int64"});
  EXPECT_EQ(j.value("simplified", ""), "x * 5");
  const nlohmann::json wrap = simplify_json("x + 1", {"x=-128:127"}, {"--dtype=int8", "--no-prove"});
  EXPECT_EQ(wrap.value("vmin", 0), -128); // x + 1 can wrap in int8, so the bounds are the dtype's
}

TEST(LmcSimplify, TextOutputNamesEachField) {
  const LmcRun r = lmc({"simplify", "(x*4 + y) // 4", "--var", "x=0:15", "--var", "y=0:3"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("simplified  x\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bounds      [0, 15]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nodes       6 -> 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("proved      yes"), std::string::npos) << r.out;
}

// Issue #18: a division by a product of variables (Z3 ran past 5 s) is proved by evaluating all 21*21*10*10 points.
TEST(LmcSimplify, SmallRangesAreProvedByEvaluatingEveryAssignment) {
  const LmcRun r = lmc({"simplify", "((3*a*d1) + (9*b*d1)) // (3*d1*d2)", "--var", "a=-10:10", "--var", "b=-10:10",
                        "--var", "d1=1:10", "--var", "d2=-10:-1"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("proved      yes (all 44100 assignments evaluated, int32)"), std::string::npos) << r.out;
  // Wide ranges go to Z3.
  const LmcRun wide = lmc({"simplify", "(7*y + z) // 7", "--var", "y=-100000:100000", "--var", "z=-100000:100000"});
  EXPECT_NE(wide.out.find("proved      yes (Z3, int32)"), std::string::npos) << wide.out;
}

// An input that is already in its simplest form is reported as unchanged, not as a proof by Z3.
TEST(LmcSimplify, AnUnchangedInputSaysSo) {
  const LmcRun r = lmc({"simplify", "x + y", "--var", "x=0:100000", "--var", "y=0:100000"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("nodes       3 -> 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("proved      yes (nothing changed)"), std::string::npos) << r.out;
}

struct BadInput {
  std::vector<std::string> args;
  std::string message; // a piece of the stderr message
  friend void PrintTo(const BadInput& b, std::ostream* os) {
    for (const std::string& a : b.args)
      *os << a << " ";
  }
};

class LmcBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(LmcBadInput, ExitsWithCode2AndNamesTheProblem) {
  const LmcRun r = lmc(GetParam().args);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << "stderr: " << r.err;
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    Lmc, LmcBadInput,
    ::testing::Values(BadInput{{"simplify", "x", "--var", "x=0:15", "--frobnicate"}, "unknown flag '--frobnicate'"},
                      BadInput{{"simplify", "x", "--var", "x=0-15"}, "expected NAME=LO:HI"},
                      BadInput{{"simplify", "x", "--var", "x=a:15"}, "the lower bound: 'a' is not an integer"},
                      BadInput{{"simplify", "x", "--var", "x=5:1"}, "the lower bound 5 is above the upper bound 1"},
                      BadInput{{"simplify", "x", "--var", "x=0:300", "--dtype", "int8"}, "bounds outside int8"},
                      BadInput{{"simplify", "x", "--var", "max=0:3"}, "'max' is not a variable name"},
                      BadInput{{"simplify", "x", "--var", "x=0:1", "--var", "x=0:2"}, "variable 'x' declared twice"},
                      BadInput{{"simplify", "x + z", "--var", "x=0:15"}, "undeclared variable 'z' at column 5"},
                      BadInput{{"simplify", "(x + 1", "--var", "x=0:15"}, "column 7: expected ')'"},
                      BadInput{{"simplify", "x & true", "--var", "x=0:15"}, "needs operands of one dtype"},
                      BadInput{{"simplify", "x", "--var", "x=0:15", "--dtype", "float32"}, "expected an integer dtype"},
                      BadInput{{"simplify", "x", "--var", "x=0:15", "--dtype", "int33"}, "unknown dtype"},
                      BadInput{{"simplify", "--var", "x=0:15"}, "expected one expression, got 0"},
                      BadInput{{"simplify", "x", "--var"}, "--var needs a value"},
                      BadInput{{"fuzz", "--count", "zero"}, "'zero' is not an integer"},
                      BadInput{{"fuzz", "--count", "0"}, "--count: 0 is outside [1, "},
                      BadInput{{"frobnicate"}, "unknown command 'frobnicate'"}, BadInput{{}, "usage: lmc <command>"}));

TEST(LmcHelp, ListsTheCommands) {
  const LmcRun r = lmc({"help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("simplify"), std::string::npos);
  EXPECT_NE(r.out.find("fuzz"), std::string::npos);
  const LmcRun s = lmc({"simplify", "--help"});
  EXPECT_EQ(s.code, 0);
  EXPECT_NE(s.out.find("--var NAME=LO:HI"), std::string::npos);
}

TEST(LmcFuzz, SmallRunFindsNoCounterexample) {
  const LmcRun r = lmc({"fuzz", "--seed", "7", "--count", "50"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("expressions      50"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("counterexamples  0"), std::string::npos) << r.out;
}

} // namespace
