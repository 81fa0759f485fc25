# lmc.monty.Backend from Python: the golden burst episode and evidence step (../shared/golden/monty) replayed through
# the binding within the float64 tolerances, the keyword and array checks, and the GIL released during wait().
import json
import math
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import lmc
import lmc.monty

GOLDEN = Path(os.environ.get("LMC_GOLDEN_DIR", Path(__file__).resolve().parents[3] / "shared" / "golden" / "monty"))


def golden_case(name):
    """(params, arrays) of a golden case, or a skip when the data is absent."""
    folder = GOLDEN / name
    if not (folder / "case.json").is_file():
        pytest.skip(f"golden case {folder} is absent (set LMC_GOLDEN_DIR)")
    case = json.loads((folder / "case.json").read_text())
    arrays = {a["name"]: np.load(folder / a["file"], allow_pickle=False) for a in case["arrays"]}
    return case["params"], arrays


def feature_keywords(p, num_columns):
    """The per-column feature keywords from case.json's params (replay.cpp's feature_spec and evidence_params)."""
    tol, weights, circular = [math.nan] * num_columns, [1.0] * num_columns, [False] * num_columns
    for f in p["feature_order"]:
        lo, hi = p["feature_columns"][f]
        t = np.broadcast_to(np.asarray(p["tolerances"][f], dtype=float), (hi - lo,))
        w = np.broadcast_to(np.asarray(p["feature_weights"].get(f, 1.0), dtype=float), (hi - lo,))
        for c in range(lo, hi):
            tol[c], weights[c] = float(t[c - lo]), float(w[c - lo])
    for c in p.get("circular_columns", []):
        circular[c] = True
    pose = p["feature_weights"].get("pose_vectors", [1, 1, 1])
    return dict(max_neighbors=p["K"], max_match_distance=p["max_match_distance"], feature_tolerances=tol,
                feature_weights=weights, feature_circular=circular,
                feature_evidence_increment=p.get("feature_evidence_increment", 1.0), normal_weight=pose[0],
                curvature_weight=pose[1], past_weight=p.get("past_weight", 1.0),
                present_weight=p.get("present_weight", 1.0), threshold=p["evidence_threshold_config"],
                x_percent_threshold=p.get("x_percent_threshold", 10.0))


def curvature(p, q):
    """kappa: max |principal_curvatures_log| of the sensed features, else Monty's fallback 10."""
    cols = p["feature_columns"].get("principal_curvatures_log")
    return 10.0 if cols is None else float(np.max(np.abs(q[cols[0]:cols[1]])))


def model(a, prefix=""):
    return {k: a[f"{prefix}model_{k}"] for k in ("locations", "pose_vectors", "pose_fully_defined", "features")}


def test_golden_burst_episode_step_by_step():
    p, a = golden_case("burst_episode")
    num_objects, num_steps = p["num_objects"], p["num_steps"]
    features = feature_keywords(p, a["step_sensed_features"].shape[1])
    backend = lmc.monty.Backend(device="CPU", updater="burst", **features,
                                umbilical_num_poses=p["umbilical_num_poses"],
                                possible_match_x_percent=p.get("x_percent_threshold", 10.0),
                                sampling_multiplier=p["sampling_multiplier"],
                                deletion_trigger_slope=p["deletion_trigger_slope"],
                                sampling_burst_duration=p["sampling_burst_duration"],
                                burst_trigger_slope=p["burst_trigger_slope"],
                                tracker_window=p["tracker_window_size"], tracker_min_age=p["tracker_min_age"])
    assert backend.device == "CPU"
    lm = backend.register_lm([model(a, f"obj{o}_") for o in range(num_objects)])
    assert lm == 0 and backend.num_lms == 1
    for t in range(num_steps):
        q = a["step_sensed_features"][t]
        obs = {"pose_vectors": a["step_sensed_pose_vectors"][t],
               "pose_fully_defined": bool(a["step_pose_fully_defined"][t]), "features": q, "curvature": curvature(p, q),
               "displacement": a["step_displacement"][t] if a["step_has_displacement"][t] else None}
        backend.dispatch([[lm]], [obs], full_arrays=True)
        r = backend.wait()[lm]
        assert r.stepped and r.burst is not None
        b = r.burst
        assert b.burst_steps_at_enter == a["step_burst_steps_at_enter"][t], t
        assert b.burst_triggered == a["step_burst_triggered"][t], t
        slope = a["step_max_global_slope"][t]
        assert b.max_global_slope == slope if math.isinf(slope) else abs(b.max_global_slope - slope) <= 1e-9, t
        for o in range(num_objects):
            g = lambda k: a[f"obj{o}_{k}"]  # noqa: E731
            rows = slice(g("offsets")[t], g("offsets")[t + 1])
            s = b.objects[o]
            where = f"step {t} object {o}"
            assert (s.count, s.num_retained, s.num_new) == (g("count")[t], g("num_retained")[t], g("num_new")[t]), where
            assert b.counts[o] == s.count and b.num_retained[o] == s.num_retained and b.num_new[o] == s.num_new
            if t > 0:
                keep = g("retained")[g("retained_offsets")[t]:g("retained_offsets")[t + 1]]
                np.testing.assert_array_equal(s.retained, keep, err_msg=where)
            new = g("new_node_ids")[g("new_node_offsets")[t]:g("new_node_offsets")[t + 1]]
            np.testing.assert_array_equal(s.new_node_ids, new, err_msg=where)
            h = r.hypotheses[o]
            assert len(h) == s.count, where
            np.testing.assert_allclose(h.evidence, g("evidence")[rows], rtol=0, atol=1e-9, err_msg=where)
            np.testing.assert_allclose(h.locations, g("locations")[rows], rtol=0, atol=1e-12, err_msg=where)
            np.testing.assert_allclose(h.rotations, g("rotations")[rows], rtol=0, atol=1e-14, err_msg=where)
            np.testing.assert_array_equal(s.tracker_ages, g("ages")[rows], err_msg=where)
            np.testing.assert_allclose(s.tracker_window, g("tracker_buffer")[rows], rtol=0, atol=1e-9, err_msg=where)
            if s.count:
                assert r.max_evidence[o] == pytest.approx(g("evidence")[rows].max(), abs=1e-9), where
            np.testing.assert_allclose(s.prediction_error, g("prediction_error")[t], rtol=0, atol=1e-9, equal_nan=True,
                                       err_msg=where)
        # The most likely hypothesis is the best over every object's evidence.
        best = max((a[f"obj{o}_evidence"][a[f"obj{o}_offsets"][t]:a[f"obj{o}_offsets"][t + 1]].max(initial=-np.inf), o)
                   for o in range(num_objects))
        assert r.most_likely.object == best[1] and r.most_likely.evidence == pytest.approx(best[0], abs=1e-9), t
    # The state the step left is the last step's, read through hypotheses() too.
    last = backend.hypotheses(lm, 0)
    np.testing.assert_allclose(last.evidence, a["obj0_evidence"][a["obj0_offsets"][-2]:], rtol=0, atol=1e-9)
    assert len(backend.hypotheses(lm)) == num_objects


def evidence_step_backend(p, a, **extra):
    backend = lmc.monty.Backend(device="CPU", **{**feature_keywords(p, a["sensed_features"].shape[0]), **extra})
    hyps = {"locations": a["hyp_locations_in"], "rotations": a["hyp_rotations"], "evidence": a["hyp_evidence_in"]}
    lm = backend.register_lm([model(a)], hypotheses=[hyps])
    q = a["sensed_features"]
    obs = {"pose_vectors": a["sensed_pose_vectors"], "pose_fully_defined": p["pose_fully_defined"], "features": q,
           "curvature": curvature(p, q), "displacement": a["displacement"]}
    return backend, lm, obs


@pytest.mark.parametrize("mode", ["flatten", "streams", "stacked"])
def test_golden_evidence_step_default_updater(mode):
    p, a = golden_case("evidence_step_pfd")
    backend, lm, obs = evidence_step_backend(p, a, mode=mode)
    backend.dispatch([[lm]], [obs], full_arrays=True)
    r = backend.wait()[lm]
    assert r.stepped and r.burst is None
    np.testing.assert_allclose(r.hypotheses[0].evidence, a["hyp_evidence_out"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(r.hypotheses[0].locations, a["hyp_locations_displaced"], rtol=0, atol=1e-12)
    best = int(np.argmax(a["hyp_evidence_out"]))
    assert r.best_hypothesis[0] == best and r.max_evidence[0] == pytest.approx(a["hyp_evidence_out"][best], abs=1e-9)
    m = r.most_likely
    assert (m.object, m.hypothesis) == (0, best)
    np.testing.assert_allclose(m.location, a["hyp_locations_displaced"][best], rtol=0, atol=1e-12)
    np.testing.assert_allclose(m.rotation, a["hyp_rotations"][best], rtol=0, atol=1e-14)
    np.testing.assert_array_equal(r.possible_matches, [0])
    # Without full arrays the hypotheses are not read back, but hypotheses() reads them.
    h = backend.hypotheses(lm, 0)
    np.testing.assert_allclose(h.evidence, a["hyp_evidence_out"], rtol=0, atol=1e-9)
    assert h.evidence.flags.writeable is False and h.rotations.shape == (len(h), 3, 3)
    assert np.shares_memory(h.evidence, h.evidence)  # each read is a view of the one host copy, not a new copy
    assert np.shares_memory(r.hypotheses[0].locations, r.hypotheses[0].locations)


def test_golden_evidence_step_partial_threshold():
    # evidence_step_nopfd: pose not fully defined, K = 5, past/present 0.75/0.25, and Monty's x_percent threshold
    # from a given MLH. The backend takes that MLH from the LM's previous step, so the case's threshold value is given.
    p, a = golden_case("evidence_step_nopfd")
    c = json.loads((GOLDEN / "evidence_step_nopfd" / "case.json").read_text())
    backend, lm, obs = evidence_step_backend(p, a, threshold=c["results"]["evidence_update_threshold"])
    backend.dispatch([[lm]], [obs], full_arrays=True)
    h = backend.wait()[lm].hypotheses[0]
    np.testing.assert_allclose(h.evidence, a["hyp_evidence_out"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(h.locations, a["hyp_locations_displaced"], rtol=0, atol=1e-12)


def test_golden_evidence_step_float32():
    p, a = golden_case("evidence_step_pfd")
    backend, lm, obs = evidence_step_backend(p, a, float32=True)
    backend.dispatch([[lm]], [obs], full_arrays=True)
    h = backend.wait()[lm].hypotheses[0]
    e = a["hyp_evidence_out"]
    assert h.evidence.dtype == np.float64  # results are float64 whatever the device arrays are
    assert np.all(np.abs(h.evidence - e) <= 1e-3 * np.maximum(1, np.abs(e)))
    np.testing.assert_allclose(h.locations, a["hyp_locations_displaced"], rtol=0, atol=1e-6)


@pytest.mark.parametrize("variants", [2, 8])
def test_golden_initial_space(variants):
    # The first observation of an LM without hypotheses builds Monty's informed space (pfd: 2 frames, else 8).
    p, a = golden_case("initial_space")
    backend = lmc.monty.Backend(device="CPU", **feature_keywords({**p, "evidence_threshold_config": "all"},
                                                                a["sensed_features"].shape[0]),
                                umbilical_num_poses=p["umbilical_num_poses"])
    lm = backend.register_lm([model(a)])
    q = a["sensed_features"]
    backend.dispatch([[lm]], [{"pose_vectors": a["sensed_pose_vectors"], "pose_fully_defined": variants == 2,
                               "features": q, "curvature": curvature(p, q)}], full_arrays=True)
    h = backend.wait()[lm].hypotheses[0]
    np.testing.assert_allclose(h.locations, a[f"n{variants}_locations"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(h.rotations, a[f"n{variants}_rotations"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(h.evidence, a[f"n{variants}_evidence"], rtol=0, atol=1e-13)


def test_set_hypotheses_restarts_from_given_state():
    p, a = golden_case("evidence_step_pfd")
    backend, lm, obs = evidence_step_backend(p, a)
    backend.dispatch([[lm]], [obs])
    backend.wait()
    # Back to the inputs (rotations as (H, 9), evidence as float32-exact values would also do): the same step again.
    backend.set_hypotheses(lm, [{"locations": a["hyp_locations_in"], "rotations": a["hyp_rotations"].reshape(-1, 9),
                                 "evidence": a["hyp_evidence_in"]}])
    backend.dispatch([[lm]], [obs])
    r = backend.wait()[lm]
    assert r.hypotheses is None  # full_arrays off
    after = backend.hypotheses(lm)
    np.testing.assert_allclose(after[0].evidence, a["hyp_evidence_out"], rtol=0, atol=1e-9)
    # Hypotheses read back are accepted as they are (e.g. to restore a saved state).
    backend.set_hypotheses(lm, after)
    np.testing.assert_array_equal(backend.hypotheses(lm, 0).evidence, after[0].evidence)


# ---------------------------------------------------------------------------------------------------- synthetic worlds


def small_object(seed, n=64, f=2):
    rng = np.random.default_rng(seed)
    normals = rng.normal(size=(n, 3))
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    c1 = np.cross(normals, [0.0, 0.0, 1.0]) + 1e-3
    c1 /= np.linalg.norm(c1, axis=1, keepdims=True)
    c2 = np.cross(normals, c1)
    return {"locations": normals * 0.05, "pose_vectors": np.stack([normals, c1, c2], axis=1),
            "pose_fully_defined": rng.random(n) < 0.75, "features": rng.random((n, f))}


def observation(obj, node, displacement=None):
    return {"pose_vectors": obj["pose_vectors"][node], "features": obj["features"][node], "curvature": 1.0,
            "displacement": displacement}


def small_backend(**kw):
    kw = {"device": "CPU", "max_neighbors": 5, "feature_tolerances": [0.2, 0.2], **kw}
    return lmc.monty.Backend(**kw)


def test_lm_without_input_is_unchanged_and_results_outlive_the_next_step():
    objs = [small_object(1), small_object(2)]
    backend = small_backend(mode="stacked")
    lm0, lm1 = backend.register_lm(objs), backend.register_lm(objs)
    backend.dispatch([[lm0, lm1]], [observation(objs[0], 3), None])
    first = backend.wait()
    assert [r.stepped for r in first] == [True, False]
    evidence = first[lm0].max_evidence
    assert evidence.shape == (2,) and evidence.dtype == np.float64 and first[lm0].best_hypothesis.dtype == np.int64
    assert len(first[lm1].max_evidence) == 0
    backend.dispatch([[lm0], [lm1]], [observation(objs[0], 4, np.array([0.001, 0, 0])), observation(objs[0], 3)],
                     mode="flatten")
    second = backend.wait()
    assert all(r.stepped for r in second)
    np.testing.assert_array_equal(first[lm0].max_evidence, evidence)  # the old result is its own copy
    # LM 1's first step equals LM 0's first step: the same models, the same observation.
    np.testing.assert_allclose(second[lm1].max_evidence, evidence, rtol=0, atol=1e-12)


def test_burst_channels_and_observation_objects():
    objs = [small_object(3)]
    backend = small_backend(updater="burst", max_channels=2)

    class Obs:  # an observation may be any object with the attributes
        def __init__(self, d):
            self.__dict__.update(d)

    lm = backend.register_lm(objs)
    backend.dispatch([[lm]], [[Obs(observation(objs[0], 5)), None]], full_arrays=True)
    r = backend.wait()[lm]
    assert r.burst.num_new[0] > 0 and r.burst.counts[0] == len(r.hypotheses[0])
    assert r.burst.objects[0].tracker_window.shape == (r.burst.counts[0], 10)
    backend.dispatch([[lm]], [[observation(objs[0], 6, [0.001, 0, 0]), observation(objs[0], 7)]])
    assert backend.wait()[lm].burst.objects[0].retained.dtype == np.bool_


# -------------------------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("kw, message", [
    ({"mode": "fast"}, "mode = 'fast'"),
    ({"updater": "sampling"}, "updater = 'sampling'"),
    ({"max_neighbors": 0}, "max_neighbors = 0"),
    ({"max_neighbors": 2.5}, "max_neighbors = 2.5"),
    ({"max_match_distance": -1}, "max_match_distance = -1"),
    ({"feature_tolerances": [0.1, 0]}, "feature_tolerances[1] = 0"),
    ({"feature_tolerances": [0.1], "feature_weights": [1, 2]}, "feature_weights = [1, 2]"),
    ({"feature_tolerances": [0.1], "feature_circular": [1]}, "feature_circular[0] = 1"),
    ({"threshold": "most"}, "threshold = 'most'"),
    ({"updater": "burst", "threshold": "x_percent_threshold"}, "threshold = 'x_percent_threshold'"),
    ({"tracker_window": 1}, "tracker_window = 1"),
    ({"max_channels": 2}, "max_channels = 2"),
    ({"float32": "yes"}, "float32 = 'yes'"),
    ({"sampling_multiplier": float("nan")}, "sampling_multiplier = nan"),
])
def test_bad_keywords_raise_value_error_naming_them(kw, message):
    with pytest.raises(ValueError) as e:
        lmc.monty.Backend(device="CPU", **kw)
    assert message in str(e.value)


def test_unknown_keyword_and_device():
    with pytest.raises(TypeError):
        lmc.monty.Backend(max_neighbours=3)
    with pytest.raises(lmc.Error):
        lmc.monty.Backend(device="TPU")


def test_malformed_arrays_raise_value_error_naming_array_and_shape():
    backend = small_backend()
    good = small_object(4)

    def register(**change):
        backend.register_lm([{**good, **change}])

    with pytest.raises(ValueError, match=r"objects\[0\]\.locations has shape \(64, 2\), expected \(N, 3\)"):
        register(locations=np.zeros((64, 2)))
    with pytest.raises(ValueError, match=r"objects\[0\]\.pose_vectors has shape \(64, 4\), expected \(N, 9\)"):
        register(pose_vectors=np.zeros((64, 4)))
    with pytest.raises(ValueError, match=r"objects\[0\]\.pose_fully_defined has shape \(63,\)"):
        register(pose_fully_defined=np.ones(63, bool))
    with pytest.raises(ValueError, match=r"objects\[0\]\.features has shape \(64,\), expected \(N, F\)"):
        register(features=np.zeros(64))
    with pytest.raises(ValueError, match=r"objects\[0\]\.locations of shape \(2,\) is not a real numeric array"):
        register(locations=np.array(["a", "b"]))
    with pytest.raises(ValueError, match=r"objects\[0\] has no 'pose_vectors'"):
        backend.register_lm([{k: v for k, v in good.items() if k != "pose_vectors"}])
    with pytest.raises(ValueError, match=r"hypotheses\[0\]\.rotations has shape \(2, 3\), expected \(H, 3, 3\)"):
        backend.register_lm([good], [{"locations": np.zeros((2, 3)), "rotations": np.zeros((2, 3)),
                                      "evidence": np.zeros(2)}])
    with pytest.raises(ValueError, match="2 hypothesis sets for 1 objects"):
        backend.register_lm([good], [{}, {}])
    # Nothing was registered by the failed calls; a strided float32 model is converted and accepted.
    assert backend.num_lms == 0
    wide = np.asfortranarray(good["locations"].astype(np.float32))
    lm = backend.register_lm([{**good, "locations": wide}])
    assert lm == 0
    obs = observation(good, 0)
    with pytest.raises(ValueError, match=r"inputs\[0\]\.pose_vectors has shape \(2, 3\), expected \(3, 3\) or \(9,\)"):
        backend.dispatch([[lm]], [{**obs, "pose_vectors": np.zeros((2, 3))}])
    with pytest.raises(ValueError, match=r"inputs\[0\]\.displacement has shape \(2,\)"):
        backend.dispatch([[lm]], [{**obs, "displacement": np.zeros(2)}])
    with pytest.raises(ValueError, match=r"inputs\[0\] has unknown keys \['normal'\]"):
        backend.dispatch([[lm]], [{**obs, "normal": 1}])
    with pytest.raises(ValueError, match="groups must be a list of lists"):
        backend.dispatch([lm], [obs])
    # lmc's own checks raise lmc.Error with its message.
    with pytest.raises(lmc.Error, match="no LM 5"):
        backend.dispatch([[5]], [obs])
    with pytest.raises(lmc.Error, match="has input on 2 channels, the configuration allows 1"):
        backend.dispatch([[lm]], [[obs, obs]])
    with pytest.raises(lmc.Error, match="has no object 3"):
        backend.hypotheses(lm, 3)
    with pytest.raises(ValueError, match=r"inputs\[0\]\.features has shape \(3,\), expected \(F,\) with F <= 2"):
        backend.dispatch([[lm]], [{**obs, "features": np.zeros(3)}])
    backend.dispatch([[lm]], [obs])
    assert backend.wait()[lm].stepped  # still usable after every error


# ----------------------------------------------------------------------------------------------------------------- GIL


def test_wait_releases_the_gil():
    objs = [small_object(10 + o, n=1500, f=2) for o in range(6)]
    backend = small_backend(max_neighbors=10)
    lms = [backend.register_lm(objs) for _ in range(4)]
    # A first step builds the informed space and compiles the kernels; the second is timed.
    obs = observation(objs[0], 11)
    backend.dispatch([lms], [obs] * len(lms))
    backend.wait()
    ticks, stop = [0], threading.Event()

    def spin():
        while not stop.is_set():
            ticks[0] += 1

    worker = threading.Thread(target=spin)
    worker.start()
    try:
        for attempt in range(5):
            backend.dispatch([lms], [observation(objs[0], 12 + attempt, [0.001, 0, 0])] * len(lms))
            before, t0 = ticks[0], time.perf_counter()
            backend.wait()
            waited, during = time.perf_counter() - t0, ticks[0] - before
            if waited > 0.02:
                break
    finally:
        stop.set()
        worker.join()
    assert waited > 0.02, f"the step took only {waited:.4f} s: too short to tell"
    # Holding the GIL through wait() would leave the spinning thread at most one switch interval (5 ms) of work.
    assert during > 1000, (during, waited)
    print(f"wait() {waited:.3f} s, the other thread counted {during} meanwhile")
