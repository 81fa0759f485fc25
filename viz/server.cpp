// The viz HTTP server: accept, read one request head (bounded in size and time), answer, close. Polling the
// listener with a timeout is what lets stop() and --max-requests end the loop cleanly.
#include "viz/server.hpp"

#include "ir/error.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace lmc::viz {
namespace {

constexpr size_t kMaxHead = 16 * 1024;

void send_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return; // the client went away; nothing to do
    }
    sent += static_cast<size_t>(n);
  }
}

std::string status_text(int code) {
  switch (code) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 404:
    return "Not Found";
  default:
    return "Method Not Allowed";
  }
}

void reply(int fd, int code, const std::string& type, const std::string& body, bool head_only) {
  std::string out =
      fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n"
                  "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
                  code, status_text(code), type, body.size());
  if (!head_only) out += body;
  send_all(fd, out);
}

} // namespace

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

void Server::serve() {
  while (!stopping_ && (options_.max_requests <= 0 || served_ < options_.max_requests)) {
    pollfd p{listener_, POLLIN, 0};
    const int ready = ::poll(&p, 1, 200); // wakes up to notice stop()
    if (ready <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    answer(client);
    ::close(client);
    ++served_;
  }
}

void Server::answer(int client) {
  // A slow or silent client cannot hold the single-threaded server for more than a few seconds.
  timeval timeout{5, 0};
  ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < kMaxHead) {
    const ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) break;
    head.append(buf, static_cast<size_t>(n));
  }
  const size_t line_end = head.find("\r\n");
  if (line_end == std::string::npos) return reply(client, 400, "text/plain", "bad request\n", false);
  const std::string line = head.substr(0, line_end);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos)
    return reply(client, 400, "text/plain", "bad request\n", false);
  const std::string method = line.substr(0, sp1);
  std::string path = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (method != "GET" && method != "HEAD") return reply(client, 405, "text/plain", "only GET and HEAD\n", false);
  if (size_t q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  std::optional<Response> r = handler_(path);
  if (!r) return reply(client, 404, "text/plain", fmt::format("not found: {}\n", path), method == "HEAD");
  reply(client, 200, r->content_type, r->body, method == "HEAD");
}

} // namespace lmc::viz
