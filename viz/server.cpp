// The viz HTTP server: accept, read one request head (bounded in size and time), check its Host, answer, close.
// Every socket is non-blocking and served from one poll loop against its own deadlines, so no client (silent,
// trickling, or one that never reads) holds any other; polling is also how stop() ends the loop.
#include "viz/server.hpp"

#include "ir/error.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace lmc::viz {
namespace {

using Clock = std::chrono::steady_clock;

// A request line and headers larger than this are refused (431), not buffered.
constexpr size_t kMaxHead = 16 * 1024;

std::string status_text(int code) {
  switch (code) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 408:
    return "Request Timeout";
  case 431:
    return "Request Header Fields Too Large";
  default:
    return "Method Not Allowed";
  }
}

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The value of the Host header in a request head, or nullopt when there is none (or more than one).
std::optional<std::string> host_header(const std::string& head) {
  std::optional<std::string> found;
  size_t at = head.find("\r\n");
  while (at != std::string::npos && at + 2 < head.size()) {
    const size_t end = head.find("\r\n", at + 2);
    const std::string line = head.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2);
    const size_t colon = line.find(':');
    if (colon != std::string::npos && lower(line.substr(0, colon)) == "host") {
      if (found) return std::nullopt;
      const size_t b = line.find_first_not_of(" \t", colon + 1);
      const size_t e = line.find_last_not_of(" \t");
      found = b == std::string::npos ? std::string() : line.substr(b, e - b + 1);
    }
    at = end;
  }
  return found;
}

bool is_ip_literal(const std::string& host) {
  in_addr v4{};
  in6_addr v6{};
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    return ::inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6) == 1;
  return ::inet_pton(AF_INET, host.c_str(), &v4) == 1;
}

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

} // namespace

// DNS rebinding: a web page can point its own name at 127.0.0.1 and read the trace, but the browser still sends
// that name as Host. So only names that cannot be rebound pass: the address we serve, "localhost", and (served on
// loopback) the loopback literals; served on another interface, any IP literal. The port, when given, must be ours.
bool host_allowed(const std::string& value, const std::string& served_host, int port) {
  std::string name = lower(value), port_text;
  const size_t colon = name.rfind(':');
  if (colon != std::string::npos && (name.front() != '[' || colon > name.rfind(']'))) {
    port_text = name.substr(colon + 1);
    name.resize(colon);
  }
  if (!port_text.empty() && port_text != std::to_string(port)) return false;
  if (name.empty()) return false;
  const std::string served = lower(served_host.find(':') != std::string::npos ? "[" + served_host + "]" : served_host);
  if (name == served || name == "localhost") return true;
  if (is_loopback(served_host)) return name == "127.0.0.1" || name == "[::1]";
  return is_ip_literal(name);
}

std::string content_type_for(const std::string& path) {
  auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".png")) return "image/png";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

Server::Server(const ServerOptions& options, Handler handler) : options_(options), handler_(std::move(handler)) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options.port);
  if (int rc = ::getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    throw Error(fmt::format("lmc viz: cannot resolve host '{}': {}", options.host, gai_strerror(rc)));
  std::string why = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 16) == 0) {
      listener_ = fd;
      break;
    }
    why = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (listener_ < 0) throw Error(fmt::format("lmc viz: cannot listen on {}:{}: {}", options.host, options.port, why));
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

Server::~Server() {
  if (listener_ >= 0) ::close(listener_);
}

std::string Server::url() const {
  const bool v6 = options_.host.find(':') != std::string::npos;
  return fmt::format("http://{}{}{}:{}/", v6 ? "[" : "", options_.host, v6 ? "]" : "", port_);
}

void Server::stop() {
  stopping_ = true;
}

// One client's progress: reading its request head, sending the answer, then (after an answer to a request that was
// not read to its end) draining what it still sends for a moment, so that closing does not reset the connection
// and discard the answer before the client reads it.
struct Server::Connection {
  enum class Stage { Reading, Sending, Draining } stage = Stage::Reading;
  int fd = -1;
  std::string head, out;
  size_t sent = 0;
  bool drain_after = false;
  std::chrono::steady_clock::time_point deadline;
};

namespace {

constexpr int kMaxConnections = 64;                     // more at once: the one waiting longest for its head is dropped
constexpr auto kDrain = std::chrono::milliseconds(300); // how long an unread request's rest is read and dropped

std::string response(int code, const std::string& type, const std::string& body, bool head_only) {
  std::string out =
      fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n"
                  "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
                  code, status_text(code), type, body.size());
  if (!head_only) out += body;
  return out;
}

bool would_block() {
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

} // namespace

// Every client is served from one poll loop, non-blocking, each against its own deadlines: the whole head within
// read_ms, the whole answer taken within send_ms. So a silent, trickling or never-reading client holds only its own
// connection, never the server (one at a time, three clients that never read held everyone else for 60 s).
void Server::serve() {
  std::vector<Connection> conns;
  int accepted = 0;
  const auto done = [&] { return options_.max_requests > 0 && served_ >= options_.max_requests; };
  while (!stopping_ && !(done() && conns.empty())) {
    const bool accepting = !(options_.max_requests > 0 && accepted >= options_.max_requests);
    std::vector<pollfd> fds;
    fds.push_back({listener_, static_cast<short>(accepting ? POLLIN : 0), 0});
    auto next = Clock::now() + std::chrono::milliseconds(200); // wakes up to notice stop()
    for (const Connection& c : conns) {
      fds.push_back({c.fd, static_cast<short>(c.stage == Connection::Stage::Sending ? POLLOUT : POLLIN), 0});
      next = std::min(next, c.deadline);
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now()).count();
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(wait, 0)));
    if (ready < 0 && errno != EINTR) break;
    const auto now = Clock::now();
    for (size_t i = 0; i < conns.size(); ++i)
      if (fds[i + 1].revents || now >= conns[i].deadline) advance(conns[i], now);
    // Finished connections are closed and counted; the rest keep their order.
    std::erase_if(conns, [&](Connection& c) {
      if (c.fd >= 0) return false;
      ++served_;
      return true;
    });
    if (accepting && (fds[0].revents & POLLIN)) {
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (client < 0) continue;
      ++accepted;
      if (conns.size() >= kMaxConnections) { // full: the client that has waited longest for its head makes room
        auto oldest = std::min_element(conns.begin(), conns.end(), [](const Connection& a, const Connection& b) {
          return (a.stage == Connection::Stage::Reading ? a.deadline : Clock::time_point::max()) <
                 (b.stage == Connection::Stage::Reading ? b.deadline : Clock::time_point::max());
        });
        ::close(oldest->fd);
        conns.erase(oldest);
        ++served_;
      }
      Connection c;
      c.fd = client;
      c.deadline = Clock::now() + std::chrono::milliseconds(options_.read_ms);
      conns.push_back(std::move(c));
    }
  }
  for (Connection& c : conns)
    ::close(c.fd);
}

// Moves one connection on as far as its socket allows without waiting; closes it (fd = -1) when it is done.
void Server::advance(Connection& c, Clock::time_point now) {
  const auto close = [&] {
    ::close(c.fd);
    c.fd = -1;
  };
  const auto answer = [&](int code, const std::string& type, const std::string& body, bool head_only, bool drain) {
    c.stage = Connection::Stage::Sending;
    c.out = response(code, type, body, head_only);
    c.drain_after = drain;
    c.deadline = now + std::chrono::milliseconds(options_.send_ms);
  };
  char buf[4096];
  if (c.stage == Connection::Stage::Reading) {
    bool ended = false; // the head is complete, or the client closed (or failed) before it was
    while (!(ended = c.head.find("\r\n\r\n") != std::string::npos)) {
      if (c.head.size() > kMaxHead) {
        answer(431, "text/plain", "request head too large\n", false, true);
        break;
      }
      const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n > 0) {
        c.head.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && would_block()) {
        if (now >= c.deadline) answer(408, "text/plain", "request too slow\n", false, true);
        break;
      }
      ended = true; // closed (or failed) before the head ended: answered below as a bad request
      break;
    }
    if (c.stage == Connection::Stage::Reading && ended) {
      const Request req = parse_request(c.head, options_.host, port_);
      if (req.status != 0) {
        answer(req.status, "text/plain", req.error, false, false);
      } else if (std::optional<Response> r = handler_(req.path)) {
        answer(200, r->content_type, r->body, req.method == "HEAD", false);
      } else {
        answer(404, "text/plain", fmt::format("not found: {}\n", req.path), req.method == "HEAD", false);
      }
    }
    if (c.stage == Connection::Stage::Reading) return;
  }
  if (c.stage == Connection::Stage::Sending) {
    while (c.sent < c.out.size()) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.sent += static_cast<size_t>(n);
      } else if (n < 0 && would_block() && now < c.deadline) {
        return; // the socket is full: poll says when it drains
      } else {
        return close(); // gone, or too slow to take the answer: dropped
      }
    }
    if (!c.drain_after) return close();
    ::shutdown(c.fd, SHUT_WR);
    c.stage = Connection::Stage::Draining;
    c.deadline = now + kDrain;
  }
  while (true) { // Draining: read and drop until the client closes or the moment passes
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) continue;
    if (n < 0 && would_block() && now < c.deadline) return;
    return close();
  }
}

Request parse_request(const std::string& head, const std::string& served_host, int port) {
  auto refuse = [](int status, std::string why) { return Request{status, "", "", std::move(why)}; };
  const size_t end = head.find("\r\n\r\n"); // a head cut short (the client closed first) is malformed
  const size_t line_end = head.find("\r\n");
  if (end == std::string::npos || line_end == std::string::npos) return refuse(400, "bad request\n");
  const std::string line = head.substr(0, line_end);
  // Control bytes (a bare CR, NUL, DEL) have no place in a request line; passed on, they would reach the handler
  // and the error text sent back.
  if (std::ranges::any_of(line, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return refuse(400, "bad request\n");
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string::npos ? std::string::npos : line.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) return refuse(400, "bad request\n");
  const std::string method = line.substr(0, sp1);
  std::string path = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::optional<std::string> host = host_header(head.substr(0, end + 2));
  if (!host) return refuse(400, "one Host header is required\n");
  if (!host_allowed(*host, served_host, port))
    return refuse(403, fmt::format("Host '{}' is not this server's address\n", *host));
  if (method != "GET" && method != "HEAD") return refuse(405, "only GET and HEAD\n");
  if (size_t q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  return Request{0, method, path, ""};
}

} // namespace lmc::viz
