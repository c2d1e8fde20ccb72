# Two commands on a fresh clone: `make run` and `make test`. Nothing but Python 3.11 and make needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# Test processes (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
# Browser tests stay together in one process (xdist_group); the rest go in the order tests/conftest.py sets,
# longest first.
XDIST_OPTIONS := --dist loadgroup --no-loadscope-reorder
# The inner loop leaves out the slow groups (markers in pyproject.toml); `make test` runs everything.
FAST_MARKERS := not browser and not schemathesis and not celery_worker

.PHONY: help run test test-fast lint typecheck format messages clean loadtest

## help: this list
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

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

## test: ruff, mypy, then the whole suite in parallel, browser, schemathesis and Celery worker tests included
##       (SQLite and the filesystem broker unless DATABASE_URL etc. are set; PYTEST_ARGS passes more options)
test: lint typecheck
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(XDIST_OPTIONS) $(PYTEST_ARGS)

## loadtest: Locust against gunicorn on 127.0.0.1 over a generate_load database (scripts/loadtest.sh;
## LOADTEST_USERS, LOADTEST_TIME, LOADTEST_WORKERS, LOADTEST_THREADS; figures in var/loadtest/)
loadtest: $(INSTALLED)
	scripts/loadtest.sh

## test-fast: the inner loop: ruff, then the suite without browser, schemathesis and Celery worker tests
test-fast: lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(XDIST_OPTIONS) -m "$(FAST_MARKERS)" $(PYTEST_ARGS)

## lint: ruff check, ruff format --check, and no model change without its migration
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=tasktracker.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

## typecheck: mypy on the packages listed under [tool.mypy] in pyproject.toml
typecheck: $(INSTALLED)
	$(BIN)/mypy

## format: fix what ruff can and format the code
format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh the Vietnamese translations (needs GNU gettext), then compile them
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages --locale vi --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

## clean: remove var/ (the database, queues and emails of `make run`) and the tool caches
clean:
	rm -rf var .mypy_cache
