// Scans and the selections built on them: inclusive prefix sums, stable compaction and stable ranking along the last
// axis, each with any leading batch axes. Its own file: these are the primitives a data-dependent number of rows
// needs (deleting and appending hypotheses, top-k over a count held on the device), written as blocked counting
// reductions so they run in parallel on every device and give the same integers everywhere.
#pragma once
#include "frontend/tensor.hpp"

#include <optional>

namespace lmc {

// Inclusive prefix sum along `axis`: out[..., i] = x[..., 0] + ... + x[..., i]. Blocked in two levels (a triangular
// sum inside blocks of about cbrt(2L) entries, plus the totals of earlier blocks), so the work is about L^(4/3) per
// row and no loop is serial. Integer sums are exact; float sums are added in that blocked order. Bools count as int32.
Tensor cumsum(const Tensor& x, int axis = -1);

// For keep (..., H) bool and ranks (..., R) integers >= 0: the index of the (rank + 1)-th true entry in the matching
// row of keep, or a value >= H where that row has rank or fewer true entries. Stable compaction of a row is
// index_of_true(keep, arange(H)): its first count(keep) entries are the kept positions in order. Returns int32.
// A blocked prefix count, then a binary search per rank (log2 H reads of it).
Tensor index_of_true(const Tensor& keep, const Tensor& ranks);

// (..., N) int32: how many entries of each row rank above each entry when the row is sorted in descending order, ties
// broken so that the larger index ranks higher and NaN ranks above everything, +inf included (numpy's stable ascending
// argsort read from the end). Entry n is in the top k exactly when its rank is < k, so the values ranked < k are the
// values topk(k) picks (NaN first, as there); only the order of equal values differs (top-k keeps the lower index
// first). N^2 comparisons per row.
// With `rows` ((...) bool, x's leading axes), a row where it is false gets rank 0 everywhere and costs no comparison
// (the count runs under a row test): for callers that need the order of only some rows this step.
Tensor descending_rank(const Tensor& x, const std::optional<Tensor>& rows = std::nullopt);

// (..., K) int32: for ranks (..., N) from descending_rank and wanted (..., K) integers, the entry of each row whose
// rank equals wanted (-1 where none does, e.g. wanted < 0 or >= N): the inverse permutation, read at `wanted`.
// With `rows` ((...) bool), a row where it is false gets -1 everywhere and costs no comparison.
Tensor entry_of_rank(const Tensor& ranks, const Tensor& wanted, const std::optional<Tensor>& rows = std::nullopt);

} // namespace lmc
