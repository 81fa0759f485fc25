// A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (commands on the browser's fd 3,
// replies on its fd 4, each message JSON ended by '\0'), so the browser test drives Debian's headless chromium
// with real clicks and reads the page back without npm, a WebSocket library or the network.
#pragma once
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace lmc::viz_test {

class Chromium {
public:
  // Starts `binary` headless with an empty profile in `profile_dir` and opens one page of width x height.
  Chromium(const std::string& binary, const std::string& profile_dir, int width, int height) : profile_(profile_dir) {
    std::filesystem::remove_all(profile_);
    std::filesystem::create_directories(profile_);
    // A browser that dies mid-test must fail the test with a message, not end it with SIGPIPE on the next write.
    std::signal(SIGPIPE, SIG_IGN);
    int to_browser[2], from_browser[2];
    // Close-on-exec, so only the dup2'd copies (fds 3 and 4, which dup2 leaves inheritable) reach the browser.
    if (::pipe2(to_browser, O_CLOEXEC) != 0 || ::pipe2(from_browser, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_browser[0], 3);
    posix_spawn_file_actions_adddup2(&actions, from_browser[1], 4);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args{binary,
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-dev-shm-usage",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--no-first-run",
                                  "--remote-debugging-pipe",
                                  "--user-data-dir=" + profile_,
                                  "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                                  "about:blank"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_browser[0]);
    ::close(from_browser[1]);
    write_ = to_browser[1];
    read_ = from_browser[0];
    if (rc != 0) {
      pid_ = -1;
      shut_down();
      throw std::runtime_error("cannot start " + binary);
    }
    try {
      const nlohmann::json target = send("Target.createTarget", {{"url", "about:blank"}}, "");
      session_ = send("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}}, "")["sessionId"];
      send("Emulation.setDeviceMetricsOverride",
           {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
    } catch (...) {
      shut_down(); // no destructor runs for a constructor that throws
      throw;
    }
  }
  ~Chromium() { shut_down(); }
  Chromium(const Chromium&) = delete;
  Chromium& operator=(const Chromium&) = delete;

  // One command; returns its result or throws with the protocol's error. `session` "" is the browser itself.
  nlohmann::json send(const std::string& method, const nlohmann::json& params, const std::string& session,
                      double timeout_s = 30) {
    const int id = ++next_id_;
    nlohmann::json msg{{"id", id}, {"method", method}, {"params", params}};
    if (!session.empty()) msg["sessionId"] = session;
    const std::string text = msg.dump() + '\0';
    for (size_t sent = 0; sent < text.size();) {
      const ssize_t n = ::write(write_, text.data() + sent, text.size() - sent);
      if (n <= 0) throw std::runtime_error("chromium closed its DevTools pipe");
      sent += static_cast<size_t>(n);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
      for (size_t end; (end = buffer_.find('\0')) != std::string::npos;) {
        const nlohmann::json reply = nlohmann::json::parse(buffer_.substr(0, end));
        buffer_.erase(0, end + 1);
        if (!reply.contains("id") || reply["id"] != id) continue; // events and stale replies
        if (reply.contains("error")) throw std::runtime_error(method + ": " + reply["error"].dump());
        return reply["result"];
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw std::runtime_error(method + ": no reply within the timeout");
      pollfd p{read_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[65536];
      const ssize_t n = ::read(read_, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("chromium closed its DevTools pipe");
      buffer_.append(buf, static_cast<size_t>(n));
    }
  }
  // A command to the page.
  nlohmann::json send(const std::string& method, const nlohmann::json& params) {
    return send(method, params, session_);
  }

  void navigate(const std::string& url) { send("Page.navigate", {{"url", url}}); }

  // The value of a JavaScript expression in the page (promises awaited); throws on a page exception.
  nlohmann::json eval(const std::string& expression) {
    const nlohmann::json r =
        send("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
    if (r.contains("exceptionDetails")) throw std::runtime_error(expression + ": " + r["exceptionDetails"].dump());
    return r["result"].contains("value") ? r["result"]["value"] : nlohmann::json();
  }

  // Polls `expression` every 20 ms until it is truthy; false when `timeout_s` passes first.
  bool wait_for(const std::string& expression, double timeout_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    do {
      try {
        if (eval("!!(" + expression + ")") == true) return true;
      } catch (const std::runtime_error&) {
        // the page is between documents (navigating): ask again
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
  }

  // A real mouse click (press and release through the input pipeline) at the centre of the first element
  // matching `selector`; false when there is none or it has no size (hidden).
  bool click(const std::string& selector) { return press(selector, 1); }
  // Two clicks in a row at the same place, which the page sees as a dblclick.
  bool double_click(const std::string& selector) { return press(selector, 2); }

  // Saves a PNG of the page's viewport; returns its size in bytes.
  size_t screenshot(const std::string& path) {
    const std::string png = base64_decode(send("Page.captureScreenshot", {{"format", "png"}})["data"]);
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(png.data(), static_cast<std::streamsize>(png.size()));
    return png.size();
  }

private:
  void shut_down() {
    if (pid_ > 0) {
      try {
        send("Browser.close", nlohmann::json::object(), "", 5);
      } catch (const std::exception&) {
      }
      // Browser.close ends the process; kill it only when it has not gone within a few seconds.
      int status = 0;
      for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
    }
    pid_ = -1;
    if (write_ >= 0) ::close(write_);
    if (read_ >= 0) ::close(read_);
    write_ = read_ = -1;
    std::error_code ignored;
    std::filesystem::remove_all(profile_, ignored);
  }

  bool press(const std::string& selector, int clicks) {
    const nlohmann::json at =
        eval("(() => { const e = document.querySelector(" + nlohmann::json(selector).dump() +
             "); if (!e) return null; e.scrollIntoView({block: 'nearest'});"
             " const r = e.getBoundingClientRect();"
             " return r.width && r.height ? [r.x + r.width / 2, r.y + r.height / 2] : null; })()");
    if (!at.is_array()) return false;
    for (int count = 1; count <= clicks; ++count)
      for (const char* type : {"mousePressed", "mouseReleased"})
        send("Input.dispatchMouseEvent",
             {{"type", type}, {"x", at[0]}, {"y", at[1]}, {"button", "left"}, {"buttons", 1}, {"clickCount", count}});
    return true;
  }

  static std::string base64_decode(const std::string& in) {
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
      int v;
      if (c >= 'A' && c <= 'Z')
        v = c - 'A';
      else if (c >= 'a' && c <= 'z')
        v = c - 'a' + 26;
      else if (c >= '0' && c <= '9')
        v = c - '0' + 52;
      else if (c == '+')
        v = 62;
      else if (c == '/')
        v = 63;
      else
        continue; // '=' padding
      acc = (acc << 6) | static_cast<uint32_t>(v);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push_back(static_cast<char>((acc >> bits) & 0xff));
      }
    }
    return out;
  }

  std::string profile_;
  pid_t pid_ = -1;
  int write_ = -1;
  int read_ = -1;
  int next_id_ = 0;
  std::string buffer_;
  std::string session_;
};

} // namespace lmc::viz_test
