"""HTTP API load benchmark: `tradeguard serve` with every list loaded, driven by wrk over 127.0.0.1 only.

Run: `.venv/bin/python -m bench.bench_api [--workers 2] [--connections 8] [--seconds 30]`. Needs Debian's `wrk`
(`apt-get install wrk`). Loads every list of issue 3 into bench/out/, starts the real server on a free loopback port,
waits until each worker has built its index, warms up, then runs one bounded wrk run (fixed connections, fixed
duration) of single-party `POST /v1/screen` requests cycling through a mix of list-name variants and names on no
list. A second run sends one name that has no candidates at all, which measures what the HTTP layer itself costs
(validation, threadpool, JSON) apart from the matching. Reports requests/s, latency percentiles and errors (non-2xx
and socket errors) of both, then stops the server.
Target (issue 4): >= 300 requests/s with p99 <= 50 ms and zero errors on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import load_all_lists, machine, perturb
from tradeguard.store import open_store

OUT = Path(__file__).resolve().parent / "out"
HOST = "127.0.0.1"  # the only address this benchmark ever sends to
MAX_SECONDS = 120  # hard bound on one wrk run

# wrk script: cycle through pre-built JSON bodies; count non-2xx answers as errors (wrk counts them too).
WRK_SCRIPT = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  return wrk.format(nil, "/v1/screen", nil, bodies[(counter %% #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %%d, \\"seconds\\": %%f, \\"non2xx\\": %%d, \\"errors\\": %%d, " ..
    "\\"p50\\": %%f, \\"p90\\": %%f, \\"p99\\": %%f, \\"max\\": %%f}\\n",
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


def make_bodies(db: str, count: int, rng: random.Random) -> list[str]:
    """Half variants of real list names, half recombinations of list words that name nobody."""
    with open_store(db) as store:
        names = [entry.name for entry in store.active_entries()]
    words = [word for name in rng.sample(names, min(len(names), 5000)) for word in name.split()]
    bodies = []
    for i in range(count):
        name = perturb(rng.choice(names), rng) if i % 2 == 0 else " ".join(rng.sample(words, rng.randint(1, 4)))
        bodies.append(json.dumps({"name": name[:300] or "x"}, ensure_ascii=False))
    return bodies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(db: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    tradeguard = Path(sys.executable).with_name("tradeguard")
    command = [str(tradeguard), "--db", db, "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    env = {**os.environ, "TRADEGUARD_CONFIG": "/nonexistent"}
    return subprocess.Popen(command, env=env)


def wait_all_ready(base: str, workers: int, timeout: float = 300.0) -> float:
    """Seconds until every worker process (each builds its own index) has answered /readyz with 200."""
    started = time.monotonic()
    ready: set[int] = set()
    while len(ready) < workers:
        if time.monotonic() - started > timeout:
            raise SystemExit(f"only {len(ready)} of {workers} workers ready after {timeout} s")
        try:
            response = httpx.get(base + "/readyz", timeout=5)
            if response.status_code == 200:
                ready.add(int(response.json()["worker"]))
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    return time.monotonic() - started


def write_script(folder: Path, label: str, bodies: list[str]) -> Path:
    """A wrk script cycling through `bodies`."""
    lines = folder / f"{label}.jsonl"
    lines.write_text("\n".join(bodies) + "\n", encoding="utf-8")
    script = folder / f"{label}.lua"
    script.write_text(WRK_SCRIPT % {"bodies": lines})
    return script


def report(label: str, result: dict[str, float], connections: int) -> None:
    rate = result["requests"] / result["seconds"]
    met = rate >= 300 and result["p99"] <= 50 and result["non2xx"] == 0 and result["errors"] == 0
    print(f"{label}: {rate:.0f} requests/s over {result['seconds']:.0f} s with {connections} connections;")
    print(f"  latency p50 {result['p50']:.1f} ms, p90 {result['p90']:.1f} ms, p99 {result['p99']:.1f} ms,")
    print(f"  max {result['max']:.1f} ms; errors: {result['non2xx']:.0f} non-2xx, {result['errors']:.0f} socket")
    print(f"  target (>= 300/s, p99 <= 50 ms, no errors): {'met' if met else 'NOT met'}")


def run_wrk(base: str, script: Path, connections: int, seconds: int) -> dict[str, float]:
    seconds = min(seconds, MAX_SECONDS)
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    command += ["-s", str(script), base]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    found = re.search(r"^JSON (.*)$", out, re.MULTILINE)
    if found is None:
        raise SystemExit(f"unexpected wrk output:\n{out}")
    result: dict[str, float] = json.loads(found.group(1))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--connections", type=int, default=4, help="concurrent wrk connections")
    parser.add_argument("--seconds", type=int, default=30, help="measured run length (at most 120)")
    parser.add_argument("--bodies", type=int, default=2000, help="distinct request bodies cycled through")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]  # other jobs on this shared machine skew every number below
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    OUT.mkdir(exist_ok=True)
    settings = load_all_lists(OUT / "api-all-lists.sqlite")
    folder = Path(tempfile.mkdtemp(prefix="bench-api-"))
    mixed = write_script(folder, "mixed", make_bodies(settings.db, args.bodies, random.Random(20261122)))
    overhead = write_script(folder, "overhead", [json.dumps({"name": "Qzxv Wkjh"})])
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(settings.db, port, args.workers)
    try:
        ready_s = wait_all_ready(base, args.workers)
        run_wrk(base, mixed, args.connections, 5)  # warm-up: caches, allocator, first-request costs
        results = {
            "mixed list-name variants and unlisted names": run_wrk(base, mixed, args.connections, args.seconds),
            "HTTP layer only (a name with no candidates)": run_wrk(base, overhead, args.connections, args.seconds),
        }
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"machine: {machine()}; load average before the run {load_before:.1f}")
    print(
        f"server: {args.workers} worker(s), ready (indexes built) after {ready_s:.1f} s; {args.bodies} distinct bodies"
    )
    for label, result in results.items():
        report(label, result, args.connections)


if __name__ == "__main__":
    main()
