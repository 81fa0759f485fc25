// The .npy reader and writer: the header is a Python dict literal, parsed here by a tiny tokenizer that accepts
// exactly what NumPy writes (descr, fortran_order, shape in any order) and rejects everything else with a reason.
#include "lm/npy.hpp"

#include "ir/checked.hpp"
#include "ir/file_io.hpp"
#include "ir/shape.hpp"

#include <cctype>
#include <charconv>
#include <cstring>
#include <fmt/format.h>
#include <optional>

namespace lmc::lm {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

size_t item_size(DType d) {
  return d == bool_ ? 1 : 8;
}

const char* descr_of(DType d) {
  return d == float64 ? "<f8" : d == int64 ? "<i8" : "|b1";
}

// Reads the header dict: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }.
struct HeaderParser {
  const std::string& s;
  const std::string& what;
  size_t i = 0;

  [[noreturn]] void fail(const std::string& why) const {
    throw Error(fmt::format("npy {}: bad header ({}): {}", what, why, s));
  }
  void skip_space() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
      ++i;
  }
  bool eat(char c) {
    skip_space();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(fmt::format("expected '{}' at offset {}", c, i));
  }
  std::string quoted() {
    skip_space();
    if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) fail("expected a quoted string");
    const char q = s[i++];
    const size_t end = s.find(q, i);
    if (end == std::string::npos) fail("unterminated string");
    std::string out = s.substr(i, end - i);
    i = end + 1;
    return out;
  }
  std::string word() {
    skip_space();
    size_t start = i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])))
      ++i;
    return s.substr(start, i - start);
  }
  Shape shape() {
    expect('(');
    Shape out;
    while (!eat(')')) {
      const std::string w = word();
      int64_t d = 0;
      const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), d);
      if (w.empty() || ec != std::errc() || end != w.data() + w.size())
        fail(fmt::format("shape entries must be integers in [0, 2^63), got '{}'", w));
      out.push_back(d);
      if (!eat(',')) {
        expect(')');
        break;
      }
    }
    return out;
  }
};

template <class T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T)); // the data is little-endian, as this host
  return v;
}

} // namespace

std::vector<double> NpyArray::as_double() const {
  if (dtype != float64) throw Error(fmt::format("npy: array holds {}, not float64", dtype.name()));
  std::vector<double> v(numel());
  if (!data.empty()) std::memcpy(v.data(), data.data(), data.size()); // empty vectors may hold null
  return v;
}

std::vector<int64_t> NpyArray::as_int64() const {
  if (dtype != int64) throw Error(fmt::format("npy: array holds {}, not int64", dtype.name()));
  std::vector<int64_t> v(numel());
  if (!data.empty()) std::memcpy(v.data(), data.data(), data.size()); // empty vectors may hold null
  return v;
}

std::vector<bool> NpyArray::as_bool() const {
  if (dtype != bool_) throw Error(fmt::format("npy: array holds {}, not bool", dtype.name()));
  return std::vector<bool>(data.begin(), data.end());
}

NpyArray NpyArray::of(const std::vector<double>& v, Shape shape) {
  NpyArray a{float64, std::move(shape), std::vector<uint8_t>(v.size() * 8)};
  if (!v.empty()) std::memcpy(a.data.data(), v.data(), a.data.size()); // empty vectors may hold null
  return a;
}

NpyArray NpyArray::of(const std::vector<int64_t>& v, Shape shape) {
  NpyArray a{int64, std::move(shape), std::vector<uint8_t>(v.size() * 8)};
  if (!v.empty()) std::memcpy(a.data.data(), v.data(), a.data.size()); // empty vectors may hold null
  return a;
}

NpyArray NpyArray::of(const std::vector<bool>& v, Shape shape) {
  return NpyArray{bool_, std::move(shape), std::vector<uint8_t>(v.begin(), v.end())};
}

NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& what) {
  if (bytes.size() < kMagicLen + 4 || std::memcmp(bytes.data(), kMagic, kMagicLen) != 0)
    throw Error(fmt::format("npy {}: not a .npy file (bad magic)", what));
  if (bytes[6] != 1 || bytes[7] != 0)
    throw Error(fmt::format("npy {}: format version {}.{} is not supported (only 1.0)", what, bytes[6], bytes[7]));
  const size_t header_len = bytes[8] | (static_cast<size_t>(bytes[9]) << 8);
  if (bytes.size() < 10 + header_len)
    throw Error(
        fmt::format("npy {}: truncated header ({} bytes, header says {})", what, bytes.size(), 10 + header_len));
  const std::string header(bytes.begin() + 10, bytes.begin() + 10 + static_cast<std::ptrdiff_t>(header_len));

  HeaderParser p{header, what};
  std::string descr;
  std::optional<bool> fortran;
  std::optional<Shape> shape;
  p.expect('{');
  while (!p.eat('}')) {
    const std::string key = p.quoted();
    p.expect(':');
    if (key == "descr") {
      descr = p.quoted();
    } else if (key == "fortran_order") {
      const std::string w = p.word();
      if (w != "True" && w != "False") p.fail("fortran_order must be True or False");
      fortran = w == "True";
    } else if (key == "shape") {
      shape = p.shape();
    } else {
      p.fail(fmt::format("unknown key '{}'", key));
    }
    if (!p.eat(',')) {
      p.expect('}');
      break;
    }
  }
  if (descr.empty() || !fortran || !shape) p.fail("descr, fortran_order and shape are all required");
  if (*fortran) throw Error(fmt::format("npy {}: Fortran order is not supported (write C order)", what));
  NpyArray a;
  if (descr == "<f8")
    a.dtype = float64;
  else if (descr == "<i8")
    a.dtype = int64;
  else if (descr == "|b1")
    a.dtype = bool_;
  else
    throw Error(fmt::format("npy {}: dtype '{}' is not supported (only <f8, <i8, |b1)", what, descr));
  a.shape = *shape;
  const std::string op = fmt::format("npy {}", what);
  const auto want =
      static_cast<size_t>(checked_bytes(checked_numel(a.shape, op), static_cast<int64_t>(item_size(a.dtype)), op));
  const size_t have = bytes.size() - 10 - header_len;
  if (have != want)
    throw Error(fmt::format("npy {}: {} data bytes for shape {} of {} (need {}){}", what, have, shape_str(a.shape),
                            descr, want, have < want ? ": truncated" : ""));
  a.data.assign(bytes.begin() + 10 + static_cast<std::ptrdiff_t>(header_len), bytes.end());
  if (a.dtype == bool_)
    for (uint8_t b : a.data)
      if (b > 1) throw Error(fmt::format("npy {}: bool byte {} is neither 0 nor 1", what, b));
  return a;
}

NpyArray read_npy(const std::string& path) {
  // Only regular files, and not more than any array lmc could hold in memory: /dev/zero or a FIFO named as an array
  // would otherwise be read forever.
  constexpr uint64_t kMaxBytes = uint64_t{1} << 36;
  const std::string text = read_regular_file(path, kMaxBytes, "npy");
  return parse_npy(std::vector<uint8_t>(text.begin(), text.end()), path);
}

std::vector<uint8_t> serialize_npy(const NpyArray& a) {
  if (a.dtype != float64 && a.dtype != int64 && a.dtype != bool_)
    throw Error(fmt::format("npy: cannot write {} (only float64, int64, bool)", a.dtype.name()));
  if (a.data.size() != static_cast<size_t>(a.numel()) * item_size(a.dtype))
    throw Error(fmt::format("npy: {} bytes do not fill shape {}", a.data.size(), shape_str(a.shape)));
  std::string shape = "(";
  for (size_t i = 0; i < a.shape.size(); ++i)
    shape += fmt::format("{}{}", i ? ", " : "", a.shape[i]);
  shape += a.shape.size() == 1 ? ",)" : ")";
  std::string header =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}", descr_of(a.dtype), shape);
  // NumPy pads with spaces so the data starts on a 64-byte boundary, and ends the header with a newline.
  const size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string head(kMagic, kMagicLen);
  head += {'\x01', '\x00', static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
  head += header;
  std::vector<uint8_t> out(head.begin(), head.end());
  out.insert(out.end(), a.data.begin(), a.data.end());
  return out;
}

void write_npy(const std::string& path, const NpyArray& a) {
  const std::vector<uint8_t> bytes = serialize_npy(a);
  write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), "npy");
}

Tensor to_tensor(const NpyArray& a, DType float_dtype, const std::string& device) {
  Tensor t = Tensor::from_bytes(a.data.data(), a.dtype, a.shape, device);
  return a.dtype == float64 && float_dtype != float64 ? t.cast(float_dtype) : t;
}

NpyArray from_tensor(const Tensor& t) {
  const DType d = t.dtype().is_bool() ? bool_ : t.dtype().is_float() ? float64 : int64;
  const Tensor c = t.dtype() == d ? t : t.cast(d);
  NpyArray a{d, t.shape(), std::vector<uint8_t>(static_cast<size_t>(t.numel()) * item_size(d))};
  if (!a.data.empty()) c.copy_to_host(a.data.data(), a.data.size());
  return a;
}

} // namespace lmc::lm
