"""Each recorded page against the floor with no HTTP server: the app's own cost per request (not a timed test).

    .venv/bin/python bench/in_process.py [--batches 30] [--calls 150]

`bench/pages.py` measures what a client gets, but on a shared machine its floor moves by a third between runs.
This calls the two ASGI apps directly (the app, and `bench/floor.py` answering with the app's bytes) with the
requests of the same walk, pins itself to one core, and prints for each page the fastest batch's time per
request: the app's, the floor's and the difference. That difference is what a change to the app moves, so
measure it before and after each step.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
import pages as bench_pages  # noqa: E402 - the walk and the recording


def scope_of(step: bench_pages.Recorded) -> dict:
    headers = [(b"host", b"127.0.0.1:8000")]
    if step.body:
        headers += [(b"content-type", (step.content_type or "").encode()), (b"content-length", str(len(step.body)).encode())]
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": step.method, "scheme": "http",
            "path": step.path, "raw_path": step.path.encode(), "query_string": b"", "root_path": "", "headers": headers,
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {}}


async def call(app, step: bench_pages.Recorded) -> int:
    """One request through `app`; its status."""
    sent, status = False, 0

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": step.body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope_of(step), receive, send)
    return status


async def fastest(app, step: bench_pages.Recorded, batches: int, calls: int) -> float:
    """The fastest batch's time per request, in microseconds."""
    assert await call(app, step) == 200, step.name
    best = float("inf")
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(calls):
            await call(app, step)
        best = min(best, (time.perf_counter() - start) / calls * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--calls", type=int, default=150)
    args = parser.parse_args()
    os.environ.setdefault("PDS_TODAY", "2026-11-23")
    port = bench_pages.free_port()
    server = bench_pages.start_server(["app.main:app"], port, env={"PDS_TODAY": os.environ["PDS_TODAY"]}, cpu=None)
    try:
        steps = bench_pages.walk(f"http://127.0.0.1:{port}", bench_pages.RICH_ANSWERS)
    finally:
        bench_pages.stop(server)
    if hasattr(os, "sched_setaffinity"):  # one core, the last, for less noise between batches
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    with tempfile.TemporaryDirectory() as tmp:
        recording = Path(tmp) / "recording.json"
        recording.write_text(json.dumps([
            {"method": s.method, "path": s.path, "request": base64.b64encode(s.body).decode(), "status": s.status,
             "headers": s.response_headers, "body": base64.b64encode(s.response_body).decode()} for s in steps]))
        os.environ["PDS_BENCH_RECORDING"] = str(recording)
        from floor import app as floor  # noqa: PLC0415 - reads the recording when imported

        from app.main import app  # noqa: PLC0415 - after PDS_TODAY is set

        loop = asyncio.new_event_loop()
        print(f"fastest of {args.batches} batches of {args.calls} requests, in process, one core")
        print(f"{'page':<10}{'app us':>10}{'floor us':>10}{'app - floor':>13}")
        for step in steps:
            ours = loop.run_until_complete(fastest(app, step, args.batches, args.calls))
            theirs = loop.run_until_complete(fastest(floor, step, args.batches, args.calls))
            print(f"{step.name:<10}{ours:>10.1f}{theirs:>10.1f}{ours - theirs:>13.1f}")


if __name__ == "__main__":
    main()
