"""The summary PDF: time per PDF, and one worker under a surge of PDF requests (a benchmark, never a timed test).

    .venv/bin/python bench/pdf_load.py [--pdfs 20] [--clients 40] [--seconds 8] [--bursts 3] [--env PDS_X=1]

1. Time per PDF: the PDF route called in this process (no server), one PDF after another, the first one apart (it
   loads fpdf and parses the fonts); the median and the fastest of the rest, in English, in Spanish, and both
   languages at once (desk mode).
2. A surge: one uvicorn worker (as the Docker image runs it), then `--bursts` bursts of `--clients` clients, each
   posting `POST /en/result.pdf` again and again for `--seconds`; a request still open when its burst ends is
   abandoned (its connection closed), as a person who gave up. For each burst: PDFs, 503s (with Retry-After),
   anything else, PDFs a second, the median time of a PDF; then the worker's peak resident memory (VmHWM, the
   kernel's high-water mark) and its resident memory 3 s after the last burst.
Only loopback addresses are used; every load is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
from embed_support import RICH_ANSWERS, form_data  # noqa: E402 - every section of the result shows for these answers
from pages import free_port, start_server, stop  # noqa: E402

TODAY = "2026-11-23"


def memory_mb(pid: int) -> tuple[float, float]:
    """(peak, now): the process's VmHWM and VmRSS, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return tuple(int(re.search(rf"{key}:\s+(\d+) kB", status).group(1)) / 1024 for key in ("VmHWM", "VmRSS"))  # type: ignore[return-value]


def time_per_pdf(count: int) -> None:
    from fastapi.testclient import TestClient

    from app.settings import Settings
    from app.web.factory import create_app

    client = TestClient(create_app(Settings(today=TODAY)))
    cases = {"en": ("en", {}), "es": ("es", {}), "es+en (desk)": ("es", {"desk": "1"})}
    for name, (lang, control) in cases.items():
        data = form_data(RICH_ANSWERS, policy="doyle-2022", **control)
        times = []
        for _ in range(count + 1):
            start = time.perf_counter()
            response = client.post(f"/{lang}/result.pdf", data=data)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code
        first, rest = times[0], times[1:]
        note = f" (first PDF of the process: {first * 1000:.0f} ms)" if name == "en" else ""
        print(f"time per PDF, {name}: median {statistics.median(rest) * 1000:.0f} ms, fastest {min(rest) * 1000:.0f} ms"
              f" over {count}{note}")


async def burst(url: str, data: dict, clients: int, seconds: float) -> dict:
    counts = {"pdf": 0, "503": 0, "other": 0, "no_retry_after": 0}
    pdf_times: list[float] = []
    deadline = time.monotonic() + seconds

    async def client() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=None) as http:
            while time.monotonic() < deadline:
                start = time.monotonic()
                response = await http.post("/en/result.pdf", data=data)
                if response.status_code == 200 and response.content.startswith(b"%PDF"):
                    counts["pdf"] += 1
                    pdf_times.append(time.monotonic() - start)
                elif response.status_code == 503:
                    counts["503"] += 1
                    counts["no_retry_after"] += "retry-after" not in response.headers
                else:
                    counts["other"] += 1

    tasks = [asyncio.create_task(client()) for _ in range(clients)]
    await asyncio.wait(tasks, timeout=seconds)
    for task in tasks:  # whoever is still waiting gives up: the connection closes
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    counts["pdfs_per_s"] = round(counts["pdf"] / seconds, 1)
    counts["median_pdf_s"] = round(statistics.median(pdf_times), 2) if pdf_times else None
    return counts


def surge(clients: int, seconds: float, bursts: int, env: dict) -> None:
    port = free_port()
    server = start_server(["app.main:app"], port, env={"PDS_TODAY": TODAY, **env}, cpu=None)
    url = f"http://127.0.0.1:{port}"
    try:
        httpx.get(f"{url}/healthz", timeout=10)
        print(f"worker before: {memory_mb(server.pid)[1]:.0f} MB")
        data = form_data(RICH_ANSWERS, policy="doyle-2022")
        for number in range(1, bursts + 1):
            result = asyncio.run(burst(url, data, clients, seconds))
            peak, now = memory_mb(server.pid)
            print(f"burst {number}: {clients} clients for {seconds:g} s: {result}; worker peak {peak:.0f} MB, now {now:.0f} MB")
        time.sleep(3)
        peak, now = memory_mb(server.pid)
        print(f"worker peak {peak:.0f} MB, 3 s after the last burst {now:.0f} MB")
    finally:
        log = stop(server)
    if "Traceback" in log:
        print(log[-3000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=20, help="PDFs timed in each language (0: skip)")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--bursts", type=int, default=3, help="0: skip the surge")
    parser.add_argument("--env", action="append", default=[], help="a PDS_ setting for the server, NAME=VALUE")
    args = parser.parse_args()
    os.environ.setdefault("PDS_TODAY", TODAY)
    if args.pdfs:
        time_per_pdf(args.pdfs)
    if args.bursts:
        surge(args.clients, args.seconds, args.bursts, dict(item.split("=", 1) for item in args.env))


if __name__ == "__main__":
    main()
