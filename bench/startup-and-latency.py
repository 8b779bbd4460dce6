#!/usr/bin/env python3
"""Cold start, sequential SELECT 42 latency and RSS of a local Mallard, measured from outside.

Starts `./mallard serve` on a free port with the given data directory (create the demo there first,
e.g. by running the script once), times process start -> first answered `initialize`, then sends
sequential `tools/call query SELECT 42` requests on one keep-alive HTTP connection and prints the
median, p90 and p99 of the calls after the warm-up, and the server's resident memory.

    python3 bench/startup-and-latency.py [--data-dir DIR] [--calls 3000] [--warm-up 1000]
        [--api-key] [--concurrency N] [--idle-sessions M] [--sql 'SELECT 42']

--api-key runs the server with --auth keys and sends a key (a user `bench` granted every database and
a read key are created in the data directory with `mallard users`/`mallard keys` the first time).
--concurrency N runs N client threads, each with its own session and keep-alive connection, each
sending --calls calls (the first --warm-up of them all together before the measured part). The last
line gives the calls/s of the measured part and the server's CPU time per call, which is steadier
than latency on a busy machine. --idle-sessions M opens M
more sessions that stay open without calls (200 open with 20 active: --idle-sessions 180
--concurrency 20). Audit is on, as it is by default.

Only the Python standard library is used. The calls go through a minimal HTTP/1.1 client on a raw
socket (keep-alive, Content-Length or chunked bodies, every status and answer checked): it costs
~0.06 ms of CPU per call, where `http.client` costs ~0.2 ms (mostly parsing response headers), and a
client's own time is part of every latency it measures. --client stdlib measures with `http.client`
instead, for comparison. The last line gives the client's CPU time too.
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import threading
import time

HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def mallard(root, *args, stdin=None):
    return subprocess.run([os.path.join(root, "mallard"), *args], input=stdin, capture_output=True, text=True)


def bench_key(root, data_dir):
    """A read key of the user `bench` (granted every database), made once and kept in the data directory."""
    path = os.path.join(data_dir, "bench-api-key")
    if os.path.exists(path):
        with open(path) as kept:
            return kept.read().strip()
    os.makedirs(data_dir, exist_ok=True)
    mallard(root, "users", "add", "bench", "--no-password", "--data-dir", data_dir)
    mallard(root, "users", "grant", "bench", "*", "--data-dir", data_dir)
    created = mallard(root, "keys", "create", "--user", "bench", "--scopes", "read", "--name", "bench",
                      "--data-dir", data_dir)
    if created.returncode != 0:
        raise SystemExit(f"could not create an API key: {created.stderr}")
    key = created.stdout.strip()
    with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as kept:
        kept.write(key)
    return key


class LeanConnection:
    """A keep-alive HTTP/1.1 connection that sends a POST and reads its whole answer, nothing more."""

    def __init__(self, port):
        self.host = f"127.0.0.1:{port}"
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = bytearray()

    def post(self, path, body, headers):
        """Returns (status, headers with lower-case names, body bytes)."""
        data = body.encode()
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}", f"Content-Length: {len(data)}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        self.sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + data)
        end = self._until(b"\r\n\r\n")
        lines = bytes(self.pending[:end]).decode("latin-1").split("\r\n")
        del self.pending[:end + 4]
        status = int(lines[0].split(" ", 2)[1])
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if "content-length" in fields:
            answer = self._take(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            answer = bytearray()
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():  # trailer fields, up to an empty line
                        pass
                    break
                answer += self._take(size)
                self._take(2)
            answer = bytes(answer)
        else:
            raise SystemExit(f"an answer without Content-Length or chunked encoding: {lines[0]}")
        return status, fields, answer

    def _until(self, marker):
        """Reads until the buffer holds the marker; returns where it starts."""
        while True:
            at = self.pending.find(marker)
            if at >= 0:
                return at
            self._fill()

    def _line(self):
        end = self._until(b"\r\n")
        line = bytes(self.pending[:end])
        del self.pending[:end + 2]
        return line

    def _take(self, count):
        while len(self.pending) < count:
            self._fill()
        taken = bytes(self.pending[:count])
        del self.pending[:count]
        return taken

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise SystemExit("the server closed the connection")
        self.pending += chunk


class StdlibConnection:
    """The same interface over http.client, whose header parsing costs ~0.15 ms per call more."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, path, body, headers):
        self.connection.request("POST", path, body, headers)
        response = self.connection.getresponse()
        answer = response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, answer


def open_session(connect, base_headers, initialize):
    connection = connect()
    status, fields, _ = connection.post("/mcp", initialize, base_headers)
    if status != 200:
        raise SystemExit(f"initialize answered {status}")
    headers = dict(base_headers, **{"Mcp-Session-Id": fields["mcp-session-id"],
                                    "MCP-Protocol-Version": "2025-11-25"})
    connection.post("/mcp", json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}), headers)
    return connection, headers


def run_calls(connection, headers, calls, sql, expected, latencies):
    """Sends the calls, checking each answer, and records their latencies."""
    for i in range(calls):
        body = json.dumps({"jsonrpc": "2.0", "id": i + 2, "method": "tools/call",
                           "params": {"name": "query", "arguments": {"sql": sql}}})
        began = time.perf_counter()
        status, _, answer = connection.post("/mcp", body, headers)
        latencies.append(time.perf_counter() - began)
        if status != 200 or expected not in answer:
            raise SystemExit(f"unexpected answer ({status}): {answer[:300]!r}")


def cpu_seconds(pid):
    """User plus system CPU time a process has used."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_phase(sessions, calls, sql, expected):
    """Every session sends its calls at once, from its own thread; returns the latencies."""
    latencies, threads = [], []
    for connection, headers in sessions:
        thread = threading.Thread(target=run_calls, args=(connection, headers, calls, sql, expected, latencies))
        threads.append(thread)
        thread.start()
    for thread in threads:
        thread.join()
    if len(latencies) != len(sessions) * calls:
        raise SystemExit("a client thread failed (see above)")
    return latencies


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=os.path.expanduser("~/.mallard"))
    parser.add_argument("--calls", type=int, default=3000, help="calls per client thread, warm-up included")
    parser.add_argument("--warm-up", type=int, default=1000, help="calls per client thread not measured")
    parser.add_argument("--api-key", action="store_true", help="serve with --auth keys and send an API key")
    parser.add_argument("--concurrency", type=int, default=1, help="client threads, one session each")
    parser.add_argument("--idle-sessions", type=int, default=0, help="extra sessions held open without calls")
    parser.add_argument("--sql", default="SELECT 42")
    parser.add_argument("--expect", default='"rows":[[42]]', help="text every answer must contain")
    parser.add_argument("--client", choices=["lean", "stdlib"], default="lean",
                        help="the HTTP client that measures: a minimal one on a raw socket, or http.client")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    port = free_port()
    initialize = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
    base_headers = dict(HEADERS)
    command = [os.path.join(root, "mallard"), "serve", "--port", str(port), "--data-dir", args.data_dir]
    if args.api_key:
        base_headers["Authorization"] = "Bearer " + bench_key(root, args.data_dir)
        command += ["--auth", "keys"]

    start = time.monotonic()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("POST", "/mcp", initialize, base_headers)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    break
                raise SystemExit(f"initialize answered {response.status}")
            except OSError:
                time.sleep(0.01)
        cold_start = time.monotonic() - start
        rss_after_start = rss_mb(server.pid)
        connect = (lambda: LeanConnection(port)) if args.client == "lean" else (lambda: StdlibConnection(port))
        idle = [open_session(connect, base_headers, initialize) for _ in range(args.idle_sessions)]
        sessions = [open_session(connect, base_headers, initialize) for _ in range(args.concurrency)]
        run_phase(sessions, args.warm_up, args.sql, args.expect.encode())
        client_before, server_before, began = os.times(), cpu_seconds(server.pid), time.perf_counter()
        measured = sorted(run_phase(sessions, args.calls - args.warm_up, args.sql, args.expect.encode()))
        span = time.perf_counter() - began
        client_after, server_after = os.times(), cpu_seconds(server.pid)

        def percentile(p):
            return measured[min(len(measured) - 1, int(len(measured) * p))] * 1000

        print(f"cold start to first initialize answered: {cold_start * 1000:.0f} ms")
        print(f"RSS after start: {rss_after_start:.0f} MB; after {args.calls} calls x {args.concurrency} "
              f"(+{len(idle)} idle sessions): {rss_mb(server.pid):.0f} MB")
        print(f"{args.sql} tools/call{' with an API key' if args.api_key else ''}, {args.concurrency} session(s), "
              f"{len(measured)} calls after {args.warm_up} warm-up each: median "
              f"{statistics.median(measured) * 1000:.3f} ms, p90 {percentile(0.9):.3f} ms, "
              f"p99 {percentile(0.99):.3f} ms, max {measured[-1] * 1000:.3f} ms")
        client_cpu = (client_after.user + client_after.system) - (client_before.user + client_before.system)
        print(f"throughput: {len(measured) / span:.0f} calls/s; server CPU "
              f"{(server_after - server_before) / len(measured) * 1e6:.0f} us per call; client CPU {client_cpu:.1f} s "
              f"of {span:.1f} s ({client_cpu / len(measured) * 1e6:.0f} us per call, {args.client} client)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
