# The drop-ins' zero-copy paths: what they hand Monty is writable and shares memory only where Monty's own updater
# shares it, a later step never writes into an array handed out earlier, and inputs kept resident between steps (the
# hypothesis poses, Program.run's None entries) are sent again whenever they changed. Values are checked against
# Monty's own DefaultHypothesesUpdater. Skipped when the Monty snapshot is absent.
import sys
from pathlib import Path

import numpy as np
import pytest

SUPPORT = Path(__file__).resolve().parent / "monty_support"
sys.path.insert(0, str(SUPPORT))
import monty_env  # noqa: E402

if monty_env.snapshot_root() is None:
    pytest.skip(f"no Monty snapshot at {monty_env.DEFAULT_SNAPSHOT} (set LMC_MONTY_SRC)", allow_module_level=True)
monty_env.install()

import lmc  # noqa: E402
import lmc.monty  # noqa: E402
from lmc import _monty_programs  # noqa: E402
from evidence_lm_world import trained_lm, walk  # noqa: E402
from scipy.spatial.transform import Rotation  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.hypotheses import Hypotheses  # noqa: E402
from tbp.monty.frameworks.models.evidence_matching.hypotheses_updater import DefaultHypothesesUpdater  # noqa: E402


@pytest.fixture(scope="module")
def learned():
    lm, _ = trained_lm(DefaultHypothesesUpdater)
    return lm, walk()[:4]


def features_of(percept):
    return {percept.sender_id: {**percept.morphological_features, **percept.non_morphological_features}}


def both(lm):
    args = dict(feature_weights=lm.feature_weights, graph_memory=lm.graph_memory,
                max_match_distance=lm.max_match_distance, tolerances=lm.tolerances)
    return lmc.monty.LmcHypothesesUpdater(**args), DefaultHypothesesUpdater(**args)


def start(updaters, percept):
    """Each updater's initial space for "ball" (Monty's marks the channel initialized); lmc's is returned."""
    spaces = []
    for updater in updaters:
        with updater:
            spaces.append(updater.update_evidence(Hypotheses.empty(), features_of(percept), "ball", 0.0)[0])
    return spaces[0]


def step(updater, hyps, displacement, percept):
    with updater:
        moved = updater.displace_hypotheses(hyps, displacement, "ball")
        return updater.update_evidence(moved, features_of(percept), "ball", float(np.min(moved.evidence)))[0]


def assert_same(got, expected):
    np.testing.assert_allclose(got.evidence, expected.evidence, rtol=0, atol=1e-9)
    np.testing.assert_allclose(got.locations, expected.locations, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(got.poses, expected.poses)


def test_a_step_passes_poses_on_and_never_writes_into_earlier_results(learned):
    lm, steps = learned
    ours, theirs = both(lm)
    first = start((ours, theirs), steps[0][0])
    d = np.array([0.001, -0.002, 0.0005])
    second = step(ours, first, d, steps[1][0])
    assert_same(second, step(theirs, first, d, steps[1][0]))
    # Monty's displacer and compute_evidence pass poses and possible on: the same array objects, no copy.
    assert second.poses is first.poses and second.possible is first.possible
    for name in ("evidence", "locations"):
        assert getattr(second, name).flags.writeable and not np.shares_memory(getattr(second, name),
                                                                             getattr(first, name)), name
    kept = {name: getattr(second, name).copy() for name in ("evidence", "locations")}
    rows_kept = _monty_programs.rows_kept()
    third = step(ours, second, d, steps[2][0])  # the programs run again: their new outputs are new arrays
    # Not copied again: the poses in the displacement's and the evidence's inputs, the graph's stored features, the
    # evidence's row mask (the count did not change).
    assert _monty_programs.rows_kept() == rows_kept + 4
    assert_same(third, step(theirs, second, d, steps[2][0]))
    for name, values in kept.items():
        np.testing.assert_array_equal(getattr(second, name), values, err_msg=name)
        assert not np.shares_memory(getattr(third, name), getattr(second, name)), name
    second.evidence[:] = 7.0  # Monty may write into what it was handed; lmc's next results do not see it
    assert not np.any(third.evidence == 7.0)


@pytest.mark.parametrize("change", ["in_place", "new_array"])
def test_poses_changed_between_steps_are_sent_again(learned, change):
    lm, steps = learned
    ours, theirs = both(lm)
    first = start((ours, theirs), steps[0][0])
    d = np.array([0.001, 0.0, -0.001])
    second = step(ours, first, d, steps[1][0])  # the poses are now resident in the programs' inputs
    turn = Rotation.from_euler("z", 30, degrees=True).as_matrix()
    if change == "in_place":
        second.poses[:] = second.poses @ turn  # changed in place
        changed = second
    else:
        changed = Hypotheses(evidence=second.evidence.copy(), locations=second.locations.copy(),
                             poses=second.poses @ turn, possible=second.possible.copy())
    assert_same(step(ours, changed, d, steps[2][0]), step(theirs, changed, d, steps[2][0]))


def test_resident_rows_are_skipped_only_while_the_same_array_keeps_its_values():
    program = _monty_programs.captured("zero_copy_test", lambda a: [a * 2.0], [((2, 64, 3), None)], "CPU",
                                       np.float64)
    a, b = np.arange(60.0).reshape(20, 3), np.ones((30, 3))
    program.fill_rows(0, [a, b], fill=-1.0, resident=True)
    assert 0 not in program.kept
    out = program.run()[0]
    np.testing.assert_array_equal(out[0, :20], 2 * a)
    np.testing.assert_array_equal(out[0, 20:], -2.0)
    program.fill_rows(0, [a, b], fill=-1.0, resident=True)
    assert 0 in program.kept  # nothing copied: the same arrays, unchanged
    program.run()
    assert not program.kept  # each run starts afresh
    a[0, 0] = 100.0
    program.fill_rows(0, [a, b], fill=-1.0, resident=True)
    assert 0 not in program.kept
    assert program.run()[0][0, 0, 0] == 200.0
    a[13, 1] += 1e-12  # one entry of one row, barely: every value is compared
    program.fill_rows(0, [a, b], fill=-1.0, resident=True)
    assert 0 not in program.kept
    assert program.run()[0][0, 13, 1] == 2 * a[13, 1]
    program.fill_rows(0, [a, b.copy()], fill=-1.0, resident=True)  # equal values, another object: copied
    assert 0 not in program.kept
    program.fill_rows(0, [a, b], fill=-1.0)  # not resident: always copied, and forgotten
    assert 0 not in program.kept
    a[:] = np.nan  # a stored feature a node lacks: NaN is unchanged when it stays NaN
    program.fill_rows(0, [a, b], fill=-1.0, resident=True)
    program.fill_rows(0, [a, b], fill=-1.0, resident=True)
    assert 0 in program.kept and np.isnan(program.run()[0][0, :20]).all()


def test_program_run_keeps_an_input_given_as_none():
    x, y = lmc.Tensor.from_numpy(np.zeros(4)), lmc.Tensor.from_numpy(np.zeros(4))
    program = lmc.Program([x + y], [x, y])
    np.testing.assert_array_equal(program.run([np.arange(4.0), np.ones(4)])[0], np.arange(4.0) + 1)
    np.testing.assert_array_equal(program.run([None, np.full(4, 10.0)])[0], np.arange(4.0) + 10)
    np.testing.assert_array_equal(program.run([None, None])[0], np.arange(4.0) + 10)
    with pytest.raises(ValueError, match=r"arrays\[1\] is a <class 'str'>, not an array or None"):
        program.run([None, "x"])


def test_a_batch_of_objects_gets_writable_views_of_one_fresh_output(learned):
    lm, steps = learned
    ours, theirs = both(lm)
    with ours:
        hyps = {g: ours.update_evidence(Hypotheses.empty(), features_of(steps[0][0]), g, 0.0)[0]
                for g in ("ball", "brick")}
    d = np.array([0.002, 0.001, 0.0])
    # In the order threads may come: the batch runs in graph id order and hands each its own rows.
    requests = [{"locations": hyps[g].locations, "poses": hyps[g].poses, "displacement": d, "graph_id": g}
                for g in ("brick", "ball")]
    moved = ours._displace_batch(requests)  # what Monty's object threads get when their calls are gathered
    assert moved[0].base is not None and moved[0].base is moved[1].base  # rows of one output: no copy per object
    for m, h in zip(moved, (hyps["brick"], hyps["ball"])):
        assert m.flags.writeable and m.flags.c_contiguous and not np.shares_memory(m, h.locations)
        np.testing.assert_allclose(m, theirs.displace_hypotheses(h, d, "ball").locations, rtol=0, atol=1e-15)
    again = ours._displace_batch(requests)
    assert not np.shares_memory(again[0], moved[0])


def test_off_the_cpu_a_kept_input_is_not_sent_again():
    # A Captured whose inputs are separate buffers, as on a GPU (on the CPU they read the staging arrays themselves).
    staging = [np.zeros((1, 64, 3)), np.zeros((1, 1, 3))]
    inputs = [lmc.Tensor.from_numpy(s.copy()) for s in staging]
    program = _monty_programs.Captured(staging, inputs, lmc.Program([inputs[0] + inputs[1]], inputs), shared=False)
    poses, shift = np.arange(30.0).reshape(10, 3), np.ones(3)
    program.fill_rows(0, [poses], resident=True)
    staging[1][0, 0] = shift
    np.testing.assert_array_equal(program.run()[0][0, :10], poses + 1)
    program.fill_rows(0, [poses], resident=True)
    assert 0 in program.kept
    staging[0][0, :10] = -5.0  # not what the device holds; a kept input is not sent, so this must not show
    staging[1][0, 0] = 2 * shift  # sent: inputs not kept are written every run
    np.testing.assert_array_equal(program.run()[0][0, :10], poses + 2)
    poses[0, 0] = 99.0  # an entry changed: the row is copied and sent again
    program.fill_rows(0, [poses], resident=True)
    assert 0 not in program.kept and program.run()[0][0, 0, 0] == 101.0
