// Arrays in and out through the buffer protocol (PEP 3118), so NumPy 1.x and 2.x and any other exporter work
// without NumPy's C API: zero copies in where a CPU tensor can read the array itself (from_numpy), else one copy
// (strided input compacted first); zero copies out of a realized CPU tensor.
#include "bindings.hpp"
#include "frontend/lazy.hpp"
#include "ir/error.hpp"
#include "runtime/buffer.hpp"

#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <optional>

namespace lmc::python {
namespace {

std::string shape_text(const std::vector<py::ssize_t>& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

// The lmc dtype of a PEP 3118 element format ("f", "<d", "=q", "?"), or nothing when none matches.
std::optional<DType> dtype_of_format(const std::string& format, py::ssize_t itemsize) {
  std::string f = format;
  if (!f.empty() && (f[0] == '@' || f[0] == '=' || f[0] == '<')) f = f.substr(1); // '<' is native on x86/ARM hosts
  if (f.size() != 1) return std::nullopt;                                         // '>', '!', 'Zd', 'T{...}', '2f'
  const char c = f[0];
  auto by_size = [&](DType s1, DType s2, DType s4, DType s8) -> std::optional<DType> {
    switch (itemsize) {
    case 1:
      return s1;
    case 2:
      return s2;
    case 4:
      return s4;
    case 8:
      return s8;
    default:
      return std::nullopt;
    }
  };
  if (c == '?' && itemsize == 1) return bool_;
  if (std::strchr("bhilq", c)) return by_size(int8, int16, int32, int64);
  if (std::strchr("BHILQ", c)) return by_size(uint8, uint16, uint32, uint64);
  if (c == 'e' && itemsize == 2) return float16;
  if (c == 'f' && itemsize == 4) return float32;
  if (c == 'd' && itemsize == 8) return float64;
  return std::nullopt;
}

// The PEP 3118 format of an lmc dtype; bfloat16 has none (NumPy has no such type).
std::string format_of(DType d) {
  switch (d.scalar) {
  case Scalar::Bool:
    return "?";
  case Scalar::Int8:
    return "b";
  case Scalar::Int16:
    return "h";
  case Scalar::Int32:
    return "i";
  case Scalar::Int64:
    return "q";
  case Scalar::UInt8:
    return "B";
  case Scalar::UInt16:
    return "H";
  case Scalar::UInt32:
    return "I";
  case Scalar::UInt64:
    return "Q";
  case Scalar::Float16:
    return "e";
  case Scalar::Float32:
    return "f";
  case Scalar::Float64:
    return "d";
  default:
    throw py::type_error(
        fmt::format("numpy: {} has no NumPy dtype; cast the tensor first (t.cast(lmc.float32))", d.name()));
  }
}

bool c_contiguous(const py::buffer_info& info) {
  py::ssize_t expected = info.itemsize;
  for (size_t i = info.shape.size(); i-- > 0;) {
    if (info.shape[i] != 1 && info.strides[i] != expected) return false;
    expected *= info.shape[i];
  }
  return true;
}

// Copies a strided array into `out` in C order, the innermost axis element by element.
void compact(const py::buffer_info& info, std::byte* out) {
  const size_t ndim = info.shape.size();
  const auto item = static_cast<size_t>(info.itemsize);
  std::vector<py::ssize_t> index(ndim, 0);
  const auto* base = static_cast<const std::byte*>(info.ptr);
  const py::ssize_t inner = ndim ? info.shape[ndim - 1] : 1;
  const py::ssize_t inner_stride = ndim ? info.strides[ndim - 1] : 0;
  while (true) {
    const std::byte* row = base;
    for (size_t a = 0; a + 1 < ndim; ++a)
      row += index[a] * info.strides[a];
    for (py::ssize_t j = 0; j < inner; ++j, out += item)
      std::memcpy(out, row + j * inner_stride, item);
    // Advance the outer index like an odometer.
    size_t a = ndim > 0 ? ndim - 1 : 0;
    while (a-- > 0) {
      if (++index[a] < info.shape[a]) break;
      index[a] = 0;
    }
    if (a == static_cast<size_t>(-1)) return;
  }
}

// The host memory numpy() exposes: the tensor's own CPU buffer (zero copy), or a host copy of a device tensor.
// Read-only: lmc tensors are values, and a realized buffer may be shared by every expression that computed it.
struct HostArray {
  std::shared_ptr<Buffer> buffer;
  std::vector<std::byte> copy;
  DType dtype;
  Shape shape;

  void* data() const { return buffer ? buffer->ptr() : const_cast<std::byte*>(copy.data()); }
};

py::buffer_info buffer_info_of(const HostArray& h) {
  std::vector<py::ssize_t> shape(h.shape.begin(), h.shape.end()), strides(h.shape.size());
  py::ssize_t stride = h.dtype.itemsize();
  for (size_t i = h.shape.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= std::max<py::ssize_t>(h.shape[i], 1);
  }
  return py::buffer_info(h.data(), h.dtype.itemsize(), format_of(h.dtype), static_cast<py::ssize_t>(h.shape.size()),
                         std::move(shape), std::move(strides), /*readonly=*/true);
}

} // namespace

// The lent view of a NumPy array behind a zero-copy tensor: released (with the GIL, which the thread that drops the
// last reference may not hold) when the buffer dies; leaked if the interpreter is already gone.
std::shared_ptr<void> lent_view(py::buffer_info info) {
  return std::shared_ptr<void>(new py::buffer_info(std::move(info)), [](void* p) {
    auto* view = static_cast<py::buffer_info*>(p);
    if (!Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    delete view;
  });
}

// A CPU tensor reading `array`'s own memory, or nothing when it cannot: not the CPU, not writable (a tensor's buffer
// may be written by Tensor.write_), not C-contiguous, not aligned to its elements (kernels load whole elements), no
// elements, or a format lmc has no dtype for.
std::optional<Tensor> tensor_sharing_buffer(const py::buffer& array, const std::string& device) {
  if (resolve_device(device) != "CPU") return std::nullopt;
  auto* view = new Py_buffer(); // owned (released and deleted) by the buffer_info below
  if (PyObject_GetBuffer(array.ptr(), view, PyBUF_RECORDS) != 0) { // writable, strided, with a format
    delete view;
    PyErr_Clear();
    return std::nullopt;
  }
  py::buffer_info info(view, /*ownview=*/true);
  const std::optional<DType> dtype = dtype_of_format(info.format, info.itemsize);
  int64_t n = 1;
  for (py::ssize_t d : info.shape)
    n *= d;
  if (!dtype || n == 0 || info.readonly || !c_contiguous(info) ||
      reinterpret_cast<uintptr_t>(info.ptr) % static_cast<uintptr_t>(info.itemsize) != 0)
    return std::nullopt;
  auto s = std::make_shared<LazyState>();
  s->device = "CPU";
  const int64_t id = next_buffer_id();
  void* data = info.ptr;
  Shape shape(info.shape.begin(), info.shape.end());
  s->buffer = make_external_buffer(get_device("CPU"), *dtype, n, id, data, lent_view(std::move(info)));
  UOp buf = UOp::make(Op::BUFFER, *dtype, {}, BufferArg{id, n, "CPU"});
  s->uop = UOp::make(Op::RESHAPE, *dtype, {buf}, IntList(shape.begin(), shape.end()));
  return TensorAccess::make(std::move(s));
}

Tensor tensor_from_buffer(const py::buffer& array, const std::string& device, const std::string& name) {
  py::buffer_info info = array.request();
  const std::optional<DType> dtype = dtype_of_format(info.format, info.itemsize);
  if (!dtype)
    throw py::value_error(
        fmt::format("from_numpy: {} of shape {} has elements of format '{}' ({} bytes), which no lmc dtype matches "
                    "(bool, int8..int64, uint8..uint64, float16, float32, float64, in native byte order)",
                    name, shape_text(info.shape), info.format, info.itemsize));
  Shape shape(info.shape.begin(), info.shape.end());
  size_t bytes = static_cast<size_t>(info.itemsize);
  for (py::ssize_t d : info.shape)
    if (d < 0 || __builtin_mul_overflow(bytes, static_cast<size_t>(d), &bytes))
      throw py::value_error(fmt::format("from_numpy: {} has an impossible shape {}", name, shape_text(info.shape)));
  if (bytes == 0 || c_contiguous(info)) {
    py::gil_scoped_release release;
    return Tensor::from_bytes(info.ptr, *dtype, std::move(shape), device);
  }
  py::gil_scoped_release release;
  std::vector<std::byte> staging(bytes);
  compact(info, staging.data());
  return Tensor::from_bytes(staging.data(), *dtype, std::move(shape), device);
}

py::object numpy_of(const Tensor& t) {
  HostArray h;
  h.dtype = t.dtype();
  h.shape = t.shape();
  format_of(h.dtype); // bfloat16: a TypeError before any work is done
  if (t.numel() == 0) {
    // Nothing to read, and nothing realized: lmc's CPU kernels for zero-size tensors of rank > 1 write past their
    // empty buffer today (see realize_if_nonempty in tensor.cpp).
    h.copy.resize(1);
  } else {
    py::gil_scoped_release release;
    if (t.device() == "CPU") {
      h.buffer = t.buffer(); // realizes; a C-order buffer of exactly numel elements
    } else {
      h.copy.resize(static_cast<size_t>(t.numel()) * h.dtype.itemsize());
      t.copy_to_host(h.copy.data(), h.copy.size());
    }
  }
  return py::module_::import("numpy").attr("asarray")(py::cast(std::move(h)));
}

void bind_host_arrays(py::module_& m) {
  py::class_<HostArray>(m, "_HostArray", py::buffer_protocol(),
                        "Read-only host memory of a tensor, exported through the buffer protocol (numpy() wraps it).")
      .def_buffer(&buffer_info_of)
      .def_property_readonly("zero_copy", [](const HostArray& h) { return h.buffer != nullptr; });
}

} // namespace lmc::python
