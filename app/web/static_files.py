"""Stylesheets, scripts and the icon, addressed by their content so a browser keeps them for a year.

A page names each file as `/static/css/site.css?v=<hash>`, the hash being the first 12 hex digits of the file's
SHA-256 when the app started. A request carrying the current hash is answered `immutable` for a year: a phone on a
weak signal loads the files once, and every later page (each step is a whole page without JavaScript) costs only
its HTML. A request without the hash, or with one from an older release, gets the file as it is now and
`no-cache` (revalidated by its ETag), so a partner's page that links `embed-host.js` directly always gets the
current script, and nobody is stuck with an old one. No file here holds an answer.

The app's own scripts and stylesheets are sent minified (rjsmin, rcssmin), made in memory at start-up: the source
files keep their comments, and a phone on a weak signal does not download them (on the first question page, 2.6 KB
of 32).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import parse_qs

import rcssmin
import rjsmin
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
HASH_LENGTH = 12


MINIFIERS = {".js": ("text/javascript; charset=utf-8", rjsmin.jsmin), ".css": ("text/css; charset=utf-8", rcssmin.cssmin)}


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:HASH_LENGTH]


def file_hashes(directory: Path) -> dict[str, str]:
    """Each file under `directory` (by its path relative to it, with /) and the start of its SHA-256."""
    if not directory.is_dir():
        return {}
    return {path.relative_to(directory).as_posix(): digest(path.read_bytes())
            for path in sorted(directory.rglob("*")) if path.is_file()}


def minified_files(directory: Path) -> dict[str, tuple[bytes, str]]:
    """Each script and stylesheet under `directory`, minified, with its media type."""
    found: dict[str, tuple[bytes, str]] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in MINIFIERS:
            media_type, minify = MINIFIERS[path.suffix]
            found[path.relative_to(directory).as_posix()] = (minify(path.read_text(encoding="utf-8")).encode(), media_type)
    return found


class HashedStaticFiles(StaticFiles):
    """StaticFiles whose answers are immutable when asked for with the file's current hash (`?v=`); with `minify`,
    scripts and stylesheets are sent minified from memory (and hashed as sent)."""

    def __init__(self, *, directory: Path, check_dir: bool = True, minify: bool = False):
        super().__init__(directory=directory, check_dir=check_dir)
        self.minified = minified_files(directory) if minify else {}
        self.hashes = {**file_hashes(directory), **{name: digest(body) for name, (body, _) in self.minified.items()}}

    async def get_response(self, path: str, scope: Scope) -> Response:
        name = Path(path).as_posix()
        if name in self.minified:
            response = self._minified_response(name, scope)
        else:
            response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [""])[0]
            current = self.hashes.get(name)
            response.headers["Cache-Control"] = IMMUTABLE if current and asked == current else REVALIDATE
        return response

    def _minified_response(self, name: str, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(status_code=405)
        body, media_type = self.minified[name]
        etag = f'"{self.hashes[name]}"'
        if etag in Headers(scope=scope).get("if-none-match", ""):
            return Response(status_code=304, headers={"ETag": etag})
        return Response(body, media_type=media_type, headers={"ETag": etag})


class StaticUrls:
    """`url("css/site.css")` -> "/static/css/site.css?v=<hash>", for templates; one table per mounted folder."""

    def __init__(self, mounts: dict[str, HashedStaticFiles]):
        self.table = {f"{prefix}{name}": f"/static/{prefix}{name}?v={digest}"
                      for prefix, files in mounts.items() for name, digest in files.hashes.items()}

    def url(self, name: str) -> str:
        try:
            return self.table[name]
        except KeyError:
            raise LookupError(f"no static file {name!r} (templates name files under app/static or vendor/)") from None
