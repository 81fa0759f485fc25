// flatten_sum orders a sum's terms by term_before (CANONICAL.md), but sorts with a packed integer key first (rank,
// then a range's id, or an op and the hash's high bits) and compares in full only on a tie. These tests check the
// sorted order against term_before pair by pair: variables whose names stress the natural order (digit runs of
// every length with leading zeros, characters on both sides of the digits, bytes above 127), ranges with negative
// ids, quotients and remainders.
#include "ir/uop.hpp"
#include "rewrite/rules/rules_internal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace lmc {
namespace {

std::string random_name(std::mt19937_64& rng) {
  static const std::string chars = "ab_!-/:Zz09";
  std::string name;
  const size_t tokens = rng() % 6;
  for (size_t t = 0; t < tokens; ++t) {
    switch (rng() % 5) {
    case 0: { // a digit run, often with leading zeros, sometimes 15+ digits
      const size_t len = rng() % 4 == 0 ? 13 + rng() % 5 : 1 + rng() % 4;
      for (size_t i = 0; i < len; ++i)
        name += static_cast<char>('0' + (rng() % 3 == 0 ? 0 : rng() % 10));
      break;
    }
    case 1:
      name += static_cast<char>(0x80 + rng() % 0x80); // a byte above 127: a negative char
      break;
    default:
      name += chars[rng() % chars.size()];
      break;
    }
  }
  if (rng() % 8 == 0) name += std::string(12, 'q'); // longer than the packed prefix holds
  return name;
}

// Every adjacent pair of the flattened sum's terms is in term_before's order.
void expect_sorted(const rules::Sum& s) {
  for (size_t i = 0; i + 1 < s.terms.size(); ++i)
    EXPECT_TRUE(rules::term_before(s.terms[i].base, s.terms[i + 1].base))
        << s.terms[i].base.expr() << " before " << s.terms[i + 1].base.expr();
}

TEST(TermOrder, SortedSumAgreesWithTermBeforeOnVariableNames) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<UOp> vars;
    for (int i = 0; i < 24; ++i)
      vars.push_back(UOp::var(random_name(rng), 0, 1 + static_cast<int64_t>(rng() % 9)));
    std::shuffle(vars.begin(), vars.end(), rng);
    UOp sum = vars[0];
    for (size_t i = 1; i < vars.size(); ++i)
      sum = sum + vars[i];
    expect_sorted(rules::flatten_sum(sum));
  }
}

TEST(TermOrder, SortedSumAgreesWithTermBeforeOnMixedTerms) {
  std::mt19937_64 rng(11);
  const UOp end = UOp::constant(index_dtype, int64_t{64});
  for (int round = 0; round < 100; ++round) {
    std::vector<UOp> terms;
    for (int i = 0; i < 30; ++i) {
      const UOp v = UOp::var(random_name(rng), 0, 1 + static_cast<int64_t>(rng() % 9));
      switch (rng() % 4) {
      case 0:
        terms.push_back(UOp::range(end, static_cast<int32_t>(rng() % 7) - 3)); // negative ids too
        break;
      case 1:
        terms.push_back(v.floordiv(2 + static_cast<int64_t>(rng() % 5)));
        break;
      case 2:
        terms.push_back(v.floormod(2 + static_cast<int64_t>(rng() % 5)));
        break;
      default:
        terms.push_back(v);
        break;
      }
    }
    std::shuffle(terms.begin(), terms.end(), rng);
    UOp sum = terms[0];
    for (size_t i = 1; i < terms.size(); ++i)
      sum = sum + terms[i];
    const rules::Sum s = rules::flatten_sum(sum);
    EXPECT_GT(s.terms.size(), 1u);
    expect_sorted(s);
  }
}

} // namespace
} // namespace lmc
