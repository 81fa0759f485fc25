// lmc._lmc.monty.Backend: lmc::lm::Backend for Python, with the host arrays it takes read from buffers (checked and
// named) and the GIL released whenever lmc works or waits. Its own file: the binding's one door into the LM backend;
// python/lmc/monty.py is its Python face (keywords, dicts, dtype conversion).
#include "bindings.hpp"
#include "lm/backend.hpp"

#include <fmt/format.h>
#include <mutex>

namespace lmc::python {
namespace {
namespace lm = lmc::lm;

std::string shape_text(const std::vector<py::ssize_t>& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

// A C-contiguous buffer of float64 values ('d') or bools ('?'), as lmc/monty.py hands them over.
py::buffer_info buffer_of(py::handle obj, const std::string& name, bool boolean) {
  if (!PyObject_CheckBuffer(obj.ptr()))
    throw py::value_error(fmt::format("{} is a {}, not an array", name, py::str(obj.get_type()).cast<std::string>()));
  py::buffer_info info = py::reinterpret_borrow<py::buffer>(obj).request();
  std::string f = info.format;
  if (!f.empty() && (f[0] == '@' || f[0] == '=' || f[0] == '<')) f = f.substr(1);
  const bool ok = boolean ? (f == "?" && info.itemsize == 1) : (f == "d" && info.itemsize == 8);
  if (!ok)
    throw py::value_error(fmt::format("{} of shape {} has elements of format '{}', expected {}", name,
                                      shape_text(info.shape), info.format, boolean ? "bool" : "float64"));
  py::ssize_t expected = info.itemsize;
  for (size_t i = info.shape.size(); i-- > 0;) {
    if (info.shape[i] != 1 && info.strides[i] != expected)
      throw py::value_error(fmt::format("{} of shape {} is not C-contiguous", name, shape_text(info.shape)));
    expected *= info.shape[i];
  }
  return info;
}

// `info`'s shape is one of `shapes` (-1: any size, bound to the first such axis' value across all of them).
void check_shape(const py::buffer_info& info, const std::string& name,
                 std::initializer_list<std::vector<py::ssize_t>> shapes, const std::string& expected) {
  for (const auto& s : shapes) {
    if (s.size() != info.shape.size()) continue;
    bool match = true;
    for (size_t i = 0; i < s.size(); ++i)
      match = match && (s[i] < 0 || s[i] == info.shape[i]);
    if (match) return;
  }
  throw py::value_error(fmt::format("{} has shape {}, expected {}", name, shape_text(info.shape), expected));
}

std::vector<double> doubles(const py::buffer_info& info) {
  const auto* p = static_cast<const double*>(info.ptr);
  return std::vector<double>(p, p + info.size);
}

py::handle item(const py::dict& d, const char* key, const std::string& where) {
  if (!d.contains(key)) throw py::value_error(fmt::format("{} has no '{}'", where, key));
  return d[key];
}

lm::ObjectModelData object_of(const py::dict& d, const std::string& name) {
  const py::buffer_info loc = buffer_of(item(d, "locations", name), name + ".locations", false);
  check_shape(loc, name + ".locations", {{-1, 3}}, "(N, 3) with N >= 1");
  const py::ssize_t n = loc.shape[0];
  if (n < 1)
    throw py::value_error(fmt::format("{}.locations has shape {}, expected N >= 1 nodes", name, shape_text(loc.shape)));
  const std::string rows = fmt::format(" with N = {} (the rows of locations)", n);
  const py::buffer_info pose = buffer_of(item(d, "pose_vectors", name), name + ".pose_vectors", false);
  check_shape(pose, name + ".pose_vectors", {{n, 9}, {n, 3, 3}}, "(N, 9) or (N, 3, 3)" + rows);
  const py::buffer_info pfd = buffer_of(item(d, "pose_fully_defined", name), name + ".pose_fully_defined", true);
  check_shape(pfd, name + ".pose_fully_defined", {{n}}, "(N,)" + rows);
  const py::buffer_info features = buffer_of(item(d, "features", name), name + ".features", false);
  check_shape(features, name + ".features", {{n, -1}}, "(N, F)" + rows);
  lm::ObjectModelData o;
  o.locations = doubles(loc);
  o.pose_vectors = doubles(pose);
  const auto* b = static_cast<const uint8_t*>(pfd.ptr);
  o.pose_fully_defined.assign(b, b + pfd.size);
  o.features = doubles(features);
  return o;
}

lm::HypothesesData hypotheses_of_dict(const py::dict& d, const std::string& name) {
  const py::buffer_info ev = buffer_of(item(d, "evidence", name), name + ".evidence", false);
  check_shape(ev, name + ".evidence", {{-1}}, "(H,)");
  const py::ssize_t h = ev.shape[0];
  const std::string rows = fmt::format(" with H = {} (the length of evidence)", h);
  const py::buffer_info loc = buffer_of(item(d, "locations", name), name + ".locations", false);
  check_shape(loc, name + ".locations", {{h, 3}}, "(H, 3)" + rows);
  const py::buffer_info rot = buffer_of(item(d, "rotations", name), name + ".rotations", false);
  check_shape(rot, name + ".rotations", {{h, 3, 3}, {h, 9}}, "(H, 3, 3) or (H, 9)" + rows);
  return lm::HypothesesData{doubles(loc), doubles(rot), doubles(ev)};
}

std::vector<lm::HypothesesData> hypotheses_list(const py::sequence& seq, const std::string& op) {
  std::vector<lm::HypothesesData> out;
  for (size_t o = 0; o < seq.size(); ++o)
    out.push_back(hypotheses_of_dict(seq[o].cast<py::dict>(), fmt::format("{}: hypotheses[{}]", op, o)));
  return out;
}

lm::Observation observation_of(const py::dict& d, const std::string& name) {
  lm::Observation obs;
  const py::buffer_info pose = buffer_of(item(d, "pose_vectors", name), name + ".pose_vectors", false);
  check_shape(pose, name + ".pose_vectors", {{3, 3}, {9}}, "(3, 3) or (9,): rows [normal; curvature dir 1; dir 2]");
  const std::vector<double> p = doubles(pose);
  std::copy(p.begin(), p.end(), obs.pose_vectors.begin());
  obs.pose_fully_defined = item(d, "pose_fully_defined", name).cast<bool>();
  const py::buffer_info features = buffer_of(item(d, "features", name), name + ".features", false);
  check_shape(features, name + ".features", {{-1}}, "(F,)");
  obs.features = doubles(features);
  obs.curvature = item(d, "curvature", name).cast<double>();
  const py::handle disp = item(d, "displacement", name);
  if (!disp.is_none()) {
    const py::buffer_info info = buffer_of(disp, name + ".displacement", false);
    check_shape(info, name + ".displacement", {{3}}, "(3,) or None (no move since reset)");
    const std::vector<double> v = doubles(info);
    obs.displacement = std::array<double, 3>{v[0], v[1], v[2]};
  }
  return obs;
}

// The Python-side Backend: the C++ backend behind a mutex (Python threads may share it; every call takes the mutex
// with the GIL released, so a thread blocked in wait() never holds the GIL).
struct MontyBackend {
  std::unique_ptr<lm::Backend> backend;
  std::mutex mutex;

  template <class F>
  auto locked(F f) {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> guard(mutex);
    return f(*backend);
  }
};

void dispatch(MontyBackend& self, const std::vector<std::vector<int>>& groups, const py::sequence& inputs,
              bool full_arrays, std::optional<lm::DispatchMode> mode) {
  std::vector<std::vector<std::optional<lm::Observation>>> channels(inputs.size());
  bool several = false;
  for (size_t id = 0; id < inputs.size(); ++id) {
    const py::handle in = inputs[id];
    const std::string name = fmt::format("dispatch: inputs[{}]", id);
    if (in.is_none()) continue;
    if (py::isinstance<py::dict>(in)) {
      channels[id].push_back(observation_of(in.cast<py::dict>(), name));
      continue;
    }
    several = true;
    const auto list = in.cast<py::sequence>();
    for (size_t c = 0; c < list.size(); ++c) {
      if (list[c].is_none())
        channels[id].emplace_back();
      else
        channels[id].push_back(observation_of(list[c].cast<py::dict>(), fmt::format("{}[{}]", name, c)));
    }
  }
  const lm::DispatchOptions options{mode, full_arrays};
  self.locked([&](lm::Backend& b) {
    if (several) return b.dispatch_channels(groups, channels, options);
    std::vector<std::optional<lm::Observation>> single(channels.size());
    for (size_t id = 0; id < channels.size(); ++id)
      if (!channels[id].empty()) single[id] = std::move(channels[id][0]);
    b.dispatch(groups, single, options);
  });
}

} // namespace

void bind_monty_backend(py::module_& m) {
  py::class_<MontyBackend>(m, "Backend", "lmc::lm::Backend; use lmc.monty.Backend, which checks and converts.")
      .def(py::init([](const lm::BackendConfig& config) {
             auto self = std::make_unique<MontyBackend>();
             py::gil_scoped_release release;
             self->backend = std::make_unique<lm::Backend>(config);
             return self;
           }),
           py::arg("config"))
      .def(
          "register_lm",
          [](MontyBackend& self, const py::sequence& objects, const py::sequence& hypotheses) {
            std::vector<lm::ObjectModelData> models;
            for (size_t o = 0; o < objects.size(); ++o)
              models.push_back(object_of(objects[o].cast<py::dict>(), fmt::format("register_lm: objects[{}]", o)));
            const std::vector<lm::HypothesesData> hyps = hypotheses_list(hypotheses, "register_lm");
            return self.locked([&](lm::Backend& b) { return b.register_lm(models, hyps); });
          },
          py::arg("objects"), py::arg("hypotheses"))
      .def(
          "set_hypotheses",
          [](MontyBackend& self, int lm_id, const py::sequence& hypotheses) {
            const std::vector<lm::HypothesesData> hyps = hypotheses_list(hypotheses, "set_hypotheses");
            self.locked([&](lm::Backend& b) { b.set_hypotheses(lm_id, hyps); });
          },
          py::arg("lm"), py::arg("hypotheses"))
      .def("dispatch", &dispatch, py::arg("groups"), py::arg("inputs"), py::arg("full_arrays"), py::arg("mode"))
      .def("wait",
           [](MontyBackend& self) {
             auto step = self.locked(
                 [](lm::Backend& b) { return std::make_shared<const lm::StepResults>(b.wait()); }); // one host copy
             return results_of(step, self.backend->config().burst.tracker_window);
           })
      .def(
          "hypotheses",
          [](MontyBackend& self, int lm_id, std::optional<int64_t> object) {
            auto hyps = self.locked([&](lm::Backend& b) {
              if (object)
                return std::make_shared<const std::vector<lm::HypothesesData>>(1, b.hypotheses(lm_id, *object));
              return std::make_shared<const std::vector<lm::HypothesesData>>(b.hypotheses(lm_id));
            });
            return hypotheses_of(hyps);
          },
          py::arg("lm"), py::arg("object") = py::none())
      .def_property_readonly("num_lms",
                             [](MontyBackend& self) { return self.locked([](lm::Backend& b) { return b.num_lms(); }); })
      .def_property_readonly("device", [](MontyBackend& self) { return self.backend->device_name(); })
      .def_property_readonly("config", [](MontyBackend& self) { return self.backend->config(); });
}

} // namespace lmc::python
