"""Stylesheets, scripts and the icon, addressed by their content so a browser keeps them for a year.

A page names each file as `/static/css/site.css?v=<hash>`, the hash being the first 12 hex digits of the file's
SHA-256 when the app started. A request carrying the current hash is answered `immutable` for a year: a phone on a
weak signal loads the files once, and every later page (each step is a whole page without JavaScript) costs only
its HTML. A request without the hash, or with one from an older release, gets the file as it is now and
`no-cache` (revalidated by its ETag), so a partner's page that links `embed-host.js` directly always gets the
current script, and nobody is stuck with an old one. No file here holds an answer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
HASH_LENGTH = 12


def file_hashes(directory: Path) -> dict[str, str]:
    """Each file under `directory` (by its path relative to it, with /) and the start of its SHA-256."""
    if not directory.is_dir():
        return {}
    return {path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
            for path in sorted(directory.rglob("*")) if path.is_file()}


class HashedStaticFiles(StaticFiles):
    """StaticFiles whose answers are immutable when asked for with the file's current hash (`?v=`)."""

    def __init__(self, *, directory: Path, check_dir: bool = True):
        super().__init__(directory=directory, check_dir=check_dir)
        self.hashes = file_hashes(directory)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [""])[0]
            current = self.hashes.get(Path(path).as_posix())
            response.headers["Cache-Control"] = IMMUTABLE if current and asked == current else REVALIDATE
        return response


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
