// lmc._lmc.monty's result types: what Backend.wait() and Backend.hypotheses() return, each array a read-only NumPy
// view (no copy) of one host copy of the C++ results that the Python objects keep alive. Its own file: the one
// place backend results become Python values.
#include "bindings.hpp"
#include "lm/backend.hpp"

#include <memory>

namespace lmc::python {
namespace {
namespace lm = lmc::lm;

// Host memory owned by `owner`, exported through the buffer protocol; numpy.asarray of it is the zero-copy view.
struct ResultArray {
  std::shared_ptr<const void> owner;
  const void* data = nullptr;
  const char* format = "d";
  py::ssize_t itemsize = 8;
  std::vector<py::ssize_t> shape;
};

py::buffer_info buffer_info_of(const ResultArray& a) {
  static const double empty = 0; // a valid pointer for zero-size arrays
  std::vector<py::ssize_t> strides(a.shape.size());
  py::ssize_t stride = a.itemsize;
  for (size_t i = a.shape.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= std::max<py::ssize_t>(a.shape[i], 1);
  }
  return py::buffer_info(const_cast<void*>(a.data ? a.data : &empty), a.itemsize, a.format,
                         static_cast<py::ssize_t>(a.shape.size()), a.shape, std::move(strides), /*readonly=*/true);
}

const char* format_of(const double*) {
  return "d";
}
const char* format_of(const int64_t*) {
  return "q";
}
const char* format_of(const uint8_t*) {
  return "?";
}

template <class T>
py::object view(std::shared_ptr<const void> owner, const T* data, std::vector<py::ssize_t> shape) {
  ResultArray a{std::move(owner), data, format_of(data), static_cast<py::ssize_t>(sizeof(T)), std::move(shape)};
  return py::module_::import("numpy").attr("asarray")(py::cast(std::move(a)));
}

template <class T>
py::object view(const std::shared_ptr<const void>& owner, const std::vector<T>& v) {
  return view(owner, v.data(), {static_cast<py::ssize_t>(v.size())});
}

// vector<bool> has no contiguous storage: one copy into bytes, owned by the array.
py::object bool_array(const std::vector<bool>& v) {
  auto bytes = std::make_shared<std::vector<uint8_t>>(v.begin(), v.end());
  return view(bytes, bytes->data(), {static_cast<py::ssize_t>(bytes->size())});
}

py::ssize_t rows(size_t values, size_t per_row) {
  return static_cast<py::ssize_t>(values / per_row);
}

struct HypothesesView {
  std::shared_ptr<const void> owner;
  const lm::HypothesesData* h;
};

struct BurstObjectView {
  std::shared_ptr<const void> owner;
  const lm::BurstObjectResult* o;
  int64_t window;
};

struct BurstLmView {
  std::shared_ptr<const void> owner;
  const lm::BurstLmResult* b;
  int64_t window;
};

struct LmResultView {
  std::shared_ptr<const void> owner;
  const lm::LmResult* r;
  int64_t window;
};

// A per-object field of a burst result as one array over the LM's objects.
template <class T, class F>
py::object per_object(const BurstLmView& v, F field) {
  auto values = std::make_shared<std::vector<T>>();
  for (const lm::BurstObjectResult& o : v.b->objects)
    values->push_back(static_cast<T>(field(o)));
  return view(values, *values);
}

void bind_hypotheses(py::module_& m) {
  py::class_<HypothesesView>(m, "Hypotheses", "One object's hypotheses: read-only arrays, shared with the result.")
      .def_property_readonly("locations",
                             [](const HypothesesView& v) {
                               return view(v.owner, v.h->locations.data(), {rows(v.h->locations.size(), 3), 3});
                             })
      .def_property_readonly("rotations",
                             [](const HypothesesView& v) {
                               return view(v.owner, v.h->rotations.data(), {rows(v.h->rotations.size(), 9), 3, 3});
                             })
      .def_property_readonly("evidence", [](const HypothesesView& v) { return view(v.owner, v.h->evidence); })
      .def("__len__", [](const HypothesesView& v) { return v.h->size(); })
      .def("__repr__",
           [](const HypothesesView& v) { return "<lmc.monty.Hypotheses H=" + std::to_string(v.h->size()) + ">"; });
}

void bind_burst(py::module_& m) {
  py::class_<BurstObjectView>(m, "BurstObjectResult", "What burst sampling did to one object this step.")
      .def_property_readonly("count", [](const BurstObjectView& v) { return v.o->count; })
      .def_property_readonly("num_retained", [](const BurstObjectView& v) { return v.o->num_retained; })
      .def_property_readonly("num_new", [](const BurstObjectView& v) { return v.o->num_new; })
      .def_property_readonly("prediction_error", [](const BurstObjectView& v) { return v.o->prediction_error; })
      .def_property_readonly("retained", [](const BurstObjectView& v) { return bool_array(v.o->retained); })
      .def_property_readonly("new_node_ids", [](const BurstObjectView& v) { return view(v.owner, v.o->new_node_ids); })
      .def_property_readonly("tracker_window",
                             [](const BurstObjectView& v) {
                               const auto w = static_cast<size_t>(v.window);
                               return view(v.owner, v.o->tracker_window.data(),
                                           {rows(v.o->tracker_window.size(), w), static_cast<py::ssize_t>(w)});
                             })
      .def_property_readonly("tracker_ages", [](const BurstObjectView& v) { return view(v.owner, v.o->tracker_ages); });

  py::class_<BurstLmView>(m, "BurstLmResult", "Burst sampling's step of one LM: flags and per-object results.")
      .def_property_readonly("max_global_slope", [](const BurstLmView& v) { return v.b->max_global_slope; })
      .def_property_readonly("burst_steps_at_enter", [](const BurstLmView& v) { return v.b->burst_steps_at_enter; })
      .def_property_readonly("burst_triggered", [](const BurstLmView& v) { return v.b->burst_triggered; })
      .def_property_readonly(
          "counts", [](const BurstLmView& v) { return per_object<int64_t>(v, [](auto& o) { return o.count; }); })
      .def_property_readonly(
          "num_retained",
          [](const BurstLmView& v) { return per_object<int64_t>(v, [](auto& o) { return o.num_retained; }); })
      .def_property_readonly(
          "num_new", [](const BurstLmView& v) { return per_object<int64_t>(v, [](auto& o) { return o.num_new; }); })
      .def_property_readonly(
          "prediction_error",
          [](const BurstLmView& v) { return per_object<double>(v, [](auto& o) { return o.prediction_error; }); })
      .def_property_readonly("objects", [](const BurstLmView& v) {
        py::list out;
        for (const lm::BurstObjectResult& o : v.b->objects)
          out.append(BurstObjectView{v.owner, &o, v.window});
        return out;
      });
}

void bind_lm_result(py::module_& m) {
  py::class_<lm::LmMostLikely>(m, "MostLikely", "The LM's most likely hypothesis over all its objects.")
      .def_readonly("object", &lm::LmMostLikely::object)
      .def_readonly("hypothesis", &lm::LmMostLikely::hypothesis)
      .def_readonly("evidence", &lm::LmMostLikely::evidence)
      .def_property_readonly("location",
                             [](const lm::LmMostLikely& x) {
                               auto copy = std::make_shared<std::array<double, 3>>(x.location);
                               return view(copy, copy->data(), {3});
                             })
      .def_property_readonly("rotation",
                             [](const lm::LmMostLikely& x) {
                               auto copy = std::make_shared<std::array<double, 9>>(x.rotation);
                               return view(copy, copy->data(), {3, 3});
                             })
      .def("__repr__", [](const lm::LmMostLikely& x) {
        return "<lmc.monty.MostLikely object=" + std::to_string(x.object) +
               " hypothesis=" + std::to_string(x.hypothesis) + " evidence=" + std::to_string(x.evidence) + ">";
      });

  py::class_<LmResultView>(m, "LmResult", "One LM's step: evidence per object, the most likely hypothesis, matches.")
      .def_property_readonly("stepped", [](const LmResultView& v) { return v.r->stepped; })
      .def_property_readonly("max_evidence", [](const LmResultView& v) { return view(v.owner, v.r->max_evidence); })
      .def_property_readonly("best_hypothesis",
                             [](const LmResultView& v) { return view(v.owner, v.r->best_hypothesis); })
      .def_property_readonly("most_likely", [](const LmResultView& v) { return v.r->most_likely; })
      .def_property_readonly("possible_matches",
                             [](const LmResultView& v) { return view(v.owner, v.r->possible_matches); })
      .def_property_readonly("hypotheses",
                             [](const LmResultView& v) -> py::object {
                               if (v.r->hypotheses.empty()) return py::none(); // only with full_arrays
                               py::list out;
                               for (const lm::HypothesesData& h : v.r->hypotheses)
                                 out.append(HypothesesView{v.owner, &h});
                               return out;
                             })
      .def_property_readonly("burst",
                             [](const LmResultView& v) -> py::object {
                               if (!v.r->burst) return py::none();
                               return py::cast(BurstLmView{v.owner, &*v.r->burst, v.window});
                             })
      .def("__repr__", [](const LmResultView& v) {
        return "<lmc.monty.LmResult stepped=" + std::string(v.r->stepped ? "True" : "False") +
               " objects=" + std::to_string(v.r->max_evidence.size()) + ">";
      });
}

} // namespace

py::list results_of(std::shared_ptr<const lm::StepResults> step, int64_t tracker_window) {
  py::list out;
  for (const lm::LmResult& r : step->lms)
    out.append(LmResultView{step, &r, tracker_window});
  return out;
}

py::list hypotheses_of(std::shared_ptr<const std::vector<lm::HypothesesData>> hyps) {
  py::list out;
  for (const lm::HypothesesData& h : *hyps)
    out.append(HypothesesView{hyps, &h});
  return out;
}

void bind_monty_results(py::module_& m) {
  py::class_<ResultArray>(m, "_ResultArray", py::buffer_protocol(), "Read-only host memory of a backend result.")
      .def_buffer(&buffer_info_of);
  bind_hypotheses(m);
  bind_burst(m);
  bind_lm_result(m);
}

} // namespace lmc::python
