# Samskabelse: the production image (gunicorn + whitenoise; Celery worker/beat use the same image).
# In docker-compose.yml nginx stands in front of it and sends the protected media files.
# Configured entirely by environment variables; see .env.example and docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /app /data/media /data/celery \
    && chown app:app /data/media /data/celery

# WeasyPrint (the catalogue's PDF) needs Pango and HarfBuzz, and a font with æ, ø and å.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. `[tool.setuptools] packages = []`:
# installing the project installs only its dependencies; the app runs from the source tree.
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .

# Only what the running app needs (no .env, db.sqlite3, tests or bench in the image).
# The compiled translations (locale/**/*.mo) are committed, so no gettext/compilemessages here.
# gunicorn reads ./gunicorn.conf.py (the access log without secret links) from /app.
COPY manage.py gunicorn.conf.py ./
COPY samskabelse ./samskabelse
COPY projects ./projects
COPY network ./network
COPY events ./events
COPY locale ./locale
COPY static ./static
COPY templates ./templates

# Static files are collected into the image and served by whitenoise. DEBUG=0 makes SECRET_KEY and
# ALLOWED_HOSTS required; these dummy values exist for this one command only, never at runtime.
RUN DEBUG=0 SECRET_KEY=collectstatic-build-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

USER app

EXPOSE 8000

# /healthz answers 200 only when database, cache and broker answer. The request carries the first
# ALLOWED_HOSTS entry as Host (a wildcard falls back to localhost), so the check passes host
# validation whatever the deployment's host names are. No curl in slim: Python's urllib instead.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('*.') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=8)"

CMD ["gunicorn", "samskabelse.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
