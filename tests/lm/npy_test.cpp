// The .npy reader and writer: round trips of the three dtypes (including 0-d and empty arrays), the exact header
// NumPy writes, and one negative test per rejected input (bad magic, version, dtype, Fortran order, truncation).
#include "lm/npy.hpp"

#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>

namespace lmc::lm {
namespace {

std::vector<uint8_t> with_header(const std::string& header_dict, size_t data_bytes, uint8_t major = 1) {
  std::string header = header_dict;
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string s("\x93NUMPY", 6);
  s += {static_cast<char>(major), '\0', static_cast<char>(header.size()), '\0'};
  s += header;
  s.append(data_bytes, '\0');
  return std::vector<uint8_t>(s.begin(), s.end());
}

void expect_error(const std::vector<uint8_t>& bytes, const std::string& part) {
  try {
    (void)parse_npy(bytes, "test.npy");
    ADD_FAILURE() << "no lmc::Error (expected one mentioning '" << part << "')";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("test.npy"), std::string::npos) << e.what();
  }
}

TEST(Npy, RoundTripsEveryDtype) {
  const NpyArray f = NpyArray::of(std::vector<double>{1.5, -2.0, NAN, 1e-300, 3, 4}, {2, 3});
  const NpyArray i = NpyArray::of(std::vector<int64_t>{-1, 0, INT64_MAX}, {3});
  const NpyArray b = NpyArray::of(std::vector<bool>{true, false, true, true}, {2, 1, 2});
  for (const NpyArray& a : {f, i, b}) {
    const NpyArray back = parse_npy(serialize_npy(a), "round trip");
    EXPECT_EQ(back.dtype, a.dtype);
    EXPECT_EQ(back.shape, a.shape);
    EXPECT_EQ(back.data, a.data);
  }
}

TEST(Npy, ScalarAndEmptyArrays) {
  const NpyArray scalar = NpyArray::of(std::vector<double>{7.0}, {});
  EXPECT_EQ(parse_npy(serialize_npy(scalar), "scalar").as_double(), std::vector<double>{7.0});
  const NpyArray empty = NpyArray::of(std::vector<int64_t>{}, {0, 3});
  const NpyArray back = parse_npy(serialize_npy(empty), "empty");
  EXPECT_EQ(back.shape, (Shape{0, 3}));
  EXPECT_TRUE(back.data.empty());
}

TEST(Npy, WritesNumpysHeader) {
  const std::vector<uint8_t> bytes = serialize_npy(NpyArray::of(std::vector<double>{1, 2, 3}, {3}));
  const std::string text(bytes.begin(), bytes.end());
  EXPECT_EQ(text.substr(0, 6), std::string("\x93NUMPY", 6));
  EXPECT_NE(text.find("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"), std::string::npos);
  EXPECT_EQ((bytes.size() - 24) % 64, 0u); // data aligned to 64 bytes
  EXPECT_EQ(text[bytes.size() - 24 - 1], '\n');
}

TEST(Npy, AcceptsKeysInAnyOrderAndIntegerTuple) {
  const NpyArray a = parse_npy(with_header("{'shape': (2, 2), 'fortran_order': False, 'descr': '<i8'}", 32), "k");
  EXPECT_EQ(a.dtype, int64);
  EXPECT_EQ(a.shape, (Shape{2, 2}));
}

TEST(Npy, RejectsBadMagic) {
  std::vector<uint8_t> bytes = with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8);
  bytes[1] = 'X';
  expect_error(bytes, "bad magic");
  expect_error({1, 2, 3}, "bad magic");
}

TEST(Npy, RejectsOtherVersions) {
  expect_error(with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8, 2), "version 2.0");
}

TEST(Npy, RejectsOtherDtypes) {
  expect_error(with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4), "'<f4'");
  expect_error(with_header("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", 8), "'>f8'");
  expect_error(with_header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 8), "'|O'");
}

TEST(Npy, RejectsFortranOrder) {
  expect_error(with_header("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 32), "Fortran");
}

TEST(Npy, RejectsTruncatedData) {
  expect_error(with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 16), "truncated");
  // Extra bytes after the data are as wrong as missing ones.
  expect_error(with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 16), "need 8");
}

TEST(Npy, RejectsTruncatedHeader) {
  std::vector<uint8_t> bytes = with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 0);
  bytes.resize(40);
  expect_error(bytes, "truncated header");
}

TEST(Npy, RejectsMalformedHeaders) {
  expect_error(with_header("{'descr': '<f8', 'shape': (1,), }", 8), "required");
  expect_error(with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", 8), "unknown key");
  expect_error(with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (a,), }", 8), "integers");
}

TEST(Npy, RejectsBoolBytesOtherThanZeroOrOne) {
  std::vector<uint8_t> bytes = with_header("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", 2);
  bytes.back() = 2;
  expect_error(bytes, "neither 0 nor 1");
}

TEST(Npy, TensorRoundTrip) {
  const NpyArray a = NpyArray::of(std::vector<double>{0.1, 0.2, 0.3, 0.4}, {2, 2});
  EXPECT_EQ(from_tensor(to_tensor(a)).data, a.data);
  const Tensor f32 = to_tensor(a, float32);
  EXPECT_EQ(f32.dtype(), float32);
  EXPECT_EQ(from_tensor(f32).dtype, float64);
  EXPECT_EQ(from_tensor(to_tensor(NpyArray::of(std::vector<bool>{true, false}, {2}))).as_bool(),
            (std::vector<bool>{true, false}));
  EXPECT_EQ(from_tensor(Tensor::arange(3)).as_int64(), (std::vector<int64_t>{0, 1, 2}));
}

TEST(Npy, ReadMissingFileNamesIt) {
  try {
    (void)read_npy("/nonexistent/x.npy");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.npy"), std::string::npos);
  }
}

TEST(Npy, ReadRefusesWhatIsNotARegularFile) { // /dev/zero would be read forever, a directory fails oddly
  for (const char* path : {"/dev/zero", "/tmp"}) {
    try {
      (void)read_npy(path);
      ADD_FAILURE() << "no error for " << path;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("is not a regular file"), std::string::npos) << e.what();
    }
  }
}

TEST(Npy, ShapeWhoseByteCountOverflowsIsRefused) {
  expect_error(with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", 0),
               "than int64 can count");
  expect_error(with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }", 0),
               "shape entries must be integers");
}

TEST(Npy, WriteReplacesWholeAndLeavesNoTemporary) {
  const std::string dir = ::testing::TempDir() + "lmc_npy_write_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/a.npy";
  write_npy(path, NpyArray::of(std::vector<double>{1, 2, 3}, {3}));
  write_npy(path, NpyArray::of(std::vector<double>{4, 5}, {2}));
  EXPECT_EQ(read_npy(path).as_double(), (std::vector<double>{4, 5}));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
  // A folder that does not exist: an error naming the path, and nothing written.
  EXPECT_THROW(write_npy(dir + "/no/such/b.npy", NpyArray::of(std::vector<double>{1}, {1})), Error);
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace lmc::lm
