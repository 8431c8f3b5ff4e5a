"""MDN's HTTP Observatory (npm, pinned) grades the app as deployed over TLS: HTTPS on 443 with a trustme
certificate, plain HTTP on 80 redirecting to it, all inside a network namespace of this test's own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from process_support import REPO_ROOT

TOOL = REPO_ROOT / "tests" / "tools" / "observatory_netns.py"


def test_http_observatory_grades_the_tls_deployment_a_plus(tmp_path, record_property):
    assert shutil.which("unshare") and shutil.which("ip"), "needs util-linux unshare and iproute2 ip (root, as in CI)"
    done = subprocess.run(["unshare", "--net", sys.executable, str(TOOL), str(tmp_path)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-3000:])
    report = json.loads(done.stdout)
    scan = report["scan"]
    record_property("figure: HTTP Observatory over TLS", f"{scan['grade']} ({scan['score']}), "
                    f"{scan['testsPassed']}/{scan['testsQuantity']} tests passed")
    failed = {name: test["result"] for name, test in report["tests"].items() if not test["pass"]}
    assert scan["grade"] == "A+" and not failed, failed
    assert report["tests"]["strict-transport-security"]["result"] == "hsts-implemented-max-age-at-least-six-months"
    assert report["tests"]["redirection"]["result"] == "redirection-to-https"
