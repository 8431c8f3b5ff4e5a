"""The ASGI entry point: `uvicorn app.main:app` serves the default deployment."""

import gc
import sys

from app.errors import StartupError
from app.startup_check import PREFIX
from app.web.factory import create_app

try:
    app = create_app()
except StartupError as error:
    # One line a problem instead of a traceback, each naming the setting or file and what is wrong with it.
    for line in str(error).splitlines():
        print(PREFIX + line, file=sys.stderr)
    raise SystemExit(1) from None

# Everything built at start-up (packs, catalogs, templates, Babel's locale data) lives as long as the process: keep
# it out of the garbage collector's full passes, which otherwise walk it all again every few hundred requests.
gc.freeze()
