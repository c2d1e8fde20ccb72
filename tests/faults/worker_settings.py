"""The settings of the workers and beats the fault suite starts: the test settings, with mail sent by
SMTP to the suite's sink and jobs on the suite's own queue."""

from kombu import Queue

from tasktracker.environment import env, env_int
from tasktracker.settings.test import *  # noqa: F403 (settings modules extend the base by design)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 10
CELERY_TASK_DEFAULT_QUEUE = env("FAULTS_QUEUE", "celery")
# Every job of a scenario on its own queue, whatever the production routes say, so workers of other tests
# never take it; and no key prefix, as the scenarios queue jobs through a plain connection.
CELERY_TASK_QUEUES = [Queue(CELERY_TASK_DEFAULT_QUEUE)]
CELERY_TASK_ROUTES: dict = {}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    key: value
    for key, value in CELERY_BROKER_TRANSPORT_OPTIONS.items()  # noqa: F405
    if key != "global_keyprefix"
}
