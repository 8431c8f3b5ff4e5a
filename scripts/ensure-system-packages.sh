#!/usr/bin/env bash
# Make sure the Debian packages the test suite needs are present:
#   chromium          - driven by Playwright (never a Playwright-downloaded browser)
#   poppler-utils     - pdftotext, to read generated PDFs
#   fonts-dejavu-core - a known font for rendering and screenshots
#   nginx             - the reverse proxy of the scale-out test (deploy/nginx/pd-screener.conf)
#   iproute2          - `ip`, to bring up loopback in the HTTP Observatory test's own network namespace
# As root: installs what is missing with apt-get. Otherwise: names them and fails.
set -euo pipefail

PACKAGES=(chromium poppler-utils fonts-dejavu-core nginx iproute2)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
# de-duplicate
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" -ne 0 ]; then
  cat >&2 <<MSG
[system-packages] ERROR: missing Debian packages: ${missing[*]}
[system-packages] Install them, then re-run:
    sudo apt-get update && sudo apt-get install -y ${PACKAGES[*]}
MSG
  exit 1
fi

echo "[system-packages] installing: ${PACKAGES[*]} (missing: ${missing[*]})" >&2
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
for attempt in 1 2 3; do
  if apt-get "${apt_opts[@]}" update -q &&
     apt-get "${apt_opts[@]}" install -y -q "${PACKAGES[@]}"; then
    exit 0
  fi
  echo "[system-packages] apt-get failed (attempt $attempt), retrying" >&2
  sleep $((attempt * 5))
done
echo "[system-packages] ERROR: could not install ${PACKAGES[*]}" >&2
exit 1
