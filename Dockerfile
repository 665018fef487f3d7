# Takeaways: `docker build -t takeaways .` then see README "Running in a container".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
RUN pip install '.[postgres]' && rm -rf /src

# Non-root; /data holds the SQLite file when no DATABASE_URL is given (mount a volume).
RUN useradd --system --uid 10001 --user-group --home-dir /data --create-home takeaways
USER 10001:10001
WORKDIR /data

ENV DATABASE_URL=sqlite:////data/takeaways.db \
    PORT=3000
EXPOSE 3000

# Kubernetes should use httpGet probes on /healthz; this serves plain Docker.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3000\")}/healthz', timeout=4)"

ENTRYPOINT ["takeaways"]
CMD ["serve"]
