// A small HTTP/1.1 server on a POSIX socket for `lmc viz`: GET and HEAD of in-memory responses, one request per
// connection, single-threaded (one poll loop serves every client at once). Its own file so the page's data (assets.hpp)
// and the transport stay apart.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace lmc::viz {

struct Response {
  std::string content_type;
  std::string body;
};

// Maps a request path ("/", "/assets/app.js"; the query string already removed) to a response, or nullopt (404).
using Handler = std::function<std::optional<Response>(const std::string& path)>;

struct ServerOptions {
  std::string host = "127.0.0.1"; // only loopback unless the caller asks for another interface
  int port = 8000;                // 0 picks a free port
  int max_requests = 0;           // stop after this many requests (tests); 0 serves until stop()
  // Per request, not per recv or send: the whole head must arrive within read_ms (a client sending one byte at a
  // time cannot renew it), the whole response must be taken within send_ms (a client that never reads is dropped).
  int read_ms = 5000;
  int send_ms = 20000;
};

class Server {
public:
  // Binds and listens; throws lmc::Error naming the address when it cannot.
  Server(const ServerOptions& options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  std::string url() const; // http://host:port/

  // Answers requests until max_requests were served or stop() was called (from another thread or a signal).
  void serve();
  void stop();
  int served() const { return served_; }

private:
  struct Connection;
  void advance(Connection& c, std::chrono::steady_clock::time_point now);

  ServerOptions options_;
  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  int served_ = 0;
  volatile bool stopping_ = false;
};

// Whether a request's Host header value names this server (host_allowed's rule is in server.cpp: the address
// served, "localhost", loopback literals on loopback, IP literals elsewhere; the port, if given, must be `port`).
// A name a web page could point at us by DNS rebinding is refused.
bool host_allowed(const std::string& value, const std::string& served_host, int port);

// A request head as the server reads it (the request line and headers; the server stops reading at the blank line
// and caps its size), parsed without a socket so it can be fuzzed: status 0 with the method (GET or HEAD) and the
// path to answer (query and fragment removed), or the status to refuse it with (400 malformed or no single Host,
// 403 a Host that is not this server, 405 another method) and the reason sent back.
struct Request {
  int status = 0;
  std::string method, path, error;
};
Request parse_request(const std::string& head, const std::string& served_host, int port);

// The Content-Type for a file name by its extension.
std::string content_type_for(const std::string& path);

} // namespace lmc::viz
