"""Prometheus metrics of one app: requests by route and status, latency, parties screened, index readiness.

Each app has its own registry (tests build many apps); with `--workers N` every worker process reports its own.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Latency buckets around the 50 ms p99 target.
_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)


class Metrics:
    """The app's collectors and their registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tradeguard_http_requests", "HTTP requests answered.", ("method", "route", "status"), registry=self.registry
        )
        self.latency = Histogram(
            "tradeguard_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ("route",),
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.screened = Counter("tradeguard_screened_parties", "Parties screened.", registry=self.registry)
        self.potential_matches = Counter(
            "tradeguard_potential_matches",
            "Screened parties with at least one potential match.",
            registry=self.registry,
        )
        self.index_ready = Gauge(
            "tradeguard_index_ready", "1 once the candidate index is built.", registry=self.registry
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts and times every HTTP request under its route template (never the raw path: ids would explode it)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.requests.labels(scope.get("method", ""), route, str(status[0])).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - started)
