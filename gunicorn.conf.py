"""gunicorn's settings, read from the working directory by default (the Docker image and
docker-compose.yml start gunicorn in /app, where this file is). Only what every deployment
shares lives here; workers, bind address and the like stay on the command line.

The access log writes each request's path, query string and Referer. Manage links and the
other secret links carry their key in the path, so the logger below writes a hash of the
key instead (samskabelse/secret_urls.py holds the list of such URLs)."""

import sys
from pathlib import Path

from gunicorn.glogging import Logger

# gunicorn reads this file before it changes to its working directory and puts that on
# sys.path, so the project package is found from here.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from samskabelse.secret_urls import RedactSecretsFilter, redact  # noqa: E402


class RedactingLogger(Logger):
    """gunicorn's logger, with every access-log field that can hold a URL (the request
    line, path, query string, Referer, any logged header) passed through redact(), and the
    error log's lines too ("Error handling request /events/manage/…")."""

    def setup(self, cfg):
        super().setup(cfg)  # also on a reload, which builds the handlers anew
        for handler in self.error_log.handlers:
            handler.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) for name, value in atoms.items()}


logger_class = RedactingLogger
