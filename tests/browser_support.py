"""Helpers for browser tests: axe-core audits, screenshots, transferred-bytes measurement.

    from browser_support import run_axe, format_violations, screenshot, transferred_bytes

    violations = run_axe(page)
    assert not violations, format_violations(violations)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe_source: str | None = None


def _axe_js() -> str:
    global _axe_source
    if _axe_source is None:
        if not AXE_PATH.is_file():
            raise AssertionError(f"{AXE_PATH} missing: run `make test` (it runs `npm ci`)")
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    return _axe_source


# --------------------------------------------------------------------------- axe-core


def run_axe(page, *, include: str | None = None, disable_rules: list[str] | tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A+AA rules) on the current page; return its violations.

    axe is injected through the DevTools protocol (``page.evaluate``), which a strict
    Content-Security-Policy does not block, so no ``bypass_csp`` is needed. Needs a
    page with JavaScript enabled (a ``java_script_enabled=False`` context cannot run axe:
    audit the no-JS rendering by loading the same URL in a JS context instead).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # The source is a script, not a function: wrap it so evaluate runs it as statements.
        page.evaluate("() => { " + _axe_js() + "\n}")
        # axe.min.js assigns window.axe only when `module` is undefined; check it did.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            raise AssertionError("axe-core did not load into the page")
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "rules": {rule: {"enabled": False} for rule in disable_rules},
        "resultTypes": ["violations"],
    }
    return page.evaluate(
        """async ([include, options]) => {
            const result = await window.axe.run(include ? {include: [include]} : document, options);
            return result.violations;
        }""",
        [include, options],
    )


def format_violations(violations: list[dict], max_nodes: int = 5) -> str:
    """Readable multi-line summary for assertion messages."""
    if not violations:
        return "no axe violations"
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- [{v.get('impact')}] {v['id']}: {v.get('help')} ({v.get('helpUrl')})")
        nodes = v.get("nodes", [])
        for node in nodes[:max_nodes]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            lines.append(f"       {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " | ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(nodes) > max_nodes:
            lines.append(f"    ... and {len(nodes) - max_nodes} more node(s)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- screenshots


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG to test-artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "screenshot"
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --------------------------------------------------------------------------- bytes on the wire


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


@dataclass
class TransferReport:
    """Bytes received per response (CDP ``encodedDataLength``: compressed body + headers)."""

    origin_url: str
    by_url: dict[str, int] = field(default_factory=dict)  # same-origin responses
    other_origin: dict[str, int] = field(default_factory=dict)  # anything else (should be empty)
    failed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_url.values())

    def __str__(self) -> str:
        rows = [f"{n:>8}  {u}" for u, n in sorted(self.by_url.items(), key=lambda kv: -kv[1])]
        return f"{self.total} bytes from {self.origin_url}:\n" + "\n".join(rows)


def measure_transfer(page, url: str, *, wait_until: str = "networkidle", disable_cache: bool = True,
                     settle_timeout: float = 5.0) -> TransferReport:
    """Navigate ``page`` to ``url`` and report the bytes transferred for that page load.

    Uses a CDP session on the page (Chromium only): sums ``Network.loadingFinished``
    ``encodedDataLength`` (what came over the wire, i.e. gzip-compressed size plus
    response headers) for responses of the same origin as ``url``. The browser cache
    is disabled by default so the figure is that of a first visit.
    """
    cdp = page.context.new_cdp_session(page)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    failed: dict[str, str] = {}

    def on_request(event):
        urls[event["requestId"]] = event["request"]["url"]

    def on_finished(event):
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    def on_failed(event):
        failed[event["requestId"]] = event.get("errorText", "")

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.loadingFailed", on_failed)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": disable_cache})
    try:
        page.goto(url, wait_until=wait_until)
        # Let the last loadingFinished events arrive (they can trail the load event).
        deadline = time.monotonic() + settle_timeout
        while time.monotonic() < deadline:
            pending = [r for r in urls if r not in sizes and r not in failed and not urls[r].startswith("data:")]
            if not pending:
                break
            page.wait_for_timeout(50)
    finally:
        try:
            cdp.send("Network.disable")
            cdp.detach()
        except Exception:  # page may have been closed by the caller's navigation
            pass

    report = TransferReport(origin_url=url)
    want = _origin(url)
    for request_id, request_url in urls.items():
        if request_id in failed:
            report.failed.append(request_url)
        if request_id not in sizes:
            continue
        bucket = report.by_url if _origin(request_url) == want else report.other_origin
        # The same URL can be fetched more than once: add up.
        bucket[request_url] = bucket.get(request_url, 0) + sizes[request_id]
    return report


def transferred_bytes(page, url: str, **kwargs) -> int:
    """Total same-origin bytes transferred for loading ``url`` in ``page`` (see measure_transfer)."""
    return measure_transfer(page, url, **kwargs).total
