"""A laptop: debug on, a throwaway secret key, everything under var/ (SQLite, filesystem broker, emails)."""

from .base import *  # noqa: F403 (settings modules extend the base by design)
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "django-insecure-local-development-only")
ALLOWED_HOSTS = ["*"]
