# The orchestrator image: one image for `init`, `ingress`, `worker`, the ops commands and the demo backend.
#   docker build -t whatsapp-orchestrator .
#   docker run --rm whatsapp-orchestrator orchestrator --help
#
# Dependencies come from uv.lock and are installed before any source is copied; the project is
# installed beside them, in a folder of its own. A change to the code therefore rebuilds only the
# build stage's source and project steps and the final image's small /opt/project layer: the
# dependency layers (/opt/venv) are reused until pyproject.toml or uv.lock change.

# -- build: the locked dependencies into /opt/venv, then the project into /opt/project ------------
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1

# The uv that wrote uv.lock (its version is pinned in the lock, as part of the `dev` extra).
RUN pip install uv==0.13.9

WORKDIR /src
COPY pyproject.toml uv.lock ./
# Runtime dependencies only: no `dev` extra (moto, test tools), no project yet.
RUN uv sync --locked --no-install-project
# .dockerignore keeps the local virtualenv, caches, tests and secrets (.env) out of the context.
COPY README.md ./
COPY orchestrator ./orchestrator
COPY ingress ./ingress
COPY worker ./worker
RUN uv pip install --no-deps --python /opt/venv/bin/python --target /opt/project .

# -- runtime: the two folders only, run as an unprivileged user ------------------------------------
FROM python:3.11-slim

RUN groupadd --system --gid 10001 orchestrator \
    && useradd --system --uid 10001 --gid orchestrator --home-dir /home/orchestrator --create-home orchestrator

COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/project /opt/project

ENV PATH=/opt/project/bin:/opt/venv/bin:$PATH \
    PYTHONPATH=/opt/project \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    LOG_FORMAT=json

USER 10001:10001
WORKDIR /home/orchestrator

EXPOSE 8000
# Liveness of the default command (the ingress). Services running another command (worker, demo
# backend) override it, as docker-compose.yml does; an orchestrator's own probe may use /readyz.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"]
CMD ["orchestrator", "ingress", "--host", "0.0.0.0", "--port", "8000"]
