# Long episodes of Monty's EvidenceGraphLM with lmc's drop-ins must stay flat in memory: lmc's graph nodes are never
# freed, so a step that built new graphs grew the process by ~100 KB per object and step (issue 17).
"""After a warm-up episode (programs captured for every shape the walk needs), more episodes over the same walk make
no new graph nodes and the resident memory grows by less than a small bound; Monty's threads on and off, both
updaters. Skipped when the Monty snapshot is absent (monty_support/monty_env.py)."""
import copy
import gc
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "monty_support"))
import monty_env  # noqa: E402

if monty_env.snapshot_root() is None:
    pytest.skip(f"no Monty snapshot at {monty_env.DEFAULT_SNAPSHOT} (set LMC_MONTY_SRC)", allow_module_level=True)
monty_env.install()

import lmc  # noqa: E402
import lmc.monty  # noqa: E402
from lmc import _monty_programs  # noqa: E402
from evidence_lm_world import trained_lm, walk  # noqa: E402

BURST = dict(sampling_multiplier=0.4, deletion_trigger_slope=0.5, sampling_burst_duration=5, burst_trigger_slope=1.0)


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def episode(lm, ctx, percepts):
    lm.reset_stm()
    lm.hypotheses_updater.reset()
    for p in percepts:
        lm.add_lm_processing_to_buffer_stats(lm_processed=True)
        lm.matching_step(ctx, copy.deepcopy(p))


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="resident memory is read from /proc")
@pytest.mark.parametrize("threads", [False, True], ids=["threads_off", "threads_on"])
@pytest.mark.parametrize("updater", ["default", "burst"])
def test_long_episodes_make_no_new_graph_nodes_and_stay_flat(updater, threads):
    cls = lmc.monty.LmcHypothesesUpdater if updater == "default" else lmc.monty.LmcBurstSamplingHypothesesUpdater
    lm, ctx = trained_lm(cls.configured(device="CPU"), threads=threads,
                         updater_args=BURST if updater == "burst" else ())
    percepts = walk()
    episode(lm, ctx, percepts)  # warm-up: every program this walk needs is captured
    episode(lm, ctx, percepts)
    gc.collect()
    nodes, programs, resident = lmc.graph_nodes(), _monty_programs.count(), resident_bytes()
    for _ in range(6):  # 6 x 24 steps x 3 objects
        episode(lm, ctx, percepts)
    gc.collect()
    assert lmc.graph_nodes() == nodes, f"{lmc.graph_nodes() - nodes} graph nodes made after warm-up"
    assert _monty_programs.count() == programs
    grown = resident_bytes() - resident
    assert grown < 8 << 20, f"resident memory grew by {grown / 2**20:.1f} MB over 144 steps"
