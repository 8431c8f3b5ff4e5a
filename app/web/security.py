"""Headers on every response: a strict CSP with no inline code and no third parties (static files set their
own caching, app/web/static_files.py); HSTS on what arrived over HTTPS, and an optional redirect of plain HTTP to HTTPS."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Sent only over HTTPS (browsers ignore it on plain HTTP); a year, the minimum for browsers' preload lists.
STRICT_TRANSPORT_SECURITY = b"max-age=31536000; includeSubDomains"
# Only a document reads these. A stylesheet or a script is not one (an SVG opened on its own is), and a phone on a
# weak signal should not download them with every file: on the first question page they were 2 KB of 32.
DOCUMENT_ONLY = frozenset({b"content-security-policy", b"permissions-policy", b"cross-origin-opener-policy"})
SUBRESOURCE_TYPES = (b"text/css", b"text/javascript", b"application/javascript")
# Probes (kubelet, load balancers) speak plain HTTP to the pod itself: never redirect them.
HTTPS_REDIRECT_EXEMPT = ("/healthz",)


def content_security_policy(frame_ancestors: str = "'self'") -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        f"frame-ancestors {frame_ancestors}",
    ])


class SecurityHeaders:
    """Pure ASGI middleware (no BaseHTTPMiddleware, so context variables are not disturbed)."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "'self'"):
        self.app = app
        self.csp = content_security_policy(frame_ancestors).encode()
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
            (b"cross-origin-opener-policy", b"same-origin-allow-popups"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent = {k.lower(): v for k, v in message.get("headers", [])}
                # A page sets its own CSP (its visit's partner may frame it); every other response gets the default.
                headers = [(b"content-security-policy", self.csp), *self.headers]
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", STRICT_TRANSPORT_SECURITY))
                skip = DOCUMENT_ONLY if sent.get(b"content-type", b"").startswith(SUBRESOURCE_TYPES) else frozenset()
                extra = [(k, v) for k, v in headers if k not in sent and k not in skip]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HTTPSRedirect:
    """Sends a plain-HTTP request to the same address over HTTPS (308 keeps a POST a POST); health checks pass."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "http" or scope["path"] in HTTPS_REDIRECT_EXEMPT:
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if not host:
            server = scope.get("server") or ("localhost", None)
            host = server[0]
        host = host.rsplit(":", 1)[0] if not host.endswith("]") else host  # HTTPS is on its own port, 443
        query = scope.get("query_string", b"").decode("latin-1")
        location = f"https://{host}{scope.get('raw_path', scope['path'].encode()).decode('latin-1')}" + (f"?{query}" if query else "")
        await send({"type": "http.response.start", "status": 308,
                    "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
