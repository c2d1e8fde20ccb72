# Two commands on a fresh clone: `make run` and `make test`. Nothing but Python 3.11 and make needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format messages clean loadtest

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(INSTALLED)

## run: the whole app (web, Celery worker, beat) on http://127.0.0.1:8000 with demo data
run: $(INSTALLED)
	DJANGO_SETTINGS_MODULE=tasktracker.settings.local $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=tasktracker.settings.local $(BIN)/python manage.py seed_demo
	DJANGO_SETTINGS_MODULE=tasktracker.settings.local $(BIN)/python scripts/run_dev.py

## test: ruff, then the whole test suite (SQLite and the filesystem broker unless DATABASE_URL etc. are set)
test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## loadtest: Locust against gunicorn on 127.0.0.1 over a generate_load database (scripts/loadtest.sh;
## LOADTEST_USERS, LOADTEST_TIME, LOADTEST_WORKERS, LOADTEST_THREADS; figures in var/loadtest/)
loadtest: $(INSTALLED)
	scripts/loadtest.sh

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh the Vietnamese translations (needs GNU gettext), then compile them
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages --locale vi --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

clean:
	rm -rf var
