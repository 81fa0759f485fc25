// A small reader and writer for NumPy .npy files: format 1.0, C order, and the three dtypes Monty's golden data
// uses (<f8, <i8, |b1). Its own file because the LM library's replay tool and tests exchange arrays in this format.
#pragma once
#include "frontend/tensor.hpp"
#include "ir/shape.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lmc::lm {

// One array as it lies in the file: its dtype (float64, int64 or bool_), shape and raw little-endian bytes.
struct NpyArray {
  DType dtype = float64;
  Shape shape;
  std::vector<uint8_t> data;

  int64_t numel() const { return shape_numel(shape); }
  // The values, converted to double / int64 / bool; throws lmc::Error if the dtype is not the one asked for.
  std::vector<double> as_double() const;
  std::vector<int64_t> as_int64() const;
  std::vector<bool> as_bool() const;

  static NpyArray of(const std::vector<double>& v, Shape shape);
  static NpyArray of(const std::vector<int64_t>& v, Shape shape);
  static NpyArray of(const std::vector<bool>& v, Shape shape);
};

// Parses .npy bytes; `what` names the source in error messages (bad magic, version, dtype, order, truncation).
NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& what);
NpyArray read_npy(const std::string& path);
std::vector<uint8_t> serialize_npy(const NpyArray& a);
void write_npy(const std::string& path, const NpyArray& a);

// The array as a tensor on `device`; floats are cast to `float_dtype` (integers and bools keep their dtype).
Tensor to_tensor(const NpyArray& a, DType float_dtype = float64, const std::string& device = "");
// A realized tensor as an array: floats become float64, integers int64, bools stay bool.
NpyArray from_tensor(const Tensor& t);

} // namespace lmc::lm
