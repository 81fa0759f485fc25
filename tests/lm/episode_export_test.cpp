// write_monty_episode: every array read back with numpy's layout and the exact values given (objects stacked, one
// LM's walk), the parameters in episode.json, and objects that do not stack refused by name.
#include "ir/error.hpp"
#include "lm/episode_export.hpp"
#include "lm/npy.hpp"
#include "lm/recognition.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

namespace lmc::lm {
namespace {

namespace fs = std::filesystem;

TEST(EpisodeExport, ArraysAndParametersRoundTrip) {
  const fs::path dir = fs::temp_directory_path() / ("lmc_episode_export_" + std::to_string(getpid()));
  fs::remove_all(dir);
  const std::vector<ObjectModelData> objects = synthetic_objects(3, 37, 4);
  const std::vector<SyntheticShape> shapes = synthetic_shapes(3, 4);
  SensorRun sensor(shapes[1], Mat3{0, -1, 0, 1, 0, 0, 0, 0, 1}, Vec3{0.1, 0, 0}, 5);
  std::vector<Observation> steps;
  for (int i = 0; i < 5; ++i)
    steps.push_back(sensor.observe());
  const BurstParams params = benchmark_burst_params();
  write_monty_episode(dir.string(), objects, steps, params);

  const int64_t f = params.evidence.features.num_columns();
  auto read = [&](const char* name) { return read_npy((dir / (std::string(name) + ".npy")).string()); };
  const NpyArray p = read("model_P"), v = read("model_V"), u = read("model_U"), x = read("model_X");
  EXPECT_EQ(p.shape, (Shape{3, 37, 3}));
  EXPECT_EQ(v.shape, (Shape{3, 37, 9}));
  EXPECT_EQ(u.shape, (Shape{3, 37}));
  EXPECT_EQ(x.shape, (Shape{3, 37, f}));
  const std::vector<double> pv = p.as_double(), xv = x.as_double();
  const std::vector<bool> uv = u.as_bool();
  for (size_t o = 0; o < 3; ++o) {
    for (size_t i = 0; i < objects[o].locations.size(); ++i)
      ASSERT_EQ(pv[o * 37 * 3 + i], objects[o].locations[i]);
    for (size_t i = 0; i < objects[o].features.size(); ++i)
      ASSERT_EQ(xv[o * 37 * static_cast<size_t>(f) + i], objects[o].features[i]);
    for (size_t i = 0; i < 37; ++i)
      ASSERT_EQ(uv[o * 37 + i], objects[o].pose_fully_defined[i] != 0);
  }
  const NpyArray s = read("walk_S"), d = read("walk_d"), moved = read("walk_moved"), kappa = read("walk_kappa");
  EXPECT_EQ(s.shape, (Shape{5, 1, 3, 3}));
  EXPECT_EQ(d.shape, (Shape{5, 1, 3}));
  EXPECT_EQ(read("walk_q").shape, (Shape{5, 1, f}));
  EXPECT_EQ(read("walk_pfd").shape, (Shape{5, 1}));
  const std::vector<double> sv = s.as_double(), dv = d.as_double(), kv = kappa.as_double();
  const std::vector<bool> mv = moved.as_bool();
  for (size_t t = 0; t < 5; ++t) {
    for (size_t i = 0; i < 9; ++i)
      ASSERT_EQ(sv[t * 9 + i], steps[t].pose_vectors[i]);
    EXPECT_EQ(mv[t], steps[t].displacement.has_value());
    EXPECT_EQ(kv[t], steps[t].curvature);
    for (size_t i = 0; i < 3; ++i)
      ASSERT_EQ(dv[t * 3 + i], steps[t].displacement ? (*steps[t].displacement)[i] : 0.0);
  }
  EXPECT_FALSE(mv[0]) << "no move before the first step";
  std::ifstream json(dir / "episode.json");
  std::stringstream text;
  text << json.rdbuf();
  for (const char* field : {"\"k\": 10", "\"mmd\": 0.01", "\"umbilical_poses\": 8", "\"multiplier\": 0.4",
                            "\"tolerances\": [0.1, 0.2, 0.2, 1, 1]", "\"circular\": [1, 0, 0, 0, 0]", "\"steps\": 5"})
    EXPECT_NE(text.str().find(field), std::string::npos) << field << " in " << text.str();

  std::vector<ObjectModelData> ragged = objects;
  ragged[2] = synthetic_objects(1, 20, 6)[0];
  try {
    write_monty_episode(dir.string(), ragged, steps, params);
    ADD_FAILURE() << "objects of 37 and 20 nodes were written as one stack";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("object 2"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

} // namespace
} // namespace lmc::lm
