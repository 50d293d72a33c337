# syntax=docker/dockerfile:1.7
# One image for every Heartwise service; the service is chosen by the SERVICE build argument (compose) or by
# the container command (Kubernetes: `python -m services.<name>...`).

FROM python:3.11.7-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml uv.lock README.md ./
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-install-project --no-dev --extra analytics
COPY services ./services
COPY schemas ./schemas
COPY deploy/migrations ./deploy/migrations
COPY loadtest ./loadtest
RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev --extra analytics

FROM python:3.11.7-slim-bookworm AS runtime
ARG SERVICE=services.ingest.main
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HEARTWISE_SERVICE=${SERVICE}
RUN groupadd --gid 10001 heartwise && useradd --uid 10001 --gid heartwise --no-create-home heartwise
WORKDIR /app
COPY --from=build --chown=10001:10001 /app /app
USER 10001
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["python", "-c", "import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"HEALTH_PORT\", \"8001\")}/healthz', timeout=2).status == 200 else 1)"]
CMD ["sh", "-c", "exec python -m \"$HEARTWISE_SERVICE\""]
