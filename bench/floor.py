"""The framework's floor: a bare FastAPI app that answers each recorded request (method, path
and body) with the app's own bytes.

`bench/pages.py` records what the real app answered on a walk through the flow, writes it to a JSON file named
by PDS_BENCH_RECORDING, and serves this module with the same uvicorn flags, so the two differ only by the work
the app does to make each page.
"""

from __future__ import annotations

import base64
import json
import os

from fastapi import FastAPI, Request
from fastapi.responses import Response

with open(os.environ["PDS_BENCH_RECORDING"], encoding="utf-8") as handle:
    RECORDED = {
        (item["method"], item["path"], base64.b64decode(item["request"])): (item["status"], item["headers"], base64.b64decode(item["body"]))
        for item in json.load(handle)
    }

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.api_route("/{path:path}", methods=["GET", "POST"])
async def replay(request: Request, path: str) -> Response:
    posted = await request.body()  # read the posted form or JSON, as the app must
    status, headers, body = RECORDED.get((request.method, "/" + path, posted), (404, {}, b"not recorded"))
    return Response(body, status_code=status, headers=headers)
