"""`lmc viz`'s HTTP server under malformed, slow, oversized and hostile requests, on a free local port.

Its own file as one area of the sweep. After every request the server must still answer a normal GET (else it hung
or died), a refused request must get a 4xx status or a closed connection, an accepted one the right body, and no
path may reach a file outside the site. SIGTERM must stop the server even with a client that never reads.
"""
import os
import re
import signal
import socket
import subprocess
import threading
import time

from harness import CLEAR, CRASH, HANDLED, HANG, WRONG

AREA = "viz: HTTP requests"


def request(port, raw, read=True, timeout=10.0):
    """Sends `raw` bytes; returns (status or None, body bytes) — status None when the server closed silently."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(raw)
        if not read:
            return None, b""
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            data += chunk
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
        return (int(m.group(1)) if m else None), body
    finally:
        s.close()


def get(path, host="127.0.0.1", method="GET", extra=""):
    return f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode("latin1")


def hostile_requests(port):
    """(name, raw bytes, expected: 'ok' (200 with the trace), 'page' (200), or 'refuse')."""
    hp = f"127.0.0.1:{port}"
    yield "good trace", get("/trace.json", hp), "ok"
    yield "good page", get("/", hp), "page"
    yield "HEAD", get("/", hp, "HEAD"), "page"
    for p in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "//etc/passwd",
              "/assets/../../../etc/passwd", "/assets/..%5c..%5cetc/passwd", "/etc/passwd%00.js", "/\x00",
              "/assets/%2e%2e/%2e%2e/%2e%2e/proc/self/environ", "/proc/self/cmdline", "/assets/../../" * 50,
              "http://evil/../etc/passwd", "/" + "a" * 15000, "/%ZZ", "/%", "/\u00e9", "/assets/", "/assets"]:
        yield f"path {p[:40]!r}", get(p, hp), "refuse"
    for host in ["evil.com", "127.0.0.1.evil.com", "localhost.evil", "", " ", "127.0.0.1:1", f"{hp}, evil.com",
                 "attacker:80", "[::1]:99999"]:
        yield f"Host {host!r}", get("/trace.json", host), "refuse"
    yield "no Host", b"GET /trace.json HTTP/1.1\r\n\r\n", "refuse"
    yield "two Hosts", f"GET / HTTP/1.1\r\nHost: {hp}\r\nHost: {hp}\r\n\r\n".encode(), "refuse"
    yield "POST", get("/", hp, "POST", "Content-Length: 5\r\n") + b"hello", "refuse"
    yield "PUT", get("/trace.json", hp, "PUT"), "refuse"
    yield "DELETE", get("/trace.json", hp, "DELETE"), "refuse"
    yield "Content-Length huge", get("/", hp, "POST", "Content-Length: 99999999999999999999\r\n"), "refuse"
    yield "head 1 MB", get("/", hp, extra="X: " + "a" * (1 << 20) + "\r\n"), "refuse"
    yield "10000 headers", get("/", hp, extra="X: y\r\n" * 10000), "refuse"
    yield "no CRLF", b"GET / HTTP/1.1\nHost: " + hp.encode() + b"\n\n", "any"
    yield "garbage", os.urandom(4096), "refuse"
    yield "NUL bytes", b"\0" * 2048, "refuse"
    yield "empty line only", b"\r\n\r\n", "refuse"
    yield "request line only spaces", b"   \r\n\r\n", "refuse"
    yield "HTTP/9.9", f"GET / HTTP/9.9\r\nHost: {hp}\r\n\r\n".encode(), "any"
    yield "no version", f"GET /\r\nHost: {hp}\r\n\r\n".encode(), "refuse"
    yield "lowercase get", f"get / HTTP/1.1\r\nHost: {hp}\r\n\r\n".encode(), "refuse"
    yield "CONNECT", f"CONNECT evil:443 HTTP/1.1\r\nHost: {hp}\r\n\r\n".encode(), "refuse"
    yield "pipelined two", get("/trace.json", hp) + get("/../etc/passwd", hp), "ok"
    yield "split header injection", get("/x\r\nSet-Cookie: a=b", hp), "refuse"


def judge_response(status, body, expected, trace):
    if b"root:" in body or b"PATH=" in body:
        return WRONG, "served a file outside the site"
    if expected == "ok":
        return (HANDLED, "") if status == 200 and body == trace else (WRONG, f"status {status}, body {body[:80]!r}")
    if expected == "page":
        return (HANDLED, "") if status == 200 else (WRONG, f"status {status}")
    if expected == "any":
        return (HANDLED, "") if status == 200 else (CLEAR, f"status {status}")
    if status is None or 400 <= status < 500:
        return CLEAR, f"status {status}"
    return WRONG, f"accepted with status {status}: {body[:80]!r}"


class Server:
    def __init__(self, h, trace):
        self.p = subprocess.Popen([h.lmc, "viz", trace, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  preexec_fn=h._limits, cwd=h.work)
        line = self.p.stdout.readline().decode()
        m = re.search(r":(\d+)", line.split(" at ")[-1])
        self.port = int(m.group(1)) if m else None
        self.line = line

    def alive_and_answering(self, trace, within=5.0):
        if self.p.poll() is not None:
            return CRASH, f"server exited with {self.p.returncode}: {self.p.stderr.read()[-300:]!r}"
        try:
            status, body = request(self.port, get("/trace.json", f"127.0.0.1:{self.port}"), timeout=within)
        except OSError as e:
            return HANG, f"a normal request after it failed: {e}"
        return (None, "") if status == 200 and body == trace else (HANG, f"normal request got {status}")

    def stop(self, within=5.0):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(within)
            return self.p.returncode
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None


def run(h, pool, quick):
    trace_text = '{"format": "lmc-trace", "pad": "' + "x" * (24 << 20 if not quick else 4 << 20) + '"}'
    trace = os.path.join(h.work, "viz-trace.json")
    open(trace, "w").write(trace_text)
    want = trace_text.encode()
    srv = Server(h, trace)
    if srv.port is None:
        h.record(AREA, "start", CRASH, srv.line + srv.p.stderr.read().decode()[-300:], f"lmc viz {trace} --port 0")
        return
    repro = f"lmc viz TRACE --port {srv.port}; then send "
    trials = list(hostile_requests(srv.port))
    if quick:
        trials = trials[::3]
    for name, raw, expected in trials:
        try:
            status, body = request(srv.port, raw)
            col, detail = judge_response(status, body, expected, want)
        except OSError as e:
            col, detail = CLEAR, f"connection closed: {e}"
        bad, why = srv.alive_and_answering(want)
        h.record(AREA, name, bad or col, why or detail, repro + repr(raw[:120]))
    # A slow client (one byte a second) must not hold the server: others are answered meanwhile, and it is cut off.
    slow = socket.create_connection(("127.0.0.1", srv.port))
    stop = threading.Event()

    def dribble():
        for ch in get("/trace.json", f"127.0.0.1:{srv.port}") * 10:
            if stop.is_set():
                return
            try:
                slow.send(bytes([ch]))
            except OSError:
                return
            time.sleep(1.0)
    t = threading.Thread(target=dribble)
    t.start()
    time.sleep(2)
    bad, why = srv.alive_and_answering(want)
    h.record(AREA, "slow client (1 byte/s) holds others", bad or HANDLED, why, repro + "one byte a second")
    stop.set()
    t.join()
    slow.close()
    # Clients that never read a 24 MB answer, and 300 idle connections.
    idle = []
    for i in range(3):
        s = socket.create_connection(("127.0.0.1", srv.port))
        s.sendall(get("/trace.json", f"127.0.0.1:{srv.port}"))
        idle.append(s)
    bad, why = srv.alive_and_answering(want, within=10)
    h.record(AREA, "3 clients never reading", bad or HANDLED, why, repro + "GET /trace.json, never read")
    for i in range(300):
        try:
            idle.append(socket.create_connection(("127.0.0.1", srv.port), timeout=2))
        except OSError:
            break
    bad, why = srv.alive_and_answering(want, within=15)
    h.record(AREA, "300 idle connections", bad or HANDLED, why, repro + "300 connections that send nothing")
    code = srv.stop()
    h.record(AREA, "SIGTERM with clients that never read", HANG if code is None else HANDLED,
             f"exit {code}", repro + "SIGTERM while clients hold connections")
    for s in idle:
        s.close()
    # A port in use is the user's choice: a clear error naming it.
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    r = h.run(["viz", trace, "--port", str(port)], timeout=10)
    h.expect_error(AREA, "port in use", r, [str(port)])
    busy.close()
