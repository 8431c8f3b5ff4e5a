"""Headers on every response: a strict CSP with no inline code and no third parties; static files cacheable."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Stylesheet, scripts and icon hold no answers: an hour's caching spares a weak connection a round trip per
# file on every page (without JavaScript each step is a full page load). Short, because file names are not versioned.
STATIC_PREFIX = "/static/"
STATIC_CACHE_CONTROL = b"public, max-age=3600"


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

        static = scope["path"].startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                # A page sets its own CSP (its visit's partner may frame it); every other response gets the default.
                extra = [(k, v) for k, v in [(b"content-security-policy", self.csp), *self.headers] if k not in existing]
                if static and message["status"] == 200 and b"cache-control" not in existing:
                    extra.append((b"cache-control", STATIC_CACHE_CONTROL))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
