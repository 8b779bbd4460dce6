#!/usr/bin/env python3
"""Cold start, sequential SELECT 42 latency and RSS of a local Mallard, measured from outside.

Starts `./mallard serve` on a free port with the given data directory (create the demo there first,
e.g. by running the script once), times process start -> first answered `initialize`, then sends
sequential `tools/call query SELECT 42` requests on one keep-alive HTTP connection and prints the
median, p90 and p99 of the calls after the warm-up, and the server's resident memory.

    python3 bench/startup-and-latency.py [--data-dir DIR] [--calls 3000] [--warm-up 1000]

Only the Python standard library is used; the client's own overhead (~0.1 ms per call) is included.
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=os.path.expanduser("~/.mallard"))
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--warm-up", type=int, default=1000)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    port = free_port()
    initialize = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})

    start = time.monotonic()
    server = subprocess.Popen([os.path.join(root, "mallard"), "serve", "--port", str(port), "--data-dir",
                               args.data_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("POST", "/mcp", initialize, HEADERS)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    session = response.getheader("Mcp-Session-Id")
                    break
            except OSError:
                time.sleep(0.01)
        cold_start = time.monotonic() - start
        headers = dict(HEADERS, **{"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"})
        connection.request("POST", "/mcp", json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
                           headers)
        connection.getresponse().read()
        rss_after_start = rss_mb(server.pid)

        latencies = []
        for i in range(args.calls):
            body = json.dumps({"jsonrpc": "2.0", "id": i + 2, "method": "tools/call",
                               "params": {"name": "query", "arguments": {"sql": "SELECT 42"}}})
            began = time.perf_counter()
            connection.request("POST", "/mcp", body, headers)
            answer = connection.getresponse().read()
            latencies.append(time.perf_counter() - began)
            if b'"rows":[[42]]' not in answer:
                raise SystemExit(f"unexpected answer: {answer[:200]!r}")
        measured = sorted(latencies[args.warm_up:])

        def percentile(p):
            return measured[min(len(measured) - 1, int(len(measured) * p))] * 1000

        print(f"cold start to first initialize answered: {cold_start * 1000:.0f} ms")
        print(f"RSS after start: {rss_after_start:.0f} MB; after {args.calls} calls: {rss_mb(server.pid):.0f} MB")
        print(f"SELECT 42 tools/call, sequential, {len(measured)} calls after {args.warm_up} warm-up: "
              f"median {statistics.median(measured) * 1000:.3f} ms, p90 {percentile(0.9):.3f} ms, "
              f"p99 {percentile(0.99):.3f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
