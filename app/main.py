"""The ASGI entry point: `uvicorn app.main:app` serves the default deployment."""

import gc
import logging
import sys

from app.errors import StartupError
from app.referral.config import NO_HOST_ORG
from app.startup_check import PREFIX, SettingsRefused
from app.web.factory import create_app

try:
    app = create_app()
except StartupError as error:
    # A clear refusal instead of a traceback: one line a bad setting, or the message that names the file and the problem.
    for problem in error.problems if isinstance(error, SettingsRefused) else [str(error)]:
        print(PREFIX + problem, file=sys.stderr)
    raise SystemExit(1) from None

if app.state.pds.referral.host is None:
    # Shown as it is by the logging module's last-resort handler when nothing else is configured (uvicorn's own
    # configuration leaves the root logger alone).
    logging.getLogger("pd_screener").warning("pd-screener: %s", NO_HOST_ORG)

# Everything built at start-up (packs, catalogs, templates, Babel's locale data) lives as long as the process: keep
# it out of the garbage collector's full passes, which otherwise walk it all again every few hundred requests.
gc.freeze()
