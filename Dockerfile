# pd-screener: one uvicorn process as a non-root user. `docker build -t pd-screener .`
# then `docker run -p 8000:8000 pd-screener` (PORT changes the port; PDS_* settings as in the README).

# htmx comes from the npm registry, pinned by package-lock.json (never a CDN); dev tools are left out.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PORT=8000
# DejaVu: the Unicode font of the PDF summary (settings pdf_font, pdf_font_bold).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install .
COPY templates ./templates
COPY locales ./locales
COPY examples ./examples
COPY --from=assets /build/node_modules/htmx.org/dist ./node_modules/htmx.org/dist
# Compile whatever translations exist (English, the source language, needs none).
RUN if ls locales/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then pybabel compile -d locales -D messages; fi
RUN groupadd --system --gid 10001 screener \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin screener
# Numeric, so Kubernetes' runAsNonRoot can check it (deploy/kubernetes/deployment.yaml).
USER 10001
EXPOSE 8000
# Worker processes (uvicorn reads WEB_CONCURRENCY): one a core, e.g. `docker run -e WEB_CONCURRENCY=2`. Under
# Kubernetes keep one and scale pods instead (deploy/kubernetes). Workers share nothing: answers ride in each request.
ENV WEB_CONCURRENCY=1
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2)"]
# The settings are checked once, before uvicorn starts its workers: a bad one ends the container with one line naming
# it (uvicorn would start each worker again every time it died of it). Run from WORKDIR, so it checks /app's app.
# --app-dir /app: import the app from here, where templates/, locales/ and node_modules/ sit beside it.
# No access log: visitors' addresses are sensitive here, and answers never travel in URLs anyway.
CMD ["sh", "-c", "python -m app.startup_check && exec uvicorn app.main:app --app-dir /app --host 0.0.0.0 --port ${PORT:-8000} --no-access-log --no-proxy-headers"]
