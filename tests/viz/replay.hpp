// Replays a trace's steps over its node table, the way the viz page does (viz/web/src/app.js, replay()): the
// graph after k steps is the input with the first k (before -> after) substituted and users rebuilt.
// Shared by the trace tests so "every step replays to the recorded output" is checked on the file format itself.
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lmc::viz_test {

class Replayer {
public:
  explicit Replayer(const nlohmann::json& trace) {
    for (const auto& n : trace["nodes"]) {
      const int64_t id = n["id"].get<int64_t>();
      nodes_[id] = n;
      by_key_[key(n["op"], n["dtype"], n["arg"], n["src"])] = id;
    }
  }
  bool has(int64_t id) const { return nodes_.contains(id); }

  // Whether `id` is in the graph under `root` (synthetic nodes of earlier replays included).
  bool reaches(int64_t root, int64_t id) const {
    std::vector<int64_t> stack{root};
    std::unordered_set<int64_t> seen{root};
    while (!stack.empty()) {
      const int64_t at = stack.back();
      stack.pop_back();
      if (at == id) return true;
      for (const auto& s : nodes_.at(at)["src"])
        if (seen.insert(s.get<int64_t>()).second) stack.push_back(s.get<int64_t>());
    }
    return false;
  }

  // The root after the first k steps of `context`.
  int64_t replay(const nlohmann::json& context, size_t k) {
    std::map<int64_t, int64_t> r;
    for (size_t i = 0; i < k; ++i)
      r[context["steps"][i]["before"].get<int64_t>()] = context["steps"][i]["after"].get<int64_t>();
    std::unordered_map<int64_t, int64_t> memo;
    return build(context["input"].get<int64_t>(), r, memo);
  }

private:
  static std::string key(const nlohmann::json& op, const nlohmann::json& dtype, const nlohmann::json& arg,
                         const nlohmann::json& src) {
    return op.get<std::string>() + "|" + dtype.get<std::string>() + "|" + arg.get<std::string>() + "|" + src.dump();
  }
  int64_t build(int64_t id, const std::map<int64_t, int64_t>& r, std::unordered_map<int64_t, int64_t>& memo) {
    if (auto it = memo.find(id); it != memo.end()) return it->second;
    int64_t cur = id;
    for (int guard = 0; r.contains(cur) && guard < 10000; ++guard)
      cur = r.at(cur);
    int64_t out = cur;
    const nlohmann::json& n = nodes_.at(cur); // unordered_map: stays valid while build() inserts
    nlohmann::json src = nlohmann::json::array();
    bool changed = false;
    for (const auto& s : n["src"]) {
      src.push_back(build(s.get<int64_t>(), r, memo));
      changed = changed || src.back() != s;
    }
    if (changed) {
      const std::string k = key(n["op"], n["dtype"], n["arg"], src);
      if (auto it = by_key_.find(k); it != by_key_.end()) {
        out = it->second;
      } else {
        out = next_synthetic_--;
        nlohmann::json made = n;
        made["id"] = out;
        made["src"] = src;
        nodes_[out] = made;
        by_key_[k] = out;
      }
      if (r.contains(out)) out = build(out, r, memo);
    }
    memo[id] = out;
    return out;
  }

  std::unordered_map<int64_t, nlohmann::json> nodes_;
  std::unordered_map<std::string, int64_t> by_key_;
  int64_t next_synthetic_ = -1;
};

} // namespace lmc::viz_test
