# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test test-fast e2e browser lint format seed bench bench-import drills check-python

help:
	@echo "make run    - set up .venv, migrate, load demo data if empty, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test requirements (and Chromium, as root) and run the whole suite (DATABASE_URL selects PostgreSQL)"
	@echo "make lint   - ruff check, ruff format --check, manage.py check, makemigrations --check"
	@echo "make format - apply ruff's fixes and formatting"
	@echo "make bench  - the performance benchmark on PostgreSQL (not part of make test)"
	@echo "make bench-import - the NPPES import benchmark: 1,000,000 generated rows on PostgreSQL"
	@echo "make drills - failure drills: mail server outage; PostgreSQL restart (needs to restart the cluster); Redis outage under load"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12+ is required; found " + sys.version.split()[0] + ". Install it (pyenv install 3.12) or run: make PYTHON=/path/to/python3.12 ...")'

# Reinstall only when a requirements file changed.
$(VENV)/.installed-runtime: requirements.txt | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed-runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed-runtime
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	@if [ "$$(DEBUG=$${DEBUG:-1} $(PY) manage.py shell -v 0 -c 'from practitioners.models import Practitioner; print(Practitioner.objects.exists())')" = "False" ]; then \
		DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo; \
	fi
	@# The email worker runs beside the server and stops with it (README: Email and the task queue).
	DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT; \
		DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

seed: $(VENV)/.installed-runtime
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo

# The browser tests drive Debian's Chromium: installed here when running as
# root, otherwise bin/ensure-chromium says what to run.
browser:
	@bin/ensure-chromium

test: $(VENV)/.installed-dev browser
	$(BIN)/pytest $(PYTEST_ARGS)

# Everything but the browser tests, for a quick loop.
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

e2e: $(VENV)/.installed-dev browser
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The NPPES import benchmark: a generated 1,000,000-row file in the real layout,
# imported twice; rows/s and peak RSS (see bench/nppes_import.py).
bench-import: $(VENV)/.installed-dev
	$(PY) bench/nppes_import.py

# The benchmark: 100,000 practitioners on PostgreSQL, gunicorn + wrk on loopback.
# BENCH_DATABASE_URL selects the database (see bench/run.py); needs wrk.
bench: $(VENV)/.installed-dev
	@# wrk drives the load: installed here when running as root (as for Chromium).
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && { apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }; } || { echo "wrk is required: sudo apt-get install wrk"; exit 1; }
	$(PY) bench/run.py

# Failure drills: the mail server stops during decisions and a sweep, and every
# email is still delivered once; PostgreSQL restarts under load, /healthz says
# 503 while it is down, the app recovers by itself and no accepted review is lost;
# Redis (its own redis-server) stops under load: pages answer uncached, log-in
# limits hold.
drills: $(VENV)/.installed-dev
	$(PY) bench/drill_mail_outage.py $(DRILL_ARGS)
	$(PY) bench/drill_db_restart.py $(DRILL_ARGS)
	$(PY) bench/drill_redis_outage.py $(DRILL_ARGS)
