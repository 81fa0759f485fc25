// The viz server on 127.0.0.1: serves the page and the trace, answers 404 for unknown paths and 405 for other
// methods, and stops by itself after --max-requests (the bounded shutdown tests rely on).
#include "ir/error.hpp"
#include "viz/assets.hpp"
#include "viz/server.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace lmc::viz {
namespace {

// One HTTP/1.1 request to 127.0.0.1:port; returns the whole response (the server closes the connection).
std::string request(int port, const std::string& method, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return "";
  }
  const std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ::send(fd, req.data(), req.size(), 0);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
    out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

const std::string kTrace = R"({"format":"lmc-trace","version":1,"nodes":[],"groups":[],"contexts":[],"launches":[]})";

TEST(VizServer, ServesThePageAndTheTraceOnLoopbackThenStopsAfterMaxRequests) {
  const Site site(kTrace);
  Server server({.host = "127.0.0.1", .port = 0, .max_requests = 6}, [&](const std::string& p) { return site.get(p); });
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()) + "/");
  std::thread serving([&] { server.serve(); });
  const std::string index = request(server.port(), "GET", "/");
  const std::string trace = request(server.port(), "GET", "/trace.json?x=1");
  const std::string script = request(server.port(), "GET", "/trace.js");
  const std::string app = request(server.port(), "HEAD", "/assets/app.js");
  const std::string missing = request(server.port(), "GET", "/no/such/file");
  const std::string post = request(server.port(), "POST", "/");
  serving.join(); // returns only because max_requests were answered
  EXPECT_EQ(server.served(), 6);
  EXPECT_TRUE(index.starts_with("HTTP/1.1 200 OK")) << index.substr(0, 80);
  EXPECT_NE(index.find("text/html"), std::string::npos);
  EXPECT_NE(index.find("<title>lmc viz</title>"), std::string::npos);
  EXPECT_TRUE(trace.starts_with("HTTP/1.1 200 OK"));
  EXPECT_TRUE(trace.ends_with(kTrace));
  EXPECT_NE(script.find("window.LMC_TRACE = " + kTrace), std::string::npos);
  EXPECT_TRUE(app.starts_with("HTTP/1.1 200 OK"));
  EXPECT_TRUE(app.ends_with("\r\n\r\n")) << "HEAD sends no body";
  EXPECT_TRUE(missing.starts_with("HTTP/1.1 404")) << missing.substr(0, 80);
  EXPECT_TRUE(post.starts_with("HTTP/1.1 405")) << post.substr(0, 80);
}

TEST(VizServer, StopEndsServingWithoutARequest) {
  Server server({.port = 0}, [](const std::string&) { return std::nullopt; });
  std::thread serving([&] { server.serve(); });
  server.stop();
  serving.join();
  EXPECT_EQ(server.served(), 0);
}

TEST(VizServer, ABusyPortIsAnErrorNamingTheAddress) {
  Server first({.port = 0}, [](const std::string&) { return std::nullopt; });
  try {
    Server second({.port = first.port()}, [](const std::string&) { return std::nullopt; });
    FAIL() << "bound a port already in use";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())), std::string::npos) << e.what();
  }
}

// A connected socket to 127.0.0.1:port (the caller closes it).
int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
    out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string raw_request(int port, const std::string& req) {
  const int fd = connect_to(port);
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string out = read_all(fd);
  ::close(fd);
  return out;
}

TEST(VizServer, HostMustNameThisServer) { // DNS rebinding: a page's own name pointed at 127.0.0.1 is refused
  EXPECT_TRUE(host_allowed("127.0.0.1:8000", "127.0.0.1", 8000));
  EXPECT_TRUE(host_allowed("127.0.0.1", "127.0.0.1", 8000));
  EXPECT_TRUE(host_allowed("LOCALHOST:8000", "127.0.0.1", 8000));
  EXPECT_TRUE(host_allowed("[::1]:8000", "::1", 8000));
  EXPECT_TRUE(host_allowed("10.1.2.3:8000", "0.0.0.0", 8000));
  EXPECT_FALSE(host_allowed("evil.example:8000", "127.0.0.1", 8000));
  EXPECT_FALSE(host_allowed("evil.example", "0.0.0.0", 8000));
  EXPECT_FALSE(host_allowed("127.0.0.1:8001", "127.0.0.1", 8000));
  EXPECT_FALSE(host_allowed("10.1.2.3:8000", "127.0.0.1", 8000));
  EXPECT_FALSE(host_allowed("", "127.0.0.1", 8000));

  const Site site(kTrace);
  Server server({.port = 0, .max_requests = 3}, [&](const std::string& p) { return site.get(p); });
  std::thread serving([&] { server.serve(); });
  const std::string port = std::to_string(server.port());
  const std::string evil =
      raw_request(server.port(), "GET /trace.json HTTP/1.1\r\nHost: evil.example:" + port + "\r\n\r\n");
  const std::string none = raw_request(server.port(), "GET /trace.json HTTP/1.1\r\n\r\n");
  const std::string good =
      raw_request(server.port(), "GET /trace.json HTTP/1.1\r\nhost: 127.0.0.1:" + port + "\r\n\r\n");
  serving.join();
  EXPECT_TRUE(evil.starts_with("HTTP/1.1 403")) << evil.substr(0, 80);
  EXPECT_EQ(evil.find("lmc-trace"), std::string::npos);
  EXPECT_TRUE(none.starts_with("HTTP/1.1 400")) << none.substr(0, 80);
  EXPECT_TRUE(good.ends_with(kTrace)) << good.substr(0, 80);
}

TEST(VizServer, OversizedRequestHeadIsRefused) {
  Server server({.port = 0, .max_requests = 1}, [](const std::string&) { return std::nullopt; });
  std::thread serving([&] { server.serve(); });
  const std::string r = raw_request(server.port(), "GET / HTTP/1.1\r\nX-Pad: " + std::string(64 * 1024, 'a'));
  serving.join();
  EXPECT_TRUE(r.starts_with("HTTP/1.1 431")) << r.substr(0, 80);
}

TEST(VizServer, TricklingClientIsCutOffByTheRequestDeadline) {
  Server server({.port = 0, .max_requests = 1, .read_ms = 300}, [](const std::string&) { return std::nullopt; });
  std::thread serving([&] { server.serve(); });
  const int fd = connect_to(server.port());
  const auto start = std::chrono::steady_clock::now();
  // One byte every 50 ms renews a per-recv time-out forever; the per-request deadline ends it after 300 ms.
  for (int i = 0; i < 20 && ::send(fd, "G", 1, MSG_NOSIGNAL) == 1; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) break; // the server answered (and closed): stop before a reset drops its answer
  }
  const std::string answer = read_all(fd);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(fd);
  serving.join();
  EXPECT_LT(s, 1.5) << "seconds until the answer";
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 408")) << answer;
}

TEST(VizServer, ClientThatNeverReadsDoesNotBlockTheServer) {
  const std::string big(16 << 20, 'x'); // more than the loopback socket buffers hold
  Server server({.port = 0, .max_requests = 2, .send_ms = 200}, [&](const std::string& p) {
    return p == "/big" ? std::optional<Response>(Response{"text/plain", big}) : std::nullopt;
  });
  std::thread serving([&] { server.serve(); });
  const int stuck = connect_to(server.port());
  const std::string req = "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ::send(stuck, req.data(), req.size(), MSG_NOSIGNAL); // and never reads
  const auto start = std::chrono::steady_clock::now();
  const std::string next = request(server.port(), "GET", "/missing");
  serving.join();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.5);
  EXPECT_TRUE(next.starts_with("HTTP/1.1 404")) << next.substr(0, 80);
  ::close(stuck);
}

// Found by the hostile sweep (tests/hostile): served one client at a time, three clients that never read a big answer
// held every other client for 3 x send_ms, and idle connections for read_ms each. One poll loop serves them all at
// once: with deadlines of a minute, a normal request among them is still answered, and stop() still ends the loop.
TEST(VizServer, ManyStuckClientsDoNotHoldANormalOne) {
  const std::string big(16 << 20, 'x');
  Server server({.port = 0, .read_ms = 60000, .send_ms = 60000}, [&](const std::string& p) {
    return p == "/big" ? std::optional<Response>(Response{"text/plain", big}) : std::nullopt;
  });
  std::thread serving([&] { server.serve(); });
  std::vector<int> stuck;
  const std::string req = "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  for (int i = 0; i < 3; ++i) { // never read
    stuck.push_back(connect_to(server.port()));
    ::send(stuck.back(), req.data(), req.size(), MSG_NOSIGNAL);
  }
  for (int i = 0; i < 100; ++i) // never send
    stuck.push_back(connect_to(server.port()));
  const int fd = connect_to(server.port());
  const std::string get = "GET /missing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ::send(fd, get.data(), get.size(), MSG_NOSIGNAL);
  pollfd p{fd, POLLIN, 0};
  const bool answered = ::poll(&p, 1, 30000) > 0; // a liveness bound, not a speed check: blocked, it waits minutes
  const std::string next = answered ? read_all(fd) : "";
  ::close(fd);
  server.stop();
  serving.join();
  for (int s : stuck)
    ::close(s);
  EXPECT_TRUE(next.starts_with("HTTP/1.1 404")) << next.substr(0, 80);
}

// The request head's parser without a socket (the fuzzers drive it too): the cases that shape the answer.
TEST(VizServer, ParseRequestHead) {
  const std::string host = "\r\nHost: 127.0.0.1:8000\r\n\r\n";
  const Request ok = parse_request("HEAD /a.js?v=1#x HTTP/1.1" + host, "127.0.0.1", 8000);
  EXPECT_EQ(ok.status, 0);
  EXPECT_EQ(ok.method, "HEAD");
  EXPECT_EQ(ok.path, "/a.js");
  EXPECT_EQ(parse_request("GET /a\rb HTTP/1.1" + host, "127.0.0.1", 8000).status, 400); // found by the fuzzer
  EXPECT_EQ(parse_request("GET /\x7f HTTP/1.1" + host, "127.0.0.1", 8000).status, 400);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n", "127.0.0.1", 8000).status, 400); // cut
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\n\r\n", "127.0.0.1", 8000).status, 400);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: evil.example:8000\r\n\r\n", "127.0.0.1", 8000).status, 403);
  EXPECT_EQ(parse_request("PUT / HTTP/1.1" + host, "127.0.0.1", 8000).status, 405);
}

TEST(VizSite, ReadTraceRefusesADevice) { // `lmc viz /dev/zero` read forever
  try {
    (void)read_trace("/dev/zero");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

TEST(VizSite, ExportWritesThePageAndTheTraceAsAScript) {
  const std::string dir = ::testing::TempDir() + "lmc_viz_export_test";
  Site(kTrace).export_to(dir);
  for (const char* f : {"/index.html", "/assets/app.js", "/assets/layout.js", "/trace.js"})
    EXPECT_TRUE(std::filesystem::exists(dir + f)) << f;
  std::filesystem::remove_all(dir);
}

TEST(VizSite, ReadTraceRejectsAFileThatIsNoTrace) {
  const std::string path = ::testing::TempDir() + "lmc_viz_not_a_trace.json";
  std::ofstream(path) << R"({"hello": 1})";
  EXPECT_THROW(read_trace(path), Error);
  EXPECT_THROW(read_trace(path + ".missing"), Error);
  std::filesystem::remove(path);
}

} // namespace
} // namespace lmc::viz
