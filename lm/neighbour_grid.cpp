// The grid: host bucketing into cells, per-cell block lists; the query: the cell of each query point, a gather
// of its list, the squared distances to the listed points and a bounded top-k over the list.
#include "lm/neighbour_grid.hpp"

#include "ir/config.hpp"
#include "ir/error.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <future>
#include <limits>
#include <thread>
#include <unordered_map>

namespace lmc::lm {

namespace {

// Calls f(0) .. f(n - 1) on up to the machine's cores (LMC_THREADS when set), each index once; rethrows the first
// exception a call threw.
template <class F>
void for_each_in_parallel(size_t n, F&& f) {
  const size_t threads = std::min<size_t>(n, config().threads > 0 ? static_cast<size_t>(config().threads)
                                                                  : std::max(1u, std::thread::hardware_concurrency()));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i)
      f(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::future<void>> workers;
  for (size_t t = 0; t < threads; ++t)
    workers.push_back(std::async(std::launch::async, [&] {
      for (size_t i = next++; i < n; i = next++)
        f(i);
    }));
  for (auto& w : workers)
    w.get();
}

std::optional<NeighbourGrid> build_grid(const std::vector<std::vector<double>>& points, double radius, int64_t k,
                                        DType dtype, const std::string& device, const NeighbourGridLimits& limits) {
  if (!(radius > 0) || !std::isfinite(radius))
    throw Error(fmt::format("neighbour grid: the radius must be positive and finite, got {}", radius));
  if (points.empty()) throw Error("neighbour grid: no point sets");
  for (size_t b = 0; b < points.size(); ++b)
    if (points[b].size() % 3 != 0 || points[b].empty())
      throw Error(
          fmt::format("neighbour grid: set {} has {} values, not a non-empty (n, 3) array", b, points[b].size()));
  if (limits.subdivisions < 1)
    throw Error(fmt::format("neighbour grid: {} subdivisions (need at least 1)", limits.subdivisions));
  struct {
    std::array<int64_t, 3> dims{};
    double cell = 0;
    int64_t reach = 1;
    int64_t cells() const { return dims[0] * dims[1] * dims[2]; }
  } g;
  // 1e-3 above radius / reach: a query whose cell index is off by one rounding step still has every point within the
  // radius in its block (it moves the cell boundary by far less than 1e-3 of a cell).
  g.reach = limits.subdivisions;
  g.cell = radius * (1 + 1e-3) / static_cast<double>(g.reach);
  const double margin = g.cell * static_cast<double>(g.reach);
  const size_t sets = points.size();
  std::vector<std::array<double, 3>> origin(sets);
  for (size_t b = 0; b < sets; ++b) {
    std::array<double, 3> lo, hi;
    lo.fill(std::numeric_limits<double>::infinity());
    hi.fill(-std::numeric_limits<double>::infinity());
    for (size_t i = 0; i < points[b].size(); i += 3)
      for (size_t a = 0; a < 3; ++a) {
        const double v = points[b][i + a];
        if (!std::isfinite(v)) throw Error(fmt::format("neighbour grid: set {} point {} is not finite", b, i / 3));
        lo[a] = std::min(lo[a], v);
        hi[a] = std::max(hi[a], v);
      }
    // `reach` empty cells of margin on each side: a query clamped into the grid from outside has only points farther
    // than the radius in its block, so it finds none, as it should.
    for (size_t a = 0; a < 3; ++a) {
      origin[b][a] = lo[a] - margin;
      const double extent = (hi[a] + margin - origin[b][a]) / g.cell;
      if (extent > 1e6) return std::nullopt;
      g.dims[a] = std::max(g.dims[a], static_cast<int64_t>(std::floor(extent)) + 1);
    }
  }
  const int64_t cells = g.cells();
  if (cells > limits.max_table_entries) return std::nullopt;
  // Each set's points sorted by cell (counting sort: starts per cell, ids in ascending order within a cell). A
  // block's size is the sum of its cells' counts, so the capacity and the list count come before any list is
  // built, and the lists are written straight into the table (no per-block vectors: a large batch has millions).
  struct CellIndex {
    std::vector<int32_t> start, order; // points of cell c: order[start[c] .. start[c + 1])
    std::vector<int64_t> cell;         // the cell of each point
  };
  auto index_set = [&](size_t b) {
    const int64_t n = static_cast<int64_t>(points[b].size() / 3);
    auto cell_of = [&](int64_t i) {
      int64_t c = 0;
      for (size_t a = 0; a < 3; ++a) {
        const double q = std::floor((points[b][i * 3 + a] - origin[b][a]) / g.cell);
        c = c * g.dims[a] + std::clamp<int64_t>(static_cast<int64_t>(q), 0, g.dims[a] - 1);
      }
      return c;
    };
    CellIndex idx;
    idx.start.assign(static_cast<size_t>(cells) + 1, 0);
    std::vector<int64_t>& cell = idx.cell;
    cell.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      ++idx.start[static_cast<size_t>((cell[i] = cell_of(i))) + 1];
    for (int64_t c = 0; c < cells; ++c)
      idx.start[c + 1] += idx.start[c];
    std::vector<int32_t> fill(idx.start.begin(), idx.start.end() - 1);
    idx.order.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
      idx.order[static_cast<size_t>(fill[static_cast<size_t>(cell[i])]++)] = static_cast<int32_t>(i);
    return idx;
  };
  // Calls f(cell of a block's centre, cell of that block holding points) for every block and every cell of it that
  // holds points of the set: from each occupied cell out to the centres whose blocks contain it. Blocks are mostly
  // empty cells (a surface in a 7 x 7 x 7 block at three subdivisions), so this visits (occupied cells) x (block)
  // pairs instead of (all cells) x (block): 77 sphere models of 2000 nodes took seconds to bucket the other way.
  // The centres of the blocks that contain cell c (the cells within `reach` of it).
  auto for_each_centre = [&](int64_t c, auto&& f) {
    const int64_t r = g.reach;
    const int64_t x = c / (g.dims[1] * g.dims[2]), y = c / g.dims[2] % g.dims[1], z = c % g.dims[2];
    for (int64_t cx = std::max<int64_t>(x - r, 0); cx <= std::min(x + r, g.dims[0] - 1); ++cx)
      for (int64_t cy = std::max<int64_t>(y - r, 0); cy <= std::min(y + r, g.dims[1] - 1); ++cy)
        for (int64_t cz = std::max<int64_t>(z - r, 0); cz <= std::min(z + r, g.dims[2] - 1); ++cz)
          f((cx * g.dims[1] + cy) * g.dims[2] + cz);
  };
  auto for_each_block = [&](const CellIndex& idx, auto&& f) {
    for (int64_t c = 0; c < cells; ++c)
      if (idx.start[static_cast<size_t>(c) + 1] != idx.start[static_cast<size_t>(c)])
        for_each_centre(c, [&](int64_t centre) { f(centre, c); });
  };
  // Sets with the same points (LMs that share an object model) share their lists.
  std::vector<size_t> same_as(sets);
  std::unordered_map<size_t, std::vector<size_t>> by_hash;
  for (size_t b = 0; b < sets; ++b) {
    size_t h = points[b].size();
    for (double v : points[b])
      h = h * 1000003u ^ std::hash<double>{}(v);
    same_as[b] = b;
    for (size_t other : by_hash[h])
      if (points[other] == points[b]) {
        same_as[b] = other;
        break;
      }
    if (same_as[b] == b) by_hash[h].push_back(b);
  }
  // The sets are bucketed in parallel (77 models of 2000 nodes took a third of a second on one core, all of it on
  // the first step of a process); only numbering the lists, which makes them consecutive per set, is serial, so the
  // table is the same as a serial build's.
  std::vector<size_t> distinct;
  for (size_t b = 0; b < sets; ++b)
    if (same_as[b] == b) distinct.push_back(b);
  // Per distinct set: its cell index, and its non-empty blocks (centre cell, points in the block) in cell order.
  std::vector<CellIndex> index(sets);
  std::vector<std::vector<std::pair<int64_t, int64_t>>> blocks(sets);
  for_each_in_parallel(distinct.size(), [&](size_t j) {
    const size_t b = distinct[j];
    index[b] = index_set(b);
    std::vector<int64_t> size(static_cast<size_t>(cells), 0);
    for_each_block(index[b],
                   [&](int64_t centre, int64_t c) { size[centre] += index[b].start[c + 1] - index[b].start[c]; });
    for (int64_t c = 0; c < cells; ++c)
      if (size[c] > 0) blocks[b].push_back({c, size[c]});
  });
  std::vector<int32_t> cell_lists(sets * static_cast<size_t>(cells), 0);
  int64_t capacity = k, lists = 1;
  for (size_t b = 0; b < sets; ++b) {
    if (same_as[b] != b) {
      std::copy_n(cell_lists.begin() + static_cast<int64_t>(same_as[b]) * cells, cells,
                  cell_lists.begin() + static_cast<int64_t>(b) * cells);
      continue;
    }
    // Only blocks with points get a list; every empty block shares list 0.
    for (const auto& [c, size] : blocks[b]) {
      capacity = std::max(capacity, size);
      cell_lists[b * static_cast<size_t>(cells) + static_cast<size_t>(c)] = static_cast<int32_t>(lists++);
    }
    const double n = static_cast<double>(points[b].size() / 3);
    if (static_cast<double>(capacity) > limits.max_capacity_fraction * n && capacity > k) return std::nullopt;
  }
  if (lists * capacity >= limits.max_table_entries || lists * capacity * 3 >= std::numeric_limits<int32_t>::max())
    return std::nullopt;
  size_t most = 0;
  for (const auto& p : points)
    most = std::max(most, p.size() / 3);
  // Ids in the narrowest type that holds them: the K-NN reads a list entry per candidate from a table far larger
  // than the caches (218 MB at 5 x 77 models), and int16 entries halve that traffic (H200, 5-LM burst step: the K-NN
  // kernel 0.684 -> 0.617 ms, the step 1.78 -> 1.70 ms).
  const bool narrow = most <= static_cast<size_t>(std::numeric_limits<int16_t>::max());
  // A set's lists are its own, so sets fill theirs in parallel. Each point is appended to the list of every block
  // holding its cell, points in ascending id order, so every list comes out ascending: equal distances then resolve
  // to the lower id, as a scan over all points does (sorting each list after filling it took most of the build).
  // The table is written in its final type and uploaded from there (a conversion was another copy of it).
  auto fill_lists = [&]<class Id>(std::vector<Id>& ids) {
    ids.assign(static_cast<size_t>(lists * capacity), Id{-1});
    std::vector<int64_t> used(static_cast<size_t>(lists), 0);
    for_each_in_parallel(distinct.size(), [&](size_t j) {
      const size_t b = distinct[j];
      const int32_t* lists_of_set = cell_lists.data() + b * static_cast<size_t>(cells);
      const std::vector<int64_t>& cell = index[b].cell;
      for (size_t i = 0; i < cell.size(); ++i)
        for_each_centre(cell[i], [&](int64_t centre) {
          const int64_t list = lists_of_set[centre];
          ids[static_cast<size_t>(list * capacity + used[list]++)] = static_cast<Id>(i);
        });
    });
    return Tensor::from_bytes(ids.data(), narrow ? int16 : int32, {lists * capacity}, device);
  };
  std::vector<int16_t> narrow_ids;
  std::vector<int32_t> wide_ids;
  Tensor ids = narrow ? fill_lists(narrow_ids) : fill_lists(wide_ids);
  // Every set's points, padded to the largest set, in the grid's dtype: a query gathers its candidates from its own
  // set's rows (a few tens of KB, cache-resident), so the lists themselves hold only 4-byte ids. (Lists that carried
  // coordinates read three times the bytes from memory, where no list is reused.) A row is x, y, z and a zero: 16
  // bytes in float32, so a GPU reads a candidate in one vector load instead of three (codegen/vector_loads.hpp).
  std::vector<unsigned char> coordinates(sets * most * 4 * dtype.itemsize(), 0);
  for (size_t b = 0; b < sets; ++b)
    for (size_t i = 0; i < points[b].size(); ++i) {
      const size_t at = (b * most + i / 3) * 4 + i % 3;
      if (dtype == float32) {
        const float f = static_cast<float>(points[b][i]);
        std::memcpy(coordinates.data() + at * sizeof(float), &f, sizeof(float));
      } else {
        std::memcpy(coordinates.data() + at * sizeof(double), &points[b][i], sizeof(double));
      }
    }
  std::vector<double> flat_origin;
  for (const auto& o : origin)
    flat_origin.insert(flat_origin.end(), o.begin(), o.end());
  NeighbourGrid grid{Tensor::from_vector(cell_lists, {static_cast<int64_t>(cell_lists.size())}, device),
                     ids,
                     Tensor::from_bytes(coordinates.data(), dtype, {static_cast<int64_t>(sets * most), 4}, device),
                     Tensor::from_doubles(flat_origin, {static_cast<int64_t>(sets), 3}, dtype, device),
                     g.dims,
                     g.cell,
                     g.reach,
                     capacity,
                     static_cast<int64_t>(most)};
  Tensor::realize_all({&grid.cell_lists, &grid.ids, &grid.points, &grid.origin});
  return grid;
}

} // namespace

std::optional<NeighbourGrid> build_neighbour_grid(const std::vector<std::vector<double>>& points, double radius,
                                                  int64_t k, DType dtype, const std::string& device,
                                                  const NeighbourGridLimits& limits) {
  // Finer cells give shorter lists but more of them: where the table outgrows the limits, coarser cells still beat a
  // scan over every point.
  NeighbourGridLimits tried = limits;
  for (; tried.subdivisions >= 1; --tried.subdivisions)
    if (auto grid = build_grid(points, radius, k, dtype, device, tried)) return grid;
  if (limits.subdivisions < 1)
    throw Error(fmt::format("neighbour grid: {} subdivisions (need at least 1)", limits.subdivisions));
  return std::nullopt;
}

std::optional<NeighbourGrid> NeighbourGridCache::get(const std::vector<std::vector<double>>& points, double radius,
                                                     int64_t k, DType dtype, const std::string& device,
                                                     const NeighbourGridLimits& limits) {
  for (const Entry& e : entries_)
    if (e.radius == radius && e.k == k && e.limits == limits && e.dtype == dtype && e.device == device &&
        e.points == points)
      return e.grid;
  std::optional<NeighbourGrid> grid = build_neighbour_grid(points, radius, k, dtype, device, limits);
  entries_.push_back(Entry{points, radius, k, limits, dtype, device, grid});
  return grid;
}

std::pair<Tensor, Tensor> grid_knn(const NeighbourGrid& grid, const Tensor& queries, int64_t k, double bound,
                                   const std::optional<Tensor>& searched) {
  const int64_t m = grid.capacity;
  if (queries.ndim() != 3 || queries.shape()[2] != 3 || grid.origin.shape() != Shape{queries.shape()[0], 3})
    throw Error(fmt::format("grid_knn: queries {} do not fit a grid of {} sets", shape_str(queries.shape()),
                            grid.origin.shape()[0]));
  const int64_t b = queries.shape()[0], h = queries.shape()[1];
  if (k < 1 || k > m) throw Error(fmt::format("grid_knn: k = {} with lists of {}", k, m));
  const double reach = grid.cell * static_cast<double>(grid.reach);
  if (bound > reach * reach)
    throw Error(fmt::format("grid_knn: bound {} is beyond the grid's reach squared {}", bound, reach * reach));
  const DType dt = grid.points.dtype();
  const std::string& dev = queries.device();
  const Tensor q = queries.cast(dt);
  // The query's cell, clamped into the grid (a query outside it finds only far points there).
  const Tensor scaled = (q - grid.origin.unsqueeze(1)) / grid.cell; // (B, H, 3)
  auto axis_cell = [&](int a) {
    const Tensor c = scaled.slice({{}, {}, {a, a + 1}}).reshape({b, h});
    return c.clip(0.0, static_cast<double>(grid.dims[a] - 1)).floor().cast(int32);
  };
  const Tensor cell = (axis_cell(0) * grid.dims[1] + axis_cell(1)) * grid.dims[2] + axis_cell(2); // (B, H)
  const Tensor set = Tensor::arange(b, int32, dev).reshape({b, 1});
  // Clamped to the list range (a no-op on the grid's own table): the bounds let every address derived from a list
  // be proved in range, so the per-candidate loads carry no range checks.
  const Tensor list = grid.cell_lists.index_select(0, (set * grid.cells() + cell).reshape({b * h}))
                          .clip(0.0, static_cast<double>(grid.ids.shape()[0] / m - 1));
  // Each query's list as a row of the (lists, m) table: the slot is the loop index itself, no arange is loaded.
  const Tensor table = grid.ids.reshape({grid.ids.shape()[0] / m, m});
  const Tensor candidates = table.index_select(0, list).reshape({b, h, m}); // -1 after the list's end
  const Tensor listed = candidates >= 0.0;
  // Clamped, like the lists: padding reads its set's row 0 (and is masked), and a gather along each set's own rows
  // needs no range check.
  const Tensor point_rows = candidates.clip(0.0, static_cast<double>(grid.set_rows - 1)).reshape({b, h * m, 1});
  const Tensor diff = grid.points.reshape({b, grid.set_rows, 4})
                          .slice({{}, {}, {0, 3}})
                          .gather(1, point_rows.expand({b, h * m, 3}))
                          .reshape({b, h, m, 3}) -
                      q.unsqueeze(2);
  const double inf = std::numeric_limits<double>::infinity();
  if (searched && (!searched->dtype().is_bool() || searched->shape() != Shape{b, h, 1}))
    throw Error(fmt::format("grid_knn: searched must be a ({}, {}, 1) bool mask, got {} {}", b, h,
                            searched->dtype().name(), shape_str(searched->shape())));
  const Tensor candidate_dist = where(listed, (diff * diff).sum(-1), inf);
  // Outside `searched` every candidate is +inf, row-invariantly: the compiled selection skips the row's loop.
  // The selection carries each candidate's point id into its slots (-1 where none was found), so a reader gathers
  // the points directly: looking the ids up again from the slots cost the reader the query's cell, its list entry
  // and one list read per neighbour (the burst step's evidence kernel, the lists far larger than the caches).
  return (searched ? where(*searched, candidate_dist, inf) : candidate_dist)
      .topk_carrying(candidates, k, -1, /*largest=*/false, bound);
}

} // namespace lmc::lm
