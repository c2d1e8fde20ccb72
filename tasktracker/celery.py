"""The Celery application: configured from Django settings (CELERY_ prefix), tasks autodiscovered."""

import os

from celery import Celery

# A worker or beat started by hand on a server must not run with DEBUG and a fixed key: production unless
# told otherwise (`make run` and the tests set local and test explicitly).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tasktracker.settings.production")

app = Celery("tasktracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
