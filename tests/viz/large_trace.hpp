// A synthetic trace of one kernel with thousands of nodes, to time the viz page on a large graph: index math,
// loads and ALU chains that mix neighbouring lanes, reduced by an ADD tree into one STORE, plus `x*1` and `x+0`
// nodes that a "simplify" context folds step by step. Its own file because both the browser test (timing) and
// the trace test (replay) use it; the steps are recorded the way the rewriter records them, so they replay.
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lmc::viz_test {

class LargeTraceBuilder {
public:
  // About `target_nodes` nodes in the input graph; `folds` of them are `x*1` / `x+0` that the steps remove.
  static nlohmann::json make(int target_nodes, int folds, uint64_t seed = 12345) {
    LargeTraceBuilder b(seed);
    return b.build(target_nodes, folds);
  }

private:
  explicit LargeTraceBuilder(uint64_t seed) : state_(seed) {}

  struct Node {
    std::string op, dtype, arg;
    std::vector<int64_t> src;
  };

  uint64_t next() { // splitmix64: deterministic across platforms
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int64_t pick(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }

  // Hash-consed like the IR: the same op, dtype, arg and sources is the same node.
  int64_t make_node(const std::string& op, const std::string& dtype, const std::string& arg, std::vector<int64_t> src) {
    const std::string key = op + "|" + dtype + "|" + arg + "|" + nlohmann::json(src).dump();
    if (auto it = interned_.find(key); it != interned_.end()) return it->second;
    const int64_t id = static_cast<int64_t>(nodes_.size()) + 1;
    nodes_.push_back({op, dtype, arg, std::move(src)});
    interned_[key] = id;
    return id;
  }
  const Node& node(int64_t id) const { return nodes_[static_cast<size_t>(id - 1)]; }

  nlohmann::json build(int target_nodes, int folds) {
    std::vector<int64_t> consts, buffers, ranges;
    for (int c = 0; c < 40; ++c)
      consts.push_back(make_node("CONST", "int32", std::to_string(c * 3 + 2), {}));
    const int64_t one = make_node("CONST", "float32", "1.0", {});
    const int64_t zero = make_node("CONST", "float32", "0.0", {});
    for (int b = 0; b < 4; ++b)
      buffers.push_back(make_node("DEFINE_GLOBAL", "float32*", std::to_string(b), {}));
    for (int r = 0; r < 3; ++r)
      ranges.push_back(make_node("RANGE", "int32", std::to_string(r), {consts[static_cast<size_t>(10 + r)]}));

    // Lanes of float values, each a chain; every op takes its lane's value and a neighbour's or a load.
    const int lanes = 48;
    std::vector<int64_t> lane(lanes);
    auto load = [&] {
      const int64_t idx = make_node(
          "ADD", "int32", "",
          {make_node("MUL", "int32", "", {ranges[static_cast<size_t>(pick(3))], consts[static_cast<size_t>(pick(40))]}),
           consts[static_cast<size_t>(pick(40))]});
      const int64_t at = make_node("INDEX", "float32*", "", {buffers[static_cast<size_t>(pick(3))], idx});
      return make_node("LOAD", "float32", "", {at});
    };
    for (auto& v : lane)
      v = load();
    static const char* kAlu[] = {"ADD", "MUL", "MAX", "SUB", "EXP2", "RECIP"};
    int folded = 0;
    std::vector<int64_t> fold_nodes;
    while (static_cast<int>(nodes_.size()) < target_nodes - 2 * lanes) {
      const int l = static_cast<int>(pick(lanes));
      const std::string op = kAlu[pick(6)];
      int64_t v;
      if (op == "EXP2" || op == "RECIP") {
        v = make_node(op, "float32", "", {lane[static_cast<size_t>(l)]});
      } else {
        const int64_t other = pick(3) == 0 ? load() : lane[static_cast<size_t>((l + 1 + pick(3)) % lanes)];
        v = make_node(op, "float32", "", {lane[static_cast<size_t>(l)], other});
      }
      if (folded < folds && pick(4) == 0) { // a foldable identity the simplify steps remove
        const bool mul = pick(2) == 0;
        v = make_node(mul ? "MUL" : "ADD", "float32", "", {v, mul ? one : zero});
        fold_nodes.push_back(v);
        ++folded;
      }
      lane[static_cast<size_t>(l)] = v;
    }
    while (lane.size() > 1) { // an ADD tree reduces the lanes
      std::vector<int64_t> half;
      for (size_t i = 0; i + 1 < lane.size(); i += 2)
        half.push_back(make_node("ADD", "float32", "", {lane[i], lane[i + 1]}));
      if (lane.size() % 2) half.push_back(lane.back());
      lane = std::move(half);
    }
    const int64_t out_at = make_node("INDEX", "float32*", "", {buffers[3], ranges[0]});
    const int64_t store = make_node("STORE", "void", "", {out_at, lane[0]});
    const int64_t root = make_node("SINK", "void", "", {store});
    const int64_t input_size = static_cast<int64_t>(nodes_.size());

    // The simplify context: visit sources before users (creation order), rebuild users of rewritten nodes, and
    // record each fold as a step from the node as it stands then to its folded value, as the rewriter does.
    std::vector<int64_t> now(static_cast<size_t>(input_size) + 1);
    std::map<int64_t, bool> is_fold;
    for (int64_t f : fold_nodes)
      is_fold[f] = true;
    nlohmann::json steps = nlohmann::json::array();
    for (int64_t id = 1; id <= input_size; ++id) {
      const Node n = node(id);
      std::vector<int64_t> src;
      for (int64_t s : n.src)
        src.push_back(now[static_cast<size_t>(s)]);
      const int64_t current = src == n.src ? id : make_node(n.op, n.dtype, n.arg, src);
      if (is_fold.contains(id)) {
        steps.push_back({{"before", current},
                         {"after", src[0]},
                         {"rule", n.op == "MUL" ? "mul_one" : "add_zero"},
                         {"file", "rewrite/simplify_add.cpp"},
                         {"line", n.op == "MUL" ? 41 : 17},
                         {"ns", 900}});
        now[static_cast<size_t>(id)] = src[0];
      } else {
        now[static_cast<size_t>(id)] = current;
      }
    }

    nlohmann::json table = nlohmann::json::array();
    for (size_t i = 0; i < nodes_.size(); ++i)
      table.push_back({{"id", static_cast<int64_t>(i) + 1},
                       {"op", nodes_[i].op},
                       {"dtype", nodes_[i].dtype},
                       {"src", nodes_[i].src},
                       {"arg", nodes_[i].arg}});
    nlohmann::json contexts = nlohmann::json::array();
    contexts.push_back({{"name", "simplify"},
                        {"group", 0},
                        {"depth", 0},
                        {"input", root},
                        {"output", now[static_cast<size_t>(root)]},
                        {"steps", std::move(steps)}});
    nlohmann::json groups = nlohmann::json::array();
    groups.push_back({{"name", "r_large"},
                      {"kind", "kernel"},
                      {"device", "CPU"},
                      {"source", "define void @r_large(float* %b0) {\n  ret void\n}\n"},
                      {"contexts", {0}}});
    return {{"format", "lmc-trace"},           {"version", 1},
            {"nodes", std::move(table)},       {"groups", std::move(groups)},
            {"contexts", std::move(contexts)}, {"launches", nlohmann::json::array()},
            {"beam", nlohmann::json::array()}};
  }

  uint64_t state_;
  std::vector<Node> nodes_;
  std::map<std::string, int64_t> interned_;
};

} // namespace lmc::viz_test
