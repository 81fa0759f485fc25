// Exact fixed-radius K nearest neighbours over static point sets through a uniform grid. Each set's points are
// bucketed once on the host into cells of edge c >= radius / s; every cell stores the ids of the points in its block
// of (2s+1)^3 cells, ascending (s = 2 by default: a 5x5x5 block of half-radius cells covers the ball with less
// surface than a 3x3x3 block of radius cells, so lists on surfaces are shorter. Finer cells shorten them little more,
// 83 to 77 on bench/monty_step's spheres at s = 3, with the H200's 5-LM burst step the same within noise, 1.68 ms
// against 1.63-1.67, while the table, one padded list per occupied block, grows about fourfold: building it for 77
// models took seconds of the first step on the host). A query then looks only at its cell's list: every point within
// the radius of the query lies in that block, so the bounded top-k over the list is exactly the bounded top-k over all
// points (same ids, same order, ties to the lower id), at a cost set by the local density instead of N. Its own file:
// it is the K-NN of the evidence step when the models are fixed and only neighbours within the match radius count, and
// a general tool for any radius query against static sets.
#pragma once
#include "frontend/tensor.hpp"

#include <array>
#include <optional>
#include <utility>
#include <vector>

namespace lmc::lm {

struct NeighbourGrid {
  Tensor cell_lists;             // (B * cells,) int32: the list of each cell's block (list 0 is empty)
  Tensor ids;                    // (lists * capacity,) point ids (int16 where they fit, else int32), ascending
                                 // within a list, -1 after its end
  Tensor points;                 // (B * set_rows, 4) each set's points (x, y, z, 0), padded to set_rows rows
  Tensor origin;                 // (B, 3) corner of each set's grid
  std::array<int64_t, 3> dims{}; // cells per axis, shared by every set (the largest any set needs)
  double cell = 0;               // cell edge, slightly above radius / reach so rounding never loses a neighbour
  int64_t reach = 1;             // block half-width in cells: a query sees every point within reach * cell
  int64_t capacity = 0;          // list length: the most points any cell block holds (at least k)
  int64_t set_rows = 0;          // rows per set in `points` (the largest set)
  int64_t cells() const { return dims[0] * dims[1] * dims[2]; }
};

struct NeighbourGridLimits {
  int64_t max_table_entries = int64_t{1} << 28; // no grid beyond this many int32 entries (1 GiB)
  // No grid when a cell block holds more than this fraction of a set: at a third to a half (lmc demo's small objects
  // on the CPU) the gathers cost what the skipped points save, and building and filling the lists (81M ids for 20
  // objects x 1000 nodes) was most of the first step (2.8 s against 0.2 s without the grid, 2 cores).
  double max_capacity_fraction = 0.25;
  int64_t subdivisions = 2; // cells per radius (the block reach)
  bool operator==(const NeighbourGridLimits&) const = default;
};

// A grid for B point sets (`points[b]` row-major (n_b, 3)) and queries of `radius`, with lists at least `k` long,
// its coordinates in `dtype`.
// Falls back to coarser cells where the table would be too large, and returns nothing when no grid would pay off (a
// block holding most of a set) or fit; callers then scan every point. Throws lmc::Error for a non-positive radius or
// malformed point arrays.
std::optional<NeighbourGrid> build_neighbour_grid(const std::vector<std::vector<double>>& points, double radius,
                                                  int64_t k, DType dtype, const std::string& device,
                                                  const NeighbourGridLimits& limits = {});

// Grids shared by everything that asks for the same point sets: LMs that learned the same objects then hold one grid
// on the device instead of one each (80 LMs x 77 objects would otherwise build and keep 80 equal tables).
class NeighbourGridCache {
public:
  // build_neighbour_grid(points, ...), built on the first request and shared by later requests with equal sets,
  // radius, k, dtype, device and limits.
  std::optional<NeighbourGrid> get(const std::vector<std::vector<double>>& points, double radius, int64_t k,
                                   DType dtype, const std::string& device, const NeighbourGridLimits& limits = {});
  size_t size() const { return entries_.size(); }

private:
  struct Entry {
    std::vector<std::vector<double>> points;
    double radius;
    int64_t k;
    NeighbourGridLimits limits;
    DType dtype;
    std::string device;
    std::optional<NeighbourGrid> grid;
  };
  std::vector<Entry> entries_;
};

// The k points of each query's set nearest to it with squared distance below `bound` (which must not exceed the
// grid's reach squared, (reach * cell)^2), as (squared distances, ids) of shape (B, H, k) in ascending distance, ties
// to the lower id; slots with no such point hold (bound, -1), like Tensor::topk with a bound. `queries` is (B, H, 3) in
// the grid's dtype (the distances are computed in it, from the points as the grid stored them). With `searched`
// ((B, H, 1) bool), rows where it is false find nothing (every slot empty) and cost no candidate loads.
std::pair<Tensor, Tensor> grid_knn(const NeighbourGrid& grid, const Tensor& queries, int64_t k, double bound,
                                   const std::optional<Tensor>& searched = std::nullopt);

} // namespace lmc::lm
