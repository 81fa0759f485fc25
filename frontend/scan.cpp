// Scans as blocked counting reductions: integer compares and sums only (for integer inputs), so results are exact and
// identical on every device, and every output runs in parallel.
#include "frontend/scan.hpp"

#include "ir/error.hpp"

#include <fmt/format.h>

namespace lmc {
namespace {

// Block size of a two-level scan of n entries: the smallest power of two B with B^3 >= 2n. The triangular sums inside
// the blocks cost n * B and the totals of earlier blocks (n / B)^2, which that B about balances (at n = 5120, B = 32:
// 190k additions per row, where blocks of sqrt(n) took 655k).
int64_t block_size(int64_t n) {
  int64_t b = 1;
  while (b * b * b < 2 * n)
    b *= 2;
  return b;
}

// Leading axes folded into one: (M, L) views of a (..., L) tensor, and back.
int64_t leading_count(const Shape& s) {
  int64_t m = 1;
  for (size_t i = 0; i + 1 < s.size(); ++i)
    m *= s[i];
  return m;
}

Shape with_last(Shape s, int64_t last) {
  s.back() = last;
  return s;
}

// (M, blocks, B) inclusive prefix sums of an (M, L) tensor padded with zeros to blocks * B entries.
Tensor blocked_prefix(const Tensor& x2, int64_t& blocks, int64_t& b) {
  const int64_t m = x2.shape()[0], l = x2.shape()[1];
  b = block_size(l);
  blocks = (l + b - 1) / b;
  const std::string& dev = x2.device();
  const Tensor k = x2.pad({{0, 0}, {0, blocks * b - l}}).reshape({m, blocks, b});
  const Tensor lane = Tensor::arange(b, int32, dev), block = Tensor::arange(blocks, int32, dev);
  // (p, q) = 1 where q <= p: row p of the triangle sums a block's entries up to p.
  const Tensor lower_triangle = (lane.unsqueeze(0) <= lane.unsqueeze(1)).cast(x2.dtype());
  const Tensor within = (k.unsqueeze(2) * lower_triangle.reshape({1, 1, b, b})).sum(-1); // (M, blocks, B)
  const Tensor earlier = (block.unsqueeze(0) < block.unsqueeze(1)).cast(x2.dtype());     // (block, earlier block)
  const Tensor before = (k.sum(-1).unsqueeze(1) * earlier.unsqueeze(0)).sum(-1);         // (M, blocks)
  return within + before.unsqueeze(2);
}

} // namespace

Tensor cumsum(const Tensor& x, int axis) {
  if (x.ndim() == 0) throw Error("cumsum: needs at least one axis, got a scalar");
  const int nd = x.ndim();
  const int a = axis < 0 ? axis + nd : axis;
  if (a < 0 || a >= nd)
    throw Error(fmt::format("cumsum: axis {} out of range for shape {}", axis, shape_str(x.shape())));
  if (a != nd - 1) {
    std::vector<int> order;
    for (int i = 0; i < nd; ++i)
      if (i != a) order.push_back(i);
    order.push_back(a);
    std::vector<int> back(static_cast<size_t>(nd));
    for (int i = 0; i < nd; ++i)
      back[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
    return cumsum(x.permute(order), -1).permute(back);
  }
  const Tensor v = x.dtype().is_bool() ? x.cast(int32) : x;
  const int64_t l = v.shape().back(), m = leading_count(v.shape());
  int64_t blocks = 0, b = 0;
  const Tensor prefix = blocked_prefix(v.reshape({m, l}), blocks, b);
  return prefix.reshape({m, blocks * b}).slice({{}, {0, l}}).reshape(v.shape());
}

// `rows` must be a bool tensor of x's leading axes.
static void check_rows(const char* op, const Tensor& x, const std::optional<Tensor>& rows) {
  if (!rows) return;
  Shape leading(x.shape().begin(), x.shape().end() - 1);
  if (!rows->dtype().is_bool() || rows->shape() != leading)
    throw Error(fmt::format("{}: rows must be a bool tensor of shape {} (the leading axes of {}), got {} {}", op,
                            shape_str(leading), shape_str(x.shape()), rows->dtype().name(), shape_str(rows->shape())));
}

Tensor index_of_true(const Tensor& keep, const Tensor& ranks) {
  if (keep.ndim() < 1 || !keep.dtype().is_bool())
    throw Error(fmt::format("index_of_true: keep must be a (..., H) bool tensor, got {} {}", keep.dtype().name(),
                            shape_str(keep.shape())));
  if (!ranks.dtype().is_int() || ranks.ndim() != keep.ndim() ||
      with_last(ranks.shape(), 1) != with_last(keep.shape(), 1))
    throw Error(fmt::format("index_of_true: ranks must be integers of shape (..., R) matching keep {}, got {} {}",
                            shape_str(keep.shape()), ranks.dtype().name(), shape_str(ranks.shape())));
  const int64_t h = keep.shape().back(), r = ranks.shape().back(), m = leading_count(keep.shape());
  const std::string& dev = keep.device();
  int64_t blocks = 0, b = 0;
  const Tensor prefix = blocked_prefix(keep.cast(int32).reshape({m, h}), blocks, b); // c[p], (M, blocks, B)
  // The wanted entry is the number of positions p with c[p] <= rank (c never decreases, so they come first), found
  // by binary search: `below` positions are known to qualify, and each step tries `step` more by reading c at the
  // last of them. log2(blocks * B) reads per rank, where counting them read blocks + B (168 at H = 5120).
  const int64_t padded = blocks * b;
  const Tensor flat = prefix.reshape({m * padded});
  const Tensor wanted = ranks.cast(int32).reshape({m, r});
  const Tensor row_start = (Tensor::arange(m, int32, dev) * static_cast<double>(padded)).reshape({m, 1});
  Tensor below = Tensor::zeros({m, r}, int32, dev);
  int64_t step = 1;
  while (step * 2 <= padded)
    step *= 2;
  for (; step >= 1; step /= 2) {
    const Tensor tried = below + static_cast<double>(step);
    // A try past the end reads the last count (and is refused below).
    const Tensor at = row_start + tried.clip(1.0, static_cast<double>(padded)) - 1.0;
    const Tensor count = flat.index_select(0, at.reshape({m * r})).reshape({m, r});
    below = where((tried <= static_cast<double>(padded)).logical_and(count <= wanted), tried, below);
  }
  return below.reshape(ranks.shape());
}

Tensor descending_rank(const Tensor& x, const std::optional<Tensor>& rows) {
  if (x.ndim() < 1) throw Error("descending_rank: needs at least one axis, got a scalar");
  const int64_t n = x.shape().back();
  check_rows("descending_rank", x, rows);
  // Summed under where(row, above, 0): the row test does not depend on the counted axis, so the compiled count runs
  // only for the rows it selects.
  auto count = [&](const Tensor& above) {
    const Tensor ones = above.cast(int32);
    return (rows ? where(rows->unsqueeze(-1).unsqueeze(-1), ones, 0.0) : ones).sum(-1);
  };
  const Tensor index = Tensor::arange(n, int32, x.device());
  // [..., n, m]: entry m ranks above entry n when its value is larger, or equal with a larger index.
  const Tensor km = x.unsqueeze(-2), kn = x.unsqueeze(-1);
  const Tensor later = index.unsqueeze(0) > index.unsqueeze(1);
  if (!x.dtype().is_float()) return count((km > kn).logical_or((km == kn).logical_and(later)));
  // NaN is larger than every number, +inf included (top-k's rule), and NaNs tie with each other. Mapping NaN to +inf
  // instead would tie it with +inf and let a later +inf rank above an earlier NaN.
  const Tensor nan_m = km != km, nan_n = kn != kn;
  const Tensor larger = (km > kn).logical_or(nan_m.logical_and(nan_n.logical_not()));
  const Tensor tie = (km == kn).logical_or(nan_m.logical_and(nan_n));
  return count(larger.logical_or(tie.logical_and(later)));
}

Tensor entry_of_rank(const Tensor& ranks, const Tensor& wanted, const std::optional<Tensor>& rows) {
  if (!ranks.dtype().is_int() || !wanted.dtype().is_int() || ranks.ndim() < 1 || wanted.ndim() != ranks.ndim() ||
      with_last(ranks.shape(), 1) != with_last(wanted.shape(), 1))
    throw Error(fmt::format("entry_of_rank: ranks (..., N) and wanted (..., K) must be integers with the same leading "
                            "axes, got {} {} and {} {}",
                            ranks.dtype().name(), shape_str(ranks.shape()), wanted.dtype().name(),
                            shape_str(wanted.shape())));
  const int64_t n = ranks.shape().back();
  // Ranks are a permutation of 0..N-1, so at most one entry matches: the sum of (index + 1) over matches is that
  // entry + 1, or 0 when none matches.
  const Tensor plus_one = (Tensor::arange(n, int32, ranks.device()) + 1.0).reshape({1, n});
  check_rows("entry_of_rank", ranks, rows);
  const Tensor match = ranks.cast(int32).unsqueeze(-2) == wanted.cast(int32).unsqueeze(-1); // (..., K, N)
  const Tensor hit = match.cast(int32) * plus_one;
  return (rows ? where(rows->unsqueeze(-1).unsqueeze(-1), hit, 0.0) : hit).sum(-1) - 1.0;
}

} // namespace lmc
