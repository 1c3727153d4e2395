# The orchestrator image: one image for `init`, `ingress`, `worker` and the ops commands.
#   docker build -t whatsapp-orchestrator .
#   docker run --rm whatsapp-orchestrator orchestrator --help

# -- build: install the project and its dependencies into a virtualenv ---------------------------
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# .dockerignore keeps the local virtualenv, caches, tests and secrets (.env) out of the context.
COPY . .
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --upgrade pip \
    && /opt/venv/bin/pip install .

# -- runtime: the virtualenv only, run as an unprivileged user -------------------------------------
FROM python:3.11-slim

RUN groupadd --system --gid 10001 orchestrator \
    && useradd --system --uid 10001 --gid orchestrator --home-dir /home/orchestrator --create-home orchestrator

COPY --from=build /opt/venv /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    LOG_FORMAT=json

USER 10001:10001
WORKDIR /home/orchestrator

EXPOSE 8000
CMD ["orchestrator", "ingress", "--host", "0.0.0.0", "--port", "8000"]
