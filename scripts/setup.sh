#!/usr/bin/env bash
# One-shot, idempotent project set-up, used by `make run` and `make test`.
#   1. .venv with Python 3.11 and `pip install -e '.[test]'`
#      (redone only when pyproject.toml changes: stamp holds its sha256)
#   2. `npm ci` from the committed package-lock.json
#      (redone only when package-lock.json changes or node_modules is missing)
#   3. Babel catalogs: locales/*/LC_MESSAGES/messages.po -> .mo
#      (only when a .po exists and is newer than its .mo)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

sha() { sha256sum "$1" | cut -d' ' -f1; }

# --- 1. Python virtualenv -------------------------------------------------
VENV=.venv
PY_STAMP="$VENV/.pyproject.sha256"

pick_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  log "ERROR: Python 3.11 is required (tried \$PYTHON, python3.11, python3)."
  return 1
}

venv_ok() {
  [ -x "$VENV/bin/python" ] &&
    "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null
}

if ! venv_ok; then
  PY="$(pick_python)"
  log "creating $VENV with $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  rm -f "$PY_STAMP"
fi

want="$(sha pyproject.toml)"
have="$(cat "$PY_STAMP" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  log "installing Python dependencies (pip install -e '.[test]')"
  "$VENV/bin/python" -m pip install -qq --disable-pip-version-check -e '.[test]'
  printf '%s\n' "$want" >"$PY_STAMP"
fi

# --- 2. npm packages (htmx.org, axe-core) ---------------------------------
NPM_STAMP=node_modules/.package-lock.sha256
want="$(sha package-lock.json)"
have="$(cat "$NPM_STAMP" 2>/dev/null || true)"
if [ "$want" != "$have" ] || [ ! -f node_modules/htmx.org/package.json ] ||
   [ ! -f node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || { log "ERROR: npm (Node.js) is required."; exit 1; }
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" >"$NPM_STAMP"
fi

# --- 3. Babel message catalogs --------------------------------------------
shopt -s nullglob
stale=0
pos=(locales/*/LC_MESSAGES/messages.po)
for po in "${pos[@]}"; do
  mo="${po%.po}.mo"
  if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then stale=1; fi
done
if [ "${#pos[@]}" -gt 0 ] && [ "$stale" -eq 1 ]; then
  log "compiling ${#pos[@]} message catalog(s)"
  "$VENV/bin/pybabel" compile -d locales -D messages
fi
