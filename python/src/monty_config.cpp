// lmc._lmc.monty's configuration types: lmc::lm::BackendConfig and the structs inside it (EvidenceParams, FeatureSpec,
// Threshold, BurstSettings), field for field. Its own file: lmc.monty.Backend (python/lmc/monty.py) fills these.
#include "bindings.hpp"
#include "lm/backend.hpp"

namespace lmc::python {

void bind_monty_config(py::module_& m) {
  namespace lm = lmc::lm;
  py::enum_<lm::DispatchMode>(m, "DispatchMode", "How dispatch groups LMs into launches (backend.hpp).")
      .value("Flatten", lm::DispatchMode::Flatten)
      .value("Streams", lm::DispatchMode::Streams)
      .value("Stacked", lm::DispatchMode::Stacked);
  py::enum_<lm::Updater>(m, "Updater", "Which of Monty's hypothesis updaters the LMs run.")
      .value("Default", lm::Updater::Default)
      .value("BurstSampling", lm::Updater::BurstSampling);

  py::class_<lm::Threshold> threshold(m, "Threshold",
                                      "Which hypotheses are scored (Monty's evidence_update_threshold).");
  py::enum_<lm::Threshold::Kind>(threshold, "Kind")
      .value("All", lm::Threshold::Kind::All)
      .value("XPercent", lm::Threshold::Kind::XPercent)
      .value("Value", lm::Threshold::Kind::Value);
  threshold.def(py::init<>())
      .def_readwrite("kind", &lm::Threshold::kind)
      .def_readwrite("x_percent", &lm::Threshold::x_percent)
      .def_readwrite("value", &lm::Threshold::value);

  py::class_<lm::FeatureSpec>(m, "FeatureSpec", "Per-column feature tolerances, weights and circular flags.")
      .def(py::init<>())
      .def_readwrite("tolerances", &lm::FeatureSpec::tolerances)
      .def_readwrite("weights", &lm::FeatureSpec::weights)
      .def_readwrite("circular", &lm::FeatureSpec::circular)
      .def_readwrite("increment", &lm::FeatureSpec::increment);

  py::class_<lm::EvidenceParams>(m, "EvidenceParams", "The evidence step's parameters, shared by every LM.")
      .def(py::init<>())
      .def_readwrite("max_neighbors", &lm::EvidenceParams::max_neighbors)
      .def_readwrite("max_match_distance", &lm::EvidenceParams::max_match_distance)
      .def_readwrite("normal_weight", &lm::EvidenceParams::normal_weight)
      .def_readwrite("curvature_weight", &lm::EvidenceParams::curvature_weight)
      .def_readwrite("features", &lm::EvidenceParams::features)
      .def_readwrite("past_weight", &lm::EvidenceParams::past_weight)
      .def_readwrite("present_weight", &lm::EvidenceParams::present_weight)
      .def_readwrite("threshold", &lm::EvidenceParams::threshold);

  py::class_<lm::BurstSettings>(m, "BurstSettings",
                                "BurstSamplingHypothesesUpdater's and its slope tracker's settings.")
      .def(py::init<>())
      .def_readwrite("sampling_multiplier", &lm::BurstSettings::sampling_multiplier)
      .def_readwrite("deletion_trigger_slope", &lm::BurstSettings::deletion_trigger_slope)
      .def_readwrite("sampling_burst_duration", &lm::BurstSettings::sampling_burst_duration)
      .def_readwrite("burst_trigger_slope", &lm::BurstSettings::burst_trigger_slope)
      .def_readwrite("tracker_window", &lm::BurstSettings::tracker_window)
      .def_readwrite("tracker_min_age", &lm::BurstSettings::tracker_min_age);

  py::class_<lm::BackendConfig>(m, "BackendConfig", "lmc::lm::BackendConfig; lmc.monty.Backend's keywords fill it.")
      .def(py::init<>())
      .def_readwrite("device", &lm::BackendConfig::device)
      .def_readwrite("float32", &lm::BackendConfig::float32)
      .def_readwrite("mode", &lm::BackendConfig::mode)
      .def_readwrite("cuda_graphs", &lm::BackendConfig::cuda_graphs)
      .def_readwrite("params", &lm::BackendConfig::params)
      .def_readwrite("umbilical_num_poses", &lm::BackendConfig::umbilical_num_poses)
      .def_readwrite("max_nodes", &lm::BackendConfig::max_nodes)
      .def_readwrite("max_hypotheses", &lm::BackendConfig::max_hypotheses)
      .def_readwrite("possible_match_x_percent", &lm::BackendConfig::possible_match_x_percent)
      .def_readwrite("object_evidence_threshold", &lm::BackendConfig::object_evidence_threshold)
      .def_readwrite("updater", &lm::BackendConfig::updater)
      .def_readwrite("burst", &lm::BackendConfig::burst)
      .def_readwrite("max_channels", &lm::BackendConfig::max_channels);
}

} // namespace lmc::python
