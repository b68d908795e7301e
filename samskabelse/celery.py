"""The Celery application: configured from Django settings (CELERY_*), tasks autodiscovered."""

import os

from celery import Celery
from celery.signals import worker_init

from samskabelse.db import use_long_statement_timeout

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskabelse.settings")

app = Celery("samskabelse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Tasks and the exports they build may read for longer than a web request (samskabelse/db.py).
worker_init.connect(use_long_statement_timeout, weak=False)
