"""Headers, limits and defaults that keep the app safe on a server: issue 15."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasktracker.middleware import SESSION_REFRESHED_KEY

pytestmark = pytest.mark.django_db
PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_every_page_carries_a_strict_csp_and_a_permissions_policy(client, url_name):
    response = client.get(reverse(url_name))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_signed_in_pages_and_the_api_carry_the_policy_too(client, office_staff):
    client.force_login(office_staff)
    for url in [reverse("reporting:dashboard"), reverse("directives:directive_list"), "/api/v1/parts/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"], url


def test_the_api_documentation_runs_no_inline_script(client, office_staff):
    client.force_login(office_staff)
    for url in [reverse("api:docs"), reverse("api:redoc")]:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert "googleapis" not in page
    script = client.get(reverse("api:docs"), {"script": ""})
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_templates_have_no_inline_script_style_or_event_handler():
    """CSP allows no inline code: any would be blocked in the browser (emails are not web pages)."""
    offenders = []
    for template in (PROJECT_DIR / "templates").rglob("*.html"):
        if "email" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"<style",
            r"\sstyle=",
            r"\son[a-z]+=",
            r"javascript:",
        ):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(PROJECT_DIR)}: {pattern}")
    assert offenders == []


def test_the_login_page_shows_no_template_comment(client):
    """A `{# … #}` comment spread over two lines is not a comment in Django: it would be shown."""
    assert "{#" not in client.get(reverse("login")).content.decode()


def test_an_oversized_body_is_refused_before_it_is_read(client):
    started = time.monotonic()
    response = client.generic(
        "POST",
        reverse("login"),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "12 MB" in response.content.decode()
    assert time.monotonic() - started < 1


def test_a_body_within_the_limit_goes_through(client):
    response = client.post(reverse("login"), {"username": "ai-do", "password": "x" * 1000})
    assert response.status_code == 200


def test_a_session_ends_after_a_working_day_idle_and_lives_while_used(client, agency_staff, settings):
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    client.force_login(agency_staff)
    key = client.session.session_key
    assert SESSION_REFRESHED_KEY in client.session
    before = Session.objects.get(session_key=key).expire_date
    # Within the refresh interval nothing is written.
    client.get(reverse("directives:my_tasks"))
    assert Session.objects.get(session_key=key).expire_date == before
    # Later on, a request moves the end of the session a working day past it.
    session = client.session
    session[SESSION_REFRESHED_KEY] = int(time.time()) - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    saved = Session.objects.get(session_key=key).expire_date
    time.sleep(1.1)
    client.get(reverse("directives:my_tasks"))
    assert Session.objects.get(session_key=key).expire_date > saved


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError):
        validate_password("Hn-2024-abc")
    validate_password("Hn-2024-abcd-x")


def test_env_files_are_kept_out_of_git_and_the_image():
    for ignore_file in (".gitignore", ".dockerignore"):
        lines = (PROJECT_DIR / ignore_file).read_text().splitlines()
        assert ".env" in lines, ignore_file


def run_python(code, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "CACHE_URL", "SECURE_HSTS_PRELOAD"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_celery_defaults_to_the_production_settings():
    assert (
        run_python("import os, tasktracker.celery; print(os.environ['DJANGO_SETTINGS_MODULE'])")
        == "tasktracker.settings.production"
    )


def test_production_uses_redis_as_the_shared_cache_and_no_hsts_preload():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'], "
        "settings.SECURE_HSTS_PRELOAD)"
    )
    output = run_python(
        code,
        DJANGO_SETTINGS_MODULE="tasktracker.settings.production",
        SECRET_KEY="k3y-" + "x9Qz" * 16,
        CACHE_URL="redis://redis:6379/1",
    )
    assert output.splitlines()[-1] == "tasktracker.cache.ResilientRedisCache redis://redis:6379/1 False"


def test_a_laptop_and_the_tests_use_a_cache_of_their_own(settings):
    if not os.environ.get("CACHE_URL"):
        assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])",
        DJANGO_SETTINGS_MODULE="tasktracker.settings.local",
    ).endswith("LocMemCache")
