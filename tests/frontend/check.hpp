// Assertions shared by the frontend test files: building tensors from reference arrays, comparing against the
// float64 reference (relative, ulp and exact), and checking that bad input raises lmc::Error with a useful message.
#pragma once
#include "reference.hpp"

#include <lmc/lmc.hpp>

#include <gtest/gtest.h>
#include <initializer_list>
#include <string>

namespace lmc::check {

inline Tensor tensor_of(const ref::Array& a, DType dtype = float32) {
  if (dtype == float64) return Tensor::from_vector(a.v, a.shape);
  if (dtype == int32) return Tensor::from_vector(a.as<int32_t>(), a.shape);
  if (dtype == int64) return Tensor::from_vector(a.as<int64_t>(), a.shape);
  if (dtype == uint8) return Tensor::from_vector(a.as<uint8_t>(), a.shape);
  if (dtype == int16) return Tensor::from_doubles(a.v, a.shape, int16);
  if (dtype == bool_) {
    std::vector<bool> b;
    for (double x : a.v)
      b.push_back(x != 0.0);
    return Tensor::from_vector(b, a.shape);
  }
  return Tensor::from_vector(a.as<float>(), a.shape);
}

// Values within tol relative to max(1, |want|); NaN must meet NaN, infinities must match exactly.
inline void expect_close(const Tensor& t, const ref::Array& want, double tol = 1e-5) {
  ASSERT_EQ(shape_str(t.shape()), shape_str(want.shape));
  std::vector<double> got = t.cast(float64).to_vector<double>();
  ASSERT_EQ(got.size(), want.v.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want.v[i]) || std::isinf(want.v[i])) {
      ASSERT_TRUE(std::isnan(want.v[i]) ? std::isnan(got[i]) : got[i] == want.v[i])
          << "at flat index " << i << ": got " << got[i] << ", want " << want.v[i];
      continue;
    }
    ASSERT_NEAR(got[i], want.v[i], tol * std::max(1.0, std::abs(want.v[i]))) << "at flat index " << i;
  }
}

// Exact equality (integer and boolean results; exact for values below 2^53).
inline void expect_exact(const Tensor& t, const ref::Array& want) {
  ASSERT_EQ(shape_str(t.shape()), shape_str(want.shape));
  std::vector<double> got = t.cast(float64).to_vector<double>();
  ASSERT_EQ(got.size(), want.v.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_EQ(got[i], want.v[i]) << "at flat index " << i;
}

// Runs `f`, expecting lmc::Error whose message contains every one of `parts`.
template <class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no lmc::Error was thrown";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const std::string& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' missing from: " << msg;
  }
}

} // namespace lmc::check
