"""Run inside a fresh network namespace (`unshare --net`): serves the app as a deployment would, HTTPS on port 443
(a trustme certificate for localhost) and plain HTTP on port 80 redirecting to it, then runs MDN's HTTP Observatory
CLI (npm, pinned) against https://localhost and prints its JSON. The namespace has only its own loopback, so the
standard ports are free and nothing leaves this machine.

Usage: unshare --net python observatory_netns.py WORKDIR
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import trustme

ROOT = Path(__file__).resolve().parents[2]
OBSERVATORY = ROOT / "node_modules" / "@mdn" / "mdn-http-observatory"
SCAN = OBSERVATORY / "src" / "scan.js"
# Its install script downloads Chromium's HSTS preload list (npm scripts are off here, and only registries are
# reachable). The list only tells whether a public domain is preloaded; localhost never is, so an empty one
# gives the same grade.
PRELOAD_LIST = OBSERVATORY / "conf" / "hsts-preload.json"


def wait_for(url: str, context=None) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def main(workdir: Path) -> int:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    if not PRELOAD_LIST.exists():
        PRELOAD_LIST.write_text("{}\n", encoding="utf-8")
    ca = trustme.CA()
    cert = ca.issue_cert("localhost", "127.0.0.1")
    ca.cert_pem.write_to_path(str(workdir / "ca.pem"))
    cert.private_key_pem.write_to_path(str(workdir / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(workdir / "cert.pem"))
    env = {**os.environ, "PDS_HTTPS_REDIRECT": "true"}
    uvicorn = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--no-proxy-headers"]
    servers = [
        subprocess.Popen([*uvicorn, "--port", "443", "--ssl-keyfile", str(workdir / "key.pem"),
                          "--ssl-certfile", str(workdir / "cert.pem")], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=open(workdir / "https.log", "wb")),
        subprocess.Popen([*uvicorn, "--port", "80"], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=open(workdir / "http.log", "wb")),
    ]
    try:
        wait_for("http://localhost/healthz")
        context = ssl.create_default_context(cafile=str(workdir / "ca.pem"))
        wait_for("https://localhost/healthz", context)
        scan = subprocess.run(["node", str(SCAN), "localhost"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "NODE_EXTRA_CA_CERTS": str(workdir / "ca.pem")})
        sys.stdout.write(scan.stdout)
        sys.stderr.write(scan.stderr)
        return scan.returncode
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
