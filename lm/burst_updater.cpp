// The burst-sampling step: one read-back at the start (each object's largest slope, retain mask and count, threshold)
// decides the sizes; everything after it is lazy tensor work on the device, realized once at the end of the step so
// the next step starts from concrete buffers.
#include "lm/burst_updater.hpp"

#include "lm/burst_sampling.hpp"
#include "lm/compaction.hpp"

#include <fmt/format.h>
#include <limits>

namespace lmc::lm {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

double host_scalar(const Tensor& t) {
  return t.cast(float64).to_vector<double>().at(0);
}

Hypotheses take_rows(const Hypotheses& h, const Tensor& rows) {
  return Hypotheses{h.locations.index_select(0, rows), h.rotations.index_select(0, rows),
                    h.evidence.index_select(0, rows)};
}

// Monty's output order: the retained hypotheses first, then the new ones.
Hypotheses concatenate(const Hypotheses& retained, const Hypotheses& fresh) {
  return Hypotheses{Tensor::cat({retained.locations, fresh.locations}),
                    Tensor::cat({retained.rotations, fresh.rotations}),
                    Tensor::cat({retained.evidence, fresh.evidence})};
}

// A count as a (1,) int32 tensor: data, so kernels that use it do not depend on its value.
Tensor count_tensor(int64_t n, const std::string& device) {
  return Tensor::from_vector(std::vector<int32_t>{static_cast<int32_t>(n)}, {1}, device);
}

// What an object brings into a step, computed together and read back once.
struct Entry {
  std::optional<Tensor> max_slope, retain, num_retained, threshold;
};

} // namespace

int64_t hypothesis_capacity(int64_t count) {
  int64_t c = 64;
  while (c < count)
    c *= 2;
  return c;
}

Hypotheses BurstObject::live() const {
  if (!hypotheses) throw Error("BurstObject::live: the object has no hypotheses");
  const Hypotheses& h = *hypotheses;
  return Hypotheses{h.locations.slice({{0, count}}), h.rotations.slice({{0, count}}), h.evidence.slice({{0, count}})};
}

BurstUpdater::BurstUpdater(std::vector<ObjectModel> models, BurstParams params)
    : models_(std::move(models)), params_(std::move(params)) {
  if (models_.empty()) throw Error("BurstUpdater: no object models");
  if (params_.evidence.threshold.kind != Threshold::Kind::All)
    throw Error("BurstUpdater: the evidence threshold must be 'all' (Monty's burst sampling scores every hypothesis "
                "and deletes instead)");
  if (!(params_.sampling_multiplier >= 0))
    throw Error(fmt::format("BurstUpdater: sampling_multiplier {} < 0", params_.sampling_multiplier));
  if (params_.sampling_burst_duration < 0)
    throw Error(fmt::format("BurstUpdater: sampling_burst_duration {} < 0", params_.sampling_burst_duration));
  const DType dt = models_[0].dtype();
  for (const ObjectModel& m : models_)
    if (m.dtype() != dt || m.locations.device() != models_[0].locations.device())
      throw Error("BurstUpdater: all object models must share one dtype and device");
  reset();
}

void BurstUpdater::reset() {
  burst_steps_ = 0;
  objects_.clear();
  for (const ObjectModel& m : models_)
    objects_.push_back(BurstObject{
        std::nullopt,
        SlopeTracker::empty(params_.tracker_window, params_.tracker_min_age, m.dtype(), m.locations.device()), 0});
}

BurstStep BurstUpdater::step(const Percept& percept, const std::optional<Tensor>& displacement) {
  return step(std::vector<std::optional<Percept>>{percept}, displacement);
}

BurstStep BurstUpdater::step(const std::vector<std::optional<Percept>>& channels,
                             const std::optional<Tensor>& displacement) {
  std::vector<const Percept*> present;
  for (const auto& c : channels)
    if (c) present.push_back(&*c);
  if (present.empty()) throw Error("BurstUpdater::step: no channel has input");
  const auto num_channels = static_cast<int64_t>(present.size());
  const size_t num_objects = objects_.size();

  // What each object brings in: its largest finite slope (for the trigger), which hypotheses survive and how many
  // (the new sizes), and the threshold Monty's LM would pass (telemetry). Padding rows repeat row 0, so they change
  // neither the max slope nor the min evidence; they are only masked out of the retain mask.
  std::vector<Entry> entries(num_objects);
  std::vector<Tensor*> pending;
  for (size_t o = 0; o < num_objects; ++o) {
    const BurstObject& obj = objects_[o];
    if (obj.count == 0) continue;
    Entry& e = entries[o];
    const Tensor slopes = obj.tracker.slopes();
    const Tensor live = Tensor::arange(obj.capacity(), int32, models_[o].locations.device()) <
                        count_tensor(obj.count, models_[o].locations.device());
    e.max_slope = where(slopes.abs() < infinity, slopes, -infinity).max(); // NaN fails the comparison too
    e.retain = obj.tracker.retain_mask(params_.deletion_trigger_slope).logical_and(live);
    e.num_retained = e.retain->cast(int32).sum();
    e.threshold = obj.hypotheses->evidence.min();
    for (std::optional<Tensor>* t : {&e.max_slope, &e.retain, &e.num_retained, &e.threshold})
      pending.push_back(&**t);
  }
  if (!pending.empty()) Tensor::realize_all(pending);

  // Monty's __enter__: a burst starts when no hypothesis of any object rises faster than the trigger slope.
  BurstStep out;
  out.max_global_slope = -infinity;
  for (const Entry& e : entries)
    if (e.max_slope) out.max_global_slope = std::max(out.max_global_slope, host_scalar(*e.max_slope));
  if (out.max_global_slope <= params_.burst_trigger_slope && burst_steps_ == 0) {
    burst_steps_ = params_.sampling_burst_duration;
    out.burst_triggered = true;
  }
  out.burst_steps_at_enter = burst_steps_;

  const DType dt = models_[0].dtype();
  std::vector<int64_t> num_rotations;
  std::vector<Tensor> frames;
  for (const Percept* p : present) {
    num_rotations.push_back(informed_num_rotations(p->pose_fully_defined, params_.umbilical_num_poses));
    frames.push_back(sensed_directions(p->pose_vectors.cast(dt), num_rotations.back()));
  }

  out.objects.reserve(num_objects); // no reallocation: `results` points into it
  std::vector<std::optional<Tensor>> prediction_errors(num_objects);
  std::vector<Tensor*> results;
  for (size_t o = 0; o < num_objects; ++o) {
    BurstObject& obj = objects_[o];
    const ObjectModel& model = models_[o];
    const std::string& dev = model.locations.device();
    std::vector<Tensor> phis;
    for (const Percept* p : present)
      phis.push_back(node_feature_evidence(model.features, p->features, params_.evidence.features));
    BurstObjectStep& rec = out.objects.emplace_back(BurstObjectStep{.phi = phis[0]});
    results.push_back(&rec.phi);
    rec.num_previous = obj.count;

    // Score every row that survives. The deleted rows are scored too (each row's result depends on that row
    // only, and the shapes stay those of the capacity); the prediction error looks at the survivors only, as Monty.
    const Entry& e = entries[o];
    std::optional<Hypotheses> scored;
    if (obj.count > 0) {
      rec.threshold = host_scalar(*e.threshold);
      rec.retained = *e.retain;
      rec.num_retained = static_cast<int64_t>(host_scalar(*e.num_retained));
    }
    if (rec.num_retained > 0) {
      // Every channel scores the survivors; Monty sums the channels' evidence (A) in channel order.
      std::optional<Tensor> locations, added;
      for (const Percept* p : present) {
        EvidenceStep step = evidence_step(model, *obj.hypotheses, *p, displacement, params_.evidence);
        // The step's kernels hold per-step constants (the sensed curvature); realizing its outputs here keeps them
        // out of the compaction and tracker kernels below, which then compile once per capacity.
        Tensor::realize_all({&step.locations, &step.evidence_add});
        if (!locations) locations = step.locations;
        added = added ? *added + step.evidence_add : step.evidence_add;
      }
      Tensor evidence =
          obj.hypotheses->evidence * params_.evidence.past_weight + *added * params_.evidence.present_weight;
      evidence.realize();
      scored = Hypotheses{*locations, obj.hypotheses->rotations, evidence};
      const Tensor best = where(*e.retain, obj.hypotheses->evidence, -infinity).argmax(0).reshape({1});
      const auto c = static_cast<double>(num_channels);
      prediction_errors[o] = ((2.0 * c - added->gather(0, best)) / (3.0 * c)).reshape({});
      results.push_back(&*prediction_errors[o]);
    }

    // During a burst, new hypotheses from the nodes whose features match best.
    std::optional<Hypotheses> fresh;
    for (size_t c = 0; c < present.size() && burst_steps_ > 0; ++c) {
      const int64_t count = burst_sample_count(model.num_nodes(), num_rotations[c], params_.sampling_multiplier);
      if (count == 0) continue;
      const Tensor nodes = top_nodes_by_evidence(phis[c], count / num_rotations[c]);
      const Hypotheses sampled = sample_hypotheses(model, frames[c], phis[c], nodes);
      fresh = fresh ? concatenate(*fresh, sampled) : sampled;
      if (!rec.new_node_ids) {
        rec.new_node_ids = nodes;
        rec.num_variants = num_rotations[c];
        results.push_back(&*rec.new_node_ids);
      }
      rec.num_new += count;
    }

    // [retained, new, padding] by one gather over [scored, fresh], applied alike to the tracker's rows.
    const int64_t count = rec.num_retained + rec.num_new;
    if (count == 0) {
      obj.hypotheses.reset();
      obj.tracker = obj.tracker.cleared();
      obj.count = 0;
      continue;
    }
    const int64_t capacity = hypothesis_capacity(count);
    Tensor rows = Tensor::arange(capacity, int32, dev);
    std::optional<Hypotheses> source;
    SlopeTracker tracker = obj.tracker;
    if (scored) {
      rows = compaction_index(*e.retain, count_tensor(rec.num_retained, dev), rec.num_new, capacity);
      source = fresh ? concatenate(*scored, *fresh) : *scored;
      tracker = tracker.with_new_rows(rec.num_new);
    } else {
      rows = where(rows < count_tensor(count, dev), rows, 0.0); // only new rows, then copies of row 0
      source = *fresh;
      tracker = tracker.cleared().with_new_rows(rec.num_new);
    }
    obj.hypotheses = take_rows(*source, rows);
    obj.tracker = tracker.take(rows).updated(obj.hypotheses->evidence, num_channels);
    obj.count = count;
  }
  // Pointers into objects_ are taken only now that no object changes any more.
  for (BurstObject& obj : objects_) {
    if (!obj.hypotheses) continue;
    for (Tensor* t : {&obj.hypotheses->locations, &obj.hypotheses->rotations, &obj.hypotheses->evidence,
                      &*obj.tracker.values, &*obj.tracker.ages})
      results.push_back(t);
  }
  Tensor::realize_all(results);
  for (size_t o = 0; o < num_objects; ++o)
    if (prediction_errors[o]) out.objects[o].prediction_error = host_scalar(*prediction_errors[o]);

  // Monty's __exit__: one burst step is used up.
  if (burst_steps_ > 0) --burst_steps_;
  return out;
}

} // namespace lmc::lm
