# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= true

.PHONY: run-deps backup restore two-instance-test bench bench-quick serve-prod install run seed test test-browser test-deps system-deps lint format migrations-check messages reset-db clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

var:
	mkdir -p var

## Set up (idempotent) and serve the app on http://$(HOST):$(PORT) with SQLite.
run: install run-deps var
	$(PY) manage.py compilemessages --ignore=.venv -v0 2>/dev/null || true
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

seed: install run-deps var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo

## What the app needs beyond Python: WeasyPrint renders the framework PDF with pango and
## harfbuzz (font subsetting) and embeds DejaVu Sans.
DEBIAN_RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
## What the tests need beyond that: Debian's chromium (browser tests), pspp (the SPSS export
## is checked with GNU PSPP), poppler-utils (the PDF's pages as PNG), and axe-core from npm.
DEBIAN_TEST_PACKAGES := $(DEBIAN_RUN_PACKAGES) chromium pspp poppler-utils
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi
endef

run-deps:
	$(call apt_install,$(DEBIAN_RUN_PACKAGES))

system-deps:
	$(call apt_install,$(DEBIAN_TEST_PACKAGES))
	@test -f node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund

test-deps: install system-deps

## Every test: unit, view, import/export and browser tests.
test: test-deps
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

## The browser tests REPEAT times in a row (`make test-browser REPEAT=10`), stopping at the
## first failing run: a flaky test shows up here rather than in one `make test` out of three.
REPEAT ?= 1
test-browser: test-deps
	@for run in $$(seq $(REPEAT)); do \
	  echo "== browser tests: run $$run of $(REPEAT)"; \
	  $(PY) -m pytest -p no:cacheprovider tests/browser $(PYTEST_ARGS) \
	    || { echo "== browser tests failed in run $$run of $(REPEAT)"; exit 1; }; \
	done; \
	echo "== browser tests passed $(REPEAT) of $(REPEAT) runs"

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l en -l nl --ignore=.venv --ignore=node_modules --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

reset-db: install var
	rm -f var/db.sqlite3
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules var

## Production-like: gunicorn with several workers, whitenoise static files, PostgreSQL from
## DATABASE_URL. Needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL in the environment.
WORKERS ?= 4
serve-prod: install run-deps
	DEBUG=false $(PY) manage.py collectstatic --no-input -v0
	DEBUG=false $(PY) manage.py migrate --no-input -v0
	DEBUG=false $(VENV)/bin/gunicorn monitor.wsgi:application --config python:monitor.gunicorn_conf --workers $(WORKERS) \
	  --bind $(HOST):$(PORT) --access-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

## Performance figures against their floor (never part of `make test`). The scaled data set
## lives in its own database (var/bench-*.sqlite3) unless DATABASE_URL names one. The "load"
## group drives gunicorn with wrk (Debian package; without it a slower Python client stands in).
BENCH_DEPS = command -v wrk >/dev/null || { echo "Installing Debian package for the bench: wrk"; \
  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null \
  || echo "wrk could not be installed: the load figure uses the Python client"; }
bench: install var
	@$(BENCH_DEPS)
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/bench-full.sqlite3} DJANGO_SETTINGS_MODULE=bench.settings $(PY) manage.py bench

bench-quick: install var
	@$(BENCH_DEPS)
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/bench-quick.sqlite3} DJANGO_SETTINGS_MODULE=bench.settings $(PY) manage.py bench --quick

## Backup and restore (README "Backup and restore"): every row of every app as JSON.
FILE ?= var/backup-$(shell date +%Y%m%d-%H%M%S).json
backup: install var
	$(PY) manage.py backup_db $(FILE)

restore: install
	@test -f "$(FILE)" || { echo "usage: make restore FILE=var/backup-....json"; exit 2; }
	$(PY) manage.py restore_db $(FILE)

## Two gunicorn instances behind nginx against one PostgreSQL (needs DATABASE_URL).
two-instance-test: install
	scripts/two-instance-test
