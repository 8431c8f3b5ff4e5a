"""What every route needs: the app's state (settings, packs, catalogs, templates, referral set-up, partners) and a size-capped body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request
from fastapi.responses import JSONResponse

from app.partners import Partners
from app.policy import Packs
from app.referral.config import Referral
from app.settings import Settings
from app.web.errors import FieldError, error_response
from app.web.i18n import Catalogs, _, format_number

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(frozen=True)
class AppState:
    settings: Settings
    packs: Packs
    catalogs: Catalogs
    jinja: "Environment"
    partners: Partners = Partners()
    referral: Referral = Referral(host=None, providers=())


def state_of(request: Request) -> AppState:
    return request.app.state.pds


class BodyTooLarge(Exception):
    pass


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refusing more than `limit` bytes whatever Content-Length claims."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def read_body(request: Request, limit: int) -> bytes | JSONResponse:
    """For the API: the body, or a JSON 413 response naming the limit."""
    try:
        return await read_limited(request, limit)
    except BodyTooLarge:
        message = _("The request is too large. The limit is %(limit)s bytes.") % {"limit": format_number(limit)}
        return error_response(413, message, [FieldError(field="body", message=message)])
