# Takeaways: `docker build -t takeaways .`, then README "Running in a container" (docker run,
# docker compose) or docs/operations.md (Kubernetes, with the Helm chart).
#
# The base image is pinned by digest, so a rebuild gets the same Python and Debian until
# someone moves the pin on purpose. It is python:3.11-slim (3.11.16, Debian trixie) as
# seen in public Dockerfiles of September 2026; it could not be checked against the
# registry where this file was written. Refresh it (and after each Python patch release):
#   docker buildx imagetools inspect python:3.11-slim   # the "Digest:" line
# or build once with --build-arg PYTHON_IMAGE=python:3.11-slim to try without a pin.
ARG PYTHON_IMAGE=python:3.11-slim@sha256:be1575ed968de893bd54f4c56315ff7c4736ce522c1bca08fd521731aafc0d76

# ---- build: the locked dependencies and the package, into /venv ----------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# The lock files alone first: this layer and the next two are rebuilt only when a lock
# changes, so a code change reinstalls nothing.
COPY requirements/runtime.lock requirements/build.lock requirements/

# The build backend (setuptools) in a venv of its own, hash-checked like everything else.
RUN python -m venv /build-tools \
    && /build-tools/bin/pip install --only-binary=:all: --require-hashes \
        -r requirements/build.lock

# Wheels only (--only-binary): nothing is compiled, so no compiler is needed in either stage.
RUN python -m venv /venv \
    && /venv/bin/pip install --only-binary=:all: --require-hashes -r requirements/runtime.lock

COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY storage ./storage
# The package itself, without its dependencies (the lock installed them); then pip and
# setuptools leave the venv: the running service installs nothing.
RUN /build-tools/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /tmp/wheels . \
    && /venv/bin/pip install --no-deps /tmp/wheels/takeaways-*.whl \
    && /venv/bin/pip uninstall --yes pip setuptools

# ---- runtime: the slim base and /venv, nothing else ---------------------------------------
FROM ${PYTHON_IMAGE}

LABEL org.opencontainers.image.title="takeaways" \
      org.opencontainers.image.description="A Slack bot that turns what a team learns at conferences into a searchable memory" \
      org.opencontainers.image.licenses="Apache-2.0"

# No .pyc written at run time (pip compiled them at build time): with Postgres, nothing is
# written outside /tmp, so the root filesystem can be read-only (the Helm chart does).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/venv/bin:$PATH

# Non-root; /data holds the SQLite file when no DATABASE_URL is given (mount a volume).
RUN useradd --system --uid 10001 --user-group --home-dir /data --create-home takeaways

COPY --from=build /venv /venv

USER 10001:10001
WORKDIR /data

ENV DATABASE_URL=sqlite:////data/takeaways.db \
    PORT=3000
EXPOSE 3000

# Kubernetes uses httpGet probes instead (/healthz for readiness, /livez for liveness); this
# serves plain Docker and docker compose.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3000\")}/healthz', timeout=4)"

ENTRYPOINT ["takeaways"]
CMD ["serve"]
