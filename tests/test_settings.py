"""Settings that users feel: dd/mm/yyyy dates, Monday-first weeks, the time zone, production hardening."""

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import get_format

PROJECT_DIR = Path(__file__).resolve().parent.parent


class DeadlineForm(forms.Form):
    deadline = forms.DateField()
    reported_at = forms.DateTimeField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_forms_read_day_first_dates(language):
    with translation.override(language):
        form = DeadlineForm({"deadline": "05/03/2024", "reported_at": "05/03/2024 14:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["deadline"] == date(2024, 3, 5)
    assert timezone.localtime(form.cleaned_data["reported_at"]).replace(tzinfo=None) == datetime(
        2024, 3, 5, 14, 30
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_show_as_dd_mm_yyyy_and_weeks_start_on_monday(language):
    with translation.override(language):
        rendered = Template("{{ day|date:'SHORT_DATE_FORMAT' }} {{ day }}").render(
            Context({"day": date(2024, 3, 5)})
        )
        form = DeadlineForm(initial={"deadline": date(2024, 3, 5)})
        assert 'value="05/03/2024"' in str(form["deadline"])
        assert get_format("FIRST_DAY_OF_WEEK") == 1
    assert rendered == "05/03/2024 05/03/2024"


def test_an_impossible_day_first_date_is_refused():
    with translation.override("vi"):
        form = DeadlineForm({"deadline": "31/02/2024", "reported_at": "01/01/2024 08:00"})
        assert not form.is_valid()
        assert "deadline" in form.errors


def test_vietnamese_first_in_the_vietnam_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


def run_manage(*args, **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DJANGO_DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=100,
    )


@pytest.mark.timeout(120)
def test_production_settings_pass_the_deployment_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="tasktracker.settings.production",
        SECRET_KEY="k3y-" + "x9Qz" * 16,
        CACHE_URL="redis://127.0.0.1:6379/6",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_asks_for_a_shared_cache():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="tasktracker.settings.production",
        SECRET_KEY="k3y-" + "x9Qz" * 16,
        CACHE_URL="",
    )
    assert "tasktracker.W001" in result.stdout + result.stderr


@pytest.mark.timeout(120)
def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="tasktracker.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.timeout(120)
@pytest.mark.parametrize("module", ["local", "test", "production"])
def test_every_environment_renders_with_cached_templates_and_the_python_widgets(module):
    """Templates are compiled once per process (Django's cached loader, which it uses whenever no
    loaders are listed), and form widgets are written by `tasktracker.form_renderer`, everywhere."""
    shown = (
        "from django.template import engines; from django.forms.renderers import get_default_renderer; "
        "print(engines['django'].engine.loaders[0][0], type(get_default_renderer()).__name__)"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        shown,
        DJANGO_SETTINGS_MODULE=f"tasktracker.settings.{module}",
        SECRET_KEY="k3y-" + "x9Qz" * 16,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.template.loaders.cached.Loader", "TemplatelessWidgets"]
