// Fuzzers for the three readers of hostile text and bytes (issue #15): the expression parser (`lmc simplify`), the
// .npy reader (golden cases) and the viz server's request-head parser. Each input must be refused with lmc::Error or
// accepted with a property that an independent path checks (what parses prints to text that parses back to the same
// values, stably; serialize -> parse gives the same array; an accepted request is a GET or HEAD of a clean path).
// FuzzSmoke.* runs 20,000 inputs per target with a fixed seed in the unit label; Fuzz.* runs 2,000,000 per target
// under the label fuzz, seeded by LMC_FUZZ_SEED when set.
#include "ir/parse.hpp"
#include "lm/npy.hpp"
#include "mutator.hpp"
#include "rewrite/evaluate.hpp"
#include "viz/server.hpp"

#include <cstdlib>
#include <gtest/gtest.h>

namespace lmc::fuzz {
namespace {

// ---- the expression parser ----

Corpus expression_corpus() {
  return {{"x + y * 3", "where(x < 3, x // 2, y % 5)", "max(x, min(y, 4)) - cdiv(x, 3) + cmod(y, 2)",
           "not (x < 2) and y >= 1 or x == y", "(x << 2) | (y & 7) ^ 1 >> 1", "-x + -(-y)", "x % 0", "x // -7",
           "18446744073709551615 + x", "-9223372036854775808", "true and false or x != 3"},
          {"(", ")", "max(", "where(", ",", "not ", "-", "//", "%", "<<", " and ", "x", "y", "99999999999999999999",
           " ", "cdiv(", "<=", "==", "true"}};
}

std::string parse_target(const std::string& text) {
  static const VarTable vars{{"x", UOp::var("x", 0, 10)}, {"y", UOp::var("y", -5, 5)}};
  UOp u;
  try {
    u = parse_expr(text, vars);
  } catch (const Error&) {
    return "";
  }
  // The printed text must parse back to a graph with the same values (evaluated at the corners and middle of the
  // variables' ranges), and printing must be stable from then on (NEG of a constant prints as the negative
  // constant, so the first round may change the text).
  std::string printed;
  try {
    const UOp back = parse_expr(u.expr(), vars);
    for (int64_t x : {0, 3, 10})
      for (int64_t y : {-5, 0, 5}) {
        const std::unordered_map<std::string, int64_t> at{{"x", x}, {"y", y}};
        if (evaluate(u, at) != evaluate(back, at))
          return "'" + escaped(u.expr()) + "' parses back to a graph with another value at x=" + std::to_string(x) +
                 ", y=" + std::to_string(y);
      }
    printed = back.expr();
    const std::string again = parse_expr(printed, vars).expr();
    // NEG of 0 prints as "-0", which reads back as the constant 0, so a chain of unary minus over 0 loses one NEG
    // per round (parse.hpp's documented exception; the values, checked above, do not change).
    const bool neg_of_zero = printed.find("-0") != std::string::npos || printed.find("--") != std::string::npos;
    if (again != printed && !neg_of_zero) return "print/parse is not stable: '" + printed + "' -> '" + again + "'";
  } catch (const Error& e) {
    return "a printed form of '" + escaped(text) + "' does not parse: " + e.what();
  }
  return "";
}

// ---- the .npy reader ----

std::string bytes_of(const lm::NpyArray& a) {
  const std::vector<uint8_t> b = lm::serialize_npy(a);
  return {b.begin(), b.end()};
}

Corpus npy_corpus() {
  return {{bytes_of(lm::NpyArray::of(std::vector<double>{1.5, -2, 3, 4, 5, 6}, {2, 3})),
           bytes_of(lm::NpyArray::of(std::vector<int64_t>{}, {0, 4})),
           bytes_of(lm::NpyArray::of(std::vector<bool>{true, false, true}, {3})),
           bytes_of(lm::NpyArray::of(std::vector<double>{7}, {}))},
          {"'descr': '<f8'", "'descr': '<i8'", "'descr': '|b1'", "'descr': '>f4'", "'shape': (", ")", "(", ",",
           "'fortran_order': True", "-1", "99999999999999999999", "4611686018427387904, 4611686018427387904",
           std::string("\x93NUMPY\x01\x00", 8), std::string("\xff\xff", 2), "}", "{", "'", " "}};
}

std::string npy_target(const std::string& input) {
  lm::NpyArray a;
  try {
    a = lm::parse_npy(std::vector<uint8_t>(input.begin(), input.end()), "fuzz");
  } catch (const Error&) {
    return "";
  }
  const int64_t item = a.dtype == bool_ ? 1 : 8;
  if (a.numel() < 0 || static_cast<uint64_t>(a.numel()) * item != a.data.size())
    return "accepted " + std::to_string(a.data.size()) + " data bytes for " + std::to_string(a.numel()) +
           " elements of " + a.dtype.name();
  if (a.dtype == bool_)
    for (uint8_t b : a.data)
      if (b > 1) return "accepted a bool byte " + std::to_string(b);
  try {
    const std::string again = bytes_of(a);
    const lm::NpyArray b = lm::parse_npy(std::vector<uint8_t>(again.begin(), again.end()), "fuzz round trip");
    if (b.dtype != a.dtype || b.shape != a.shape || b.data != a.data) return "serialize -> parse changed the array";
  } catch (const Error& e) {
    return std::string("its own serialization does not parse: ") + e.what();
  }
  return "";
}

// ---- the viz server's request head ----

Corpus http_corpus() {
  return {{"GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n",
           "HEAD /assets/app.js?v=1#top HTTP/1.1\r\nhost: localhost:8000\r\nAccept: */*\r\n\r\n",
           "GET /trace.json HTTP/1.0\r\nHost: [::1]:8000\r\n\r\n", "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
           "GET / HTTP/1.1\r\nHost: evil.example:8000\r\n\r\n"},
          {"\r\n", "Host: ", "HOST:", "127.0.0.1", "localhost", "[::1]", ":8000", ":99999999999", "evil.example", " ",
           "?", "#", "/", "\r\n\r\n", "GET ", "HEAD ", "\t", ":"}};
}

std::string http_target(const std::string& head) {
  const viz::Request r = viz::parse_request(head, "127.0.0.1", 8000);
  if (r.status == 0) {
    if (r.method != "GET" && r.method != "HEAD") return "accepted the method '" + escaped(r.method) + "'";
    if (r.path.find_first_of("?#\r\n") != std::string::npos) return "kept '" + escaped(r.path) + "' as the path";
    if (head.find("\r\n\r\n") == std::string::npos) return "accepted a head that never ended";
    return "";
  }
  if (r.status != 400 && r.status != 403 && r.status != 405) return "status " + std::to_string(r.status);
  if (r.error.empty()) return "refused without a reason";
  return "";
}

// ---- the runs ----

uint64_t long_seed() {
  const char* s = std::getenv("LMC_FUZZ_SEED");
  return s && *s ? std::strtoull(s, nullptr, 10) : 20261204;
}

void expect_clean(const FuzzRun& r, uint64_t seed) {
  std::printf("%zu inputs (seed %llu), slowest %.3f s\n", r.inputs, static_cast<unsigned long long>(seed), r.slowest_s);
  EXPECT_EQ(r.failures, 0u) << "seed " << seed;
  for (const std::string& f : r.reports)
    ADD_FAILURE() << f;
}

TEST(FuzzSmoke, ExpressionParser) {
  expect_clean(run(expression_corpus(), parse_target, 20000, 1), 1);
}
TEST(FuzzSmoke, NpyReader) {
  expect_clean(run(npy_corpus(), npy_target, 20000, 2), 2);
}
TEST(FuzzSmoke, HttpRequestHead) {
  expect_clean(run(http_corpus(), http_target, 20000, 3), 3);
}

TEST(Fuzz, ExpressionParser) {
  expect_clean(run(expression_corpus(), parse_target, 2000000, long_seed()), long_seed());
}
TEST(Fuzz, NpyReader) {
  expect_clean(run(npy_corpus(), npy_target, 2000000, long_seed() + 1), long_seed() + 1);
}
TEST(Fuzz, HttpRequestHead) {
  expect_clean(run(http_corpus(), http_target, 2000000, long_seed() + 2), long_seed() + 2);
}

// The targets can fail: a property that does not hold is reported with its input.
TEST(FuzzSmoke, BrokenPropertyIsReported) {
  const FuzzRun r = run(
      http_corpus(), [](const std::string& s) { return s.size() > 5 ? "too long" : ""; }, 10, 4);
  EXPECT_GE(r.failures, 5u); // every seed is longer than 5 bytes
  ASSERT_FALSE(r.reports.empty());
  EXPECT_NE(r.reports[0].find("too long\n  input: \"GET / HTTP/1.1\\x0d\\x0aHost"), std::string::npos) << r.reports[0];
  const FuzzRun thrown = run(
      npy_corpus(), [](const std::string&) -> std::string { throw std::runtime_error("x"); }, 3, 5);
  EXPECT_EQ(thrown.failures, thrown.inputs);
}

} // namespace
} // namespace lmc::fuzz
