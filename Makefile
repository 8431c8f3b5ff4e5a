# pd-screener: `make run` serves the app, `make test` runs the whole suite.
# Both do every set-up step a fresh clone needs (idempotent, fast when done):
# scripts/setup.sh (venv + pip, npm ci, Babel catalogs).
# `make run PORT=9000`; `make test PYTEST_ARGS='-k healthz -x'`; `make lint` (ruff + mypy over app/).

PYTEST_ARGS ?=

.PHONY: run test lint setup system-packages clean messages check-config

setup:
	@scripts/setup.sh

system-packages:
	@scripts/ensure-system-packages.sh

# The settings are checked once before uvicorn starts: with several workers (WEB_CONCURRENCY), uvicorn would start
# each worker again every time a bad setting ended it.
run: setup
	.venv/bin/python -m app.startup_check && exec .venv/bin/uvicorn app.main:app --host 127.0.0.1 --port $${PORT:-8000} --no-proxy-headers

# Reads every configured file (PDS_HOST_ORG_FILE, PDS_PROVIDERS_FILE, PDS_PARTNERS_FILE) and PDS_ setting as the app does,
# shows "Who to call" in each language and lists each problem with its file and line; exits 1 on any (docs/operators.md).
check-config: setup
	.venv/bin/python -m app.config_check

# Two runs: everything on two workers, then what times the page (Lighthouse) with nothing beside it. In the
# parallel run its score counted the other worker's Chromium (performance 96-99 in 5 of 14 browser-only runs).
# Exit code 5 is "no test selected" (a PYTEST_ARGS that picks none of them).
test: setup system-packages
	.venv/bin/python -m pytest -n 2 -m "not alone" $(PYTEST_ARGS)
	.venv/bin/python -m pytest -m alone $(PYTEST_ARGS) || [ $$? -eq 5 ]

# ruff (pyflakes, import order, bugbear, pyupgrade) and mypy over app/; settings in pyproject.toml.
lint: setup
	.venv/bin/ruff check app
	.venv/bin/mypy

clean:
	rm -rf .venv node_modules test-artifacts .pytest_cache .hypothesis
	find locales -name '*.mo' -delete 2>/dev/null || true

# Re-extract locales/messages.pot from Python, templates and policy data; update every catalog.
messages: setup
	.venv/bin/pybabel extract -F pyproject.toml -o locales/messages.pot --add-comments=Translators: \
	  --project=pd-screener --version=1 --msgid-bugs-address="" --sort-by-file --omit-header .
	@for po in locales/*/LC_MESSAGES/messages.po; do [ -f "$$po" ] || continue; \
	  lang=$$(basename $$(dirname $$(dirname $$po))); \
	  .venv/bin/pybabel update -i locales/messages.pot -d locales -D messages -l $$lang --no-fuzzy-matching --ignore-obsolete; done
