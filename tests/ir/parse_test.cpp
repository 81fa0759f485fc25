// The expression parser: each syntactic form, precedence, errors with columns, and the round trip
// parse(u.expr()) == u over many random graphs (its own generator, independent of the fuzzer's).
#include "ir/ir.hpp"
#include "ir/parse.hpp"

#include <gtest/gtest.h>
#include <random>

namespace lmc {
namespace {

struct ParseTest : ::testing::Test {
  UOp x = UOp::var("x", 0, 15);
  UOp y = UOp::var("y", -3, 3);
  UOp z = UOp::var("z", 0, 100);
  VarTable vars{{"x", x}, {"y", y}, {"z", z}};
  UOp c(int64_t v) const { return UOp::constant(int32, v); }
  UOp parse(std::string_view text) const { return parse_expr(text, vars); }
  std::string error_of(std::string_view text) const {
    try {
      parse(text);
    } catch (const Error& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_F(ParseTest, LiteralsAndVariables) {
  EXPECT_EQ(parse("42"), c(42));
  EXPECT_EQ(parse("-3"), c(-3));
  EXPECT_EQ(parse("- 3"), c(-3));
  EXPECT_EQ(parse("x"), x);
  EXPECT_EQ(parse("true"), UOp::constant(bool_, true));
  EXPECT_EQ(parse("false"), UOp::constant(bool_, false));
  EXPECT_EQ(parse("  ( ( x ) ) "), x);
}

TEST_F(ParseTest, LiteralsTakeTheGivenDtype) {
  UOp a = UOp::var("a", 0, 7, int64);
  EXPECT_EQ(parse_expr("a + 1", {{"a", a}}, int64), a + UOp::constant(int64, 1));
  EXPECT_EQ(parse_expr("-128", {}, int8), UOp::constant(int8, -128));
  EXPECT_EQ(parse_expr("-9223372036854775808", {}, int64).const_int(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(parse_expr("-1", {}, uint64), UOp::constant(uint64, -1)); // uint64 constants print as int64 bits
  EXPECT_THROW(parse_expr("128", {}, int8), Error);
  EXPECT_THROW(parse_expr("-1", {}, uint32), Error);
  EXPECT_THROW(parse_expr("9223372036854775808", {}, int64), Error);
  EXPECT_THROW(parse_expr("1", {}, float32), Error);
}

TEST_F(ParseTest, ArithmeticOps) {
  EXPECT_EQ(parse("x + y"), x + y);
  EXPECT_EQ(parse("x - y"), x - y);
  EXPECT_EQ(parse("x * 4"), x * 4);
  EXPECT_EQ(parse("x // 4"), x.floordiv(4));
  EXPECT_EQ(parse("x % 4"), x.floormod(4));
  EXPECT_EQ(parse("cdiv(x, 4)"), UOp::alu(Op::CDIV, {x, c(4)}));
  EXPECT_EQ(parse("cmod(x, -4)"), UOp::alu(Op::CMOD, {x, c(-4)}));
  EXPECT_EQ(parse("max(x, y)"), x.maximum(y));
  EXPECT_EQ(parse("min(x, 3)"), x.minimum(c(3)));
  EXPECT_EQ(parse("-x"), UOp::alu(Op::NEG, {x}));
  EXPECT_EQ(parse("--3"), UOp::alu(Op::NEG, {c(-3)}));
  EXPECT_EQ(parse("-(3)"), UOp::alu(Op::NEG, {c(3)}));
  EXPECT_EQ(parse("x - -3"), x - c(-3));
}

TEST_F(ParseTest, ComparisonsAndLogic) {
  EXPECT_EQ(parse("x < y"), x.lt(y));
  EXPECT_EQ(parse("x <= y"), UOp::alu(Op::CMPLE, {x, y}));
  EXPECT_EQ(parse("x > y"), y.lt(x));
  EXPECT_EQ(parse("x >= y"), UOp::alu(Op::CMPLE, {y, x}));
  EXPECT_EQ(parse("x == y"), UOp::alu(Op::CMPEQ, {x, y}));
  EXPECT_EQ(parse("x != y"), UOp::alu(Op::CMPNE, {x, y}));
  UOp a = x.lt(y), b = y.lt(z);
  EXPECT_EQ(parse("x < y and y < z"), UOp::alu(Op::AND, {a, b}));
  EXPECT_EQ(parse("x < y or y < z"), UOp::alu(Op::OR, {a, b}));
  EXPECT_EQ(parse("not x < y"), UOp::alu(Op::CMPNE, {a, UOp::constant(bool_, true)}));
  EXPECT_EQ(parse("where(x < y, x, 7)"), UOp::alu(Op::WHERE, {a, x, c(7)}));
  EXPECT_EQ(parse("x & 3"), UOp::alu(Op::AND, {x, c(3)}));
  EXPECT_EQ(parse("x << 2"), UOp::alu(Op::SHL, {x, c(2)}));
}

TEST_F(ParseTest, PythonPrecedence) {
  EXPECT_EQ(parse("x + y * z"), x + y * z);
  EXPECT_EQ(parse("x - y - z"), (x - y) - z);
  EXPECT_EQ(parse("x - (y - z)"), x - (y - z));
  EXPECT_EQ(parse("x // 2 // 3"), x.floordiv(2).floordiv(3));
  EXPECT_EQ(parse("-x * y"), UOp::alu(Op::NEG, {x}) * y);
  EXPECT_EQ(parse("-3 // 2"), c(-3).floordiv(2));
  EXPECT_EQ(parse("x + 1 < y * 2"), (x + 1).lt(y * 2));
  UOp t = UOp::constant(bool_, true);
  UOp a = x.lt(y), b = y.lt(z), d = z.lt(x);
  EXPECT_EQ(parse("x < y or y < z and z < x"), UOp::alu(Op::OR, {a, UOp::alu(Op::AND, {b, d})}));
  EXPECT_EQ(parse("not x < y and y < z"), UOp::alu(Op::AND, {UOp::alu(Op::CMPNE, {a, t}), b}));
  EXPECT_EQ(parse("not not true"), UOp::alu(Op::CMPNE, {UOp::alu(Op::CMPNE, {t, t}), t}));
}

TEST_F(ParseTest, TheIssueExamples) {
  EXPECT_EQ(parse("(x*4 + y) // 4"), (x * 4 + y).floordiv(4));
  EXPECT_EQ(parse("((x + 3) % 4 + 1) // 5"), ((x + 3).floormod(4) + 1).floordiv(5));
  EXPECT_EQ(parse("(x + 1) < (x + 3)"), (x + 1).lt(x + 3));
  EXPECT_EQ(parse("max(x, x + 1)"), x.maximum(x + 1));
}

// Python reads a bool beside an integer as 0 or 1: a comparison or arithmetic with one gets a cast of the bool.
TEST_F(ParseTest, BoolBesideAnIntegerIsItsZeroOrOne) {
  const UOp lt = x.lt(y), ge = UOp::alu(Op::CMPLE, {y, x});
  EXPECT_EQ(parse("(x < y) == 1"), UOp::alu(Op::CMPEQ, {lt.cast(int32), c(1)}));
  EXPECT_EQ(parse("0 < (x < y)"), c(0).lt(lt.cast(int32)));
  EXPECT_EQ(parse("x + true"), x + UOp::constant(bool_, true).cast(int32));
  EXPECT_EQ(parse("(x < y) + (x >= y)"), lt.cast(int32) + ge.cast(int32));
  EXPECT_EQ(parse("(x < y) == (x >= y)"), UOp::alu(Op::CMPEQ, {lt, ge})); // two bools stay bools
  // The printer writes the cast as cast<DTYPE>(...), which parses back to the same node.
  EXPECT_EQ(parse(lt.cast(int32).expr()), lt.cast(int32));
  EXPECT_EQ(parse("cast<int8>(x)"), x.cast(int8));
  EXPECT_NE(error_of("cast<foo>(x)").find("unknown dtype 'foo'"), std::string::npos) << error_of("cast<foo>(x)");
  EXPECT_NE(error_of("cast(x)").find("expected '<' in cast<DTYPE>(x)"), std::string::npos);
}

TEST_F(ParseTest, ErrorsNameTheColumnAndWhatWasExpected) {
  EXPECT_NE(error_of("x +").find("column 4: expected a number, a variable, a function call or '(', found end of input"),
            std::string::npos)
      << error_of("x +");
  EXPECT_NE(error_of("(x + 1").find("column 7: expected ')'"), std::string::npos) << error_of("(x + 1");
  EXPECT_NE(error_of("x y").find("column 3: expected an operator or end of input, found 'y'"), std::string::npos);
  EXPECT_NE(error_of("x + w").find("undeclared variable 'w' at column 5"), std::string::npos);
  EXPECT_NE(error_of("x $ 1").find("column 3: unexpected character '$'"), std::string::npos);
  EXPECT_NE(error_of("foo(x)").find("column 1: expected one of the functions"), std::string::npos);
  EXPECT_NE(error_of("max(x)").find("expected ',' and 2 arguments to max"), std::string::npos) << error_of("max(x)");
  EXPECT_NE(error_of("max(x, y, z)").find("max takes 2 arguments, got 3"), std::string::npos);
  EXPECT_NE(error_of("x < y < z").find("comparisons do not chain"), std::string::npos);
  EXPECT_NE(error_of("x & true").find("type error at column 3"), std::string::npos);
  EXPECT_NE(error_of("(x < y) and 1").find("type error at column 9"), std::string::npos); // no promotion in logic
  EXPECT_NE(error_of("x and y").find("'and' needs bool operands"), std::string::npos);
  EXPECT_NE(error_of("where(x, x, y)").find("condition must be bool"), std::string::npos);
  EXPECT_NE(error_of("not x").find("'not' needs a bool operand"), std::string::npos);
  EXPECT_NE(error_of("12ab").find("column 3"), std::string::npos);
  EXPECT_NE(error_of("").find("column 1"), std::string::npos);
  EXPECT_NE(error_of("max + 1").find("expected '(' after the function 'max'"), std::string::npos);
}

TEST(ParseVarName, IdentifiersThatAreNotKeywords) {
  EXPECT_TRUE(is_var_name("x"));
  EXPECT_TRUE(is_var_name("_r0"));
  EXPECT_FALSE(is_var_name(""));
  EXPECT_FALSE(is_var_name("0x"));
  EXPECT_FALSE(is_var_name("a-b"));
  EXPECT_FALSE(is_var_name("and"));
  EXPECT_FALSE(is_var_name("where"));
  EXPECT_FALSE(is_var_name("true"));
}

// Random graphs of every op the syntax covers, built directly (not through text).
class RandomExpr {
public:
  RandomExpr(uint64_t seed, std::vector<UOp> ints, DType dtype) : rng_(seed), ints_(std::move(ints)), dtype_(dtype) {}

  UOp integer(int depth) {
    if (depth == 0 || pick(6) == 0) return pick(2) ? ints_[pick(ints_.size())] : constant();
    auto sub = [&] { return integer(depth - 1); };
    switch (pick(11)) {
    case 0:
      return sub() + sub();
    case 1:
      return sub() - sub();
    case 2:
      return sub() * sub();
    case 3:
      return UOp::alu(Op::FLOORDIV, {sub(), sub()});
    case 4:
      return UOp::alu(Op::FLOORMOD, {sub(), sub()});
    case 5:
      return UOp::alu(Op::CDIV, {sub(), sub()});
    case 6:
      return UOp::alu(Op::CMOD, {sub(), sub()});
    case 7:
      return UOp::alu(pick(2) ? Op::MAX : Op::MIN, {sub(), sub()});
    case 8: {
      UOp x = sub();
      // NEG of a non-negative constant prints like the negative constant: the one form that cannot round-trip.
      if (x.op() == Op::CONST && *x.const_int() >= 0) return x;
      return UOp::alu(Op::NEG, {x});
    }
    case 9:
      return UOp::alu(Op::WHERE, {boolean(depth - 1), sub(), sub()});
    default:
      return UOp::alu(pick(2) ? Op::SHL : Op::AND, {sub(), sub()});
    }
  }

  UOp boolean(int depth) {
    if (depth == 0 || pick(8) == 0) return UOp::constant(bool_, pick(2) == 0);
    static constexpr Op kCmp[] = {Op::CMPLT, Op::CMPLE, Op::CMPEQ, Op::CMPNE};
    switch (pick(6)) {
    case 0:
    case 1:
      return UOp::alu(kCmp[pick(4)], {integer(depth - 1), integer(depth - 1)});
    case 2:
      return UOp::alu(pick(2) ? Op::AND : Op::OR, {boolean(depth - 1), boolean(depth - 1)});
    case 3:
      return UOp::alu(Op::CMPNE, {boolean(depth - 1), UOp::constant(bool_, true)}); // not
    case 4:
      return UOp::alu(kCmp[2 + pick(2)], {boolean(depth - 1), boolean(depth - 1)});
    default:
      return UOp::alu(Op::WHERE, {boolean(depth - 1), boolean(depth - 1), boolean(depth - 1)});
    }
  }

private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  UOp constant() {
    static constexpr int64_t kEdge[] = {0, 1, -1, 2, -2, 7, -8, 127, -128};
    if (pick(3) == 0) return UOp::constant(dtype_, kEdge[pick(std::size(kEdge))]);
    return UOp::constant(dtype_, std::uniform_int_distribution<int64_t>(dtype_.min_int(), dtype_.max_int())(rng_));
  }

  std::mt19937_64 rng_;
  std::vector<UOp> ints_;
  DType dtype_;
};

void expect_round_trips(DType dtype, uint64_t seed, int count) {
  UOp a = UOp::var("a", -5, 5, dtype), b = UOp::var("b", 0, 100, dtype), r = UOp::var("r0", 0, 3, dtype);
  VarTable vars{{"a", a}, {"b", b}, {"r0", r}};
  RandomExpr gen(seed, {a, b, r}, dtype);
  int failures = 0;
  size_t nodes = 0;
  for (int i = 0; i < count && failures < 5; ++i) {
    UOp e = i % 3 == 0 ? gen.boolean(1 + i % 6) : gen.integer(1 + i % 6);
    nodes += e.graph_size();
    const std::string text = e.expr();
    UOp back;
    try {
      back = parse_expr(text, vars, dtype);
    } catch (const Error& err) {
      ADD_FAILURE() << text << "\n" << err.what();
      ++failures;
      continue;
    }
    if (back != e) {
      ADD_FAILURE() << "round trip changed the graph: " << text << "\nreads back as " << back.expr();
      ++failures;
    }
  }
  EXPECT_GT(nodes, size_t(8) * count) << "the generator should build graphs of some size";
}

TEST(ParseRoundTrip, RandomInt32Graphs) {
  expect_round_trips(int32, 1, 5000);
}
TEST(ParseRoundTrip, RandomInt64Graphs) {
  expect_round_trips(int64, 2, 2000);
}
TEST(ParseRoundTrip, RandomInt8Graphs) {
  expect_round_trips(int8, 3, 2000);
}
TEST(ParseRoundTrip, RandomUInt64Graphs) {
  expect_round_trips(uint64, 4, 1000);
}

} // namespace
} // namespace lmc
