# The evidence slope tracker behind lmc.monty.LmcBurstSamplingHypothesesUpdater: Monty's EvidenceSlopeTracker
# (evidence_matching/evidence_slope_tracker.py) with its slopes, deletion rule and global maximum computed by lmc.
# Its own file: the state burst sampling decides deletions and bursts from.
import math

import numpy as np

from . import _lmc, _monty_programs
from ._monty_arrays import LMC_LOCK, pad_rows, padded_rows


class LmcSlopeTracker:
    """Per hypothesis, the last `window` evidence values (NaN before a hypothesis had them) and its age; per step,
    the number of channels that contributed, so slopes are per channel. The window is host state (it is only
    shifted and appended to); every number read from it is computed by lmc."""

    def __init__(self, device, dtype, window=10, min_age=5):
        self.device, self.dtype = device, dtype
        self.window, self.min_age = window, min_age
        self.values = np.empty((0, window))
        self.ages = np.empty(0, dtype=np.int64)
        self.channels = np.ones(window)

    def size(self):
        return self.values.shape[0]

    def add(self, count):
        self.values = np.vstack((self.values, np.full((count, self.window), np.nan)))
        self.ages = np.concatenate((self.ages, np.zeros(count, dtype=np.int64)))

    def keep(self, retained_ids):
        self.values, self.ages = self.values[retained_ids], self.ages[retained_ids]

    def clear(self):
        self.keep(np.zeros(0, dtype=np.int64))

    def update(self, evidence, num_channels):
        if len(evidence) != self.size():
            raise ValueError(f"evidence has {len(evidence)} values for {self.size()} tracked hypotheses")
        self.values = np.concatenate((self.values[:, 1:], np.asarray(evidence, dtype=np.float64).reshape(-1, 1)), 1)
        self.channels = np.concatenate((self.channels[1:], [float(num_channels)]))
        self.ages = self.ages + 1

    def _window(self):
        """The program inputs: the window padded to a bucket of rows with NaN (padding rows' slopes are NaN, so
        programs are reused as M changes), and the per-step channel counts."""
        return [pad_rows(self.values, padded_rows(self.size()), np.nan), self.channels[1:].reshape(1, -1)]

    def slopes(self):
        if self.size() == 0:
            return np.zeros(0)
        with LMC_LOCK:
            slopes = _monty_programs.run("slopes", lambda *t: [_slopes(*t)], self._window(), self.device, self.dtype)
        return np.array(slopes[0][:self.size()], dtype=np.float64)

    def retained(self, slope_threshold):
        """(M,) bool: kept when the slope reaches the threshold or the hypothesis is too young to be removed."""
        if self.size() == 0:
            return np.zeros(0, dtype=np.bool_)
        young = pad_rows(self.ages < self.min_age, padded_rows(self.size()), False)
        with LMC_LOCK:
            keep = _monty_programs.run("retained", _retained, self._window() + [young, np.full(1, slope_threshold)],
                                       self.device, self.dtype)[0]
        return np.array(keep[:self.size()], dtype=np.bool_)

    def max_finite_slope(self):
        """The largest finite slope, or -inf when there is none."""
        if self.size() == 0:
            return -math.inf
        with LMC_LOCK:
            return float(_monty_programs.run("max_finite_slope", _max_finite, self._window(), self.device,
                                             self.dtype)[0][0])


def _slopes(values, channels):
    """(padded M,): the mean per-channel evidence change over the window, ignoring NaN; NaN with no change."""
    steps = (values[:, 1:] - values[:, :-1]) / channels
    missing = steps != steps
    valid = _lmc.where(missing, 0.0, 1.0).sum(1)
    return _lmc.where(missing, 0.0, steps).sum(1) / _lmc.where(valid == 0.0, math.nan, valid)


def _retained(values, channels, young, threshold):
    return [(_slopes(values, channels) >= threshold) | young]


def _max_finite(values, channels):
    s = _slopes(values, channels)
    finite = (s == s) & (s.abs() < math.inf)
    return [_lmc.where(finite, s, -math.inf).max().reshape(1)]
