// Hostile expressions (issue #15): nesting deep enough to overflow a recursive parser is an lmc::Error naming the
// limit, and a long flat chain (a 30,000-term sum) parses and prints without recursion, and prints back to itself.
#include "ir/ir.hpp"
#include "ir/parse.hpp"

#include <gtest/gtest.h>

namespace lmc {
namespace {

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i)
    out += s;
  return out;
}

struct HostileParse : ::testing::Test {
  UOp x = UOp::var("x", 0, 10);
  UOp y = UOp::var("y", 0, 3);
  VarTable vars{{"x", x}, {"y", y}};
  std::string error_of(const std::string& text) const {
    try {
      parse_expr(text, vars);
    } catch (const Error& e) {
      return e.what();
    }
    return "(no error)";
  }
};

// Each form that nests: parentheses, unary minus, not, and function calls; all far past the limit.
TEST_F(HostileParse, DeepNestingIsAnErrorNamingTheLimit) {
  const std::string cases[] = {
      repeat("(", 3000) + "x" + repeat(")", 3000),
      repeat("-", 30000) + "x",
      repeat("not ", 20000) + "true",
      repeat("max(", 4000) + "x" + repeat(", 1)", 4000),
  };
  for (const std::string& text : cases) {
    const std::string msg = error_of(text);
    EXPECT_NE(msg.find("nesting deeper than 1000 levels"), std::string::npos) << text.substr(0, 20) << ": " << msg;
    EXPECT_NE(msg.find("parse error at column"), std::string::npos) << msg;
    EXPECT_LT(msg.size(), 400u) << "the message quotes only the text around the error: " << msg.substr(0, 400);
  }
}

// The limit itself parses (so the bound is exactly what the message says), one more level does not.
TEST_F(HostileParse, NestingUpToTheLimitParses) {
  EXPECT_EQ(parse_expr(repeat("(", 1000) + "x" + repeat(")", 1000), vars), x);
  EXPECT_EQ(parse_expr(repeat("-", 1000) + "x", vars).op(), Op::NEG);
  EXPECT_NE(error_of(repeat("(", 1001) + "x" + repeat(")", 1001)).find("1000 levels"), std::string::npos);
  // Levels are counted on the way down, not in total: many shallow groups side by side are fine.
  EXPECT_EQ(parse_expr(repeat("(x) + ", 5000) + "x", vars).op(), Op::ADD);
}

// A flat chain is no nesting: it parses, prints (the printer is iterative) and reads back to the same node.
TEST_F(HostileParse, ThirtyThousandTermSumParsesAndPrints) {
  const std::string text = "x" + repeat(" + y", 30000);
  const UOp sum = parse_expr(text, vars);
  const std::string printed = sum.expr();
  EXPECT_EQ(printed, text);
  EXPECT_EQ(parse_expr(printed, vars), sum);
}

// Right-nested forms print with their parentheses, without recursion either.
TEST_F(HostileParse, DeepRightNestedGraphPrints) {
  UOp u = x;
  for (int i = 0; i < 30000; ++i)
    u = UOp::alu(Op::SUB, {y, u});
  const std::string printed = u.expr();
  EXPECT_EQ(printed.substr(0, 12), "y - (y - (y ");
  EXPECT_EQ(printed.size(), size_t{6 * 30000 - 1}); // "y - x", then "y - (" and ")" per level
  UOp m = x;
  for (int i = 0; i < 30000; ++i)
    m = UOp::alu(i % 2 ? Op::MAX : Op::MIN, {m, y});
  EXPECT_EQ(m.expr().substr(0, 12), "max(min(max(");
}

} // namespace
} // namespace lmc
