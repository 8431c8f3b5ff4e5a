"""The ASGI entry point: `uvicorn app.main:app` serves the default deployment."""

import sys

from app.errors import StartupError
from app.web.factory import create_app

try:
    app = create_app()
except StartupError as error:
    # A clear one-line refusal instead of a traceback: the message names the file and the problem.
    print(f"pd-screener cannot start: {error}", file=sys.stderr)
    raise SystemExit(1) from None
