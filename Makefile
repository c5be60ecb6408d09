# The two commands a user needs: `make run` and `make test`. Each sets up everything it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 8
TIMEOUT ?= 120
# make run and make test serve plain HTTP on this machine; production behind TLS leaves it unset.
export SYNTH_HTTPS ?= 0

.PHONY: run test lint prepare install browser postgresql bench stress clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# A local secret key, written once; production sets DJANGO_SECRET_KEY itself.
.env:
	@$(PYTHON) -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@echo "wrote .env with a new random DJANGO_SECRET_KEY"

prepare: install .env
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: prepare
	$(BIN)/gunicorn synthsite.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--worker-class gthread --threads $(THREADS) --timeout $(TIMEOUT) --access-logfile -

# Debian's Chromium for the browser tests (no browser download: Playwright drives this one).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# Debian's PostgreSQL for the tests and the store benchmark, which start their own server in a
# temporary folder on a unix socket (tests/postgres.py).
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

test: prepare browser postgresql
	$(BIN)/pytest

# ruff and mypy as configured in pyproject.toml; .ci/run runs this before the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: prepare postgresql
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/knowledge.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/partitions.py
	$(BIN)/python bench/memory.py

# Cached 1,000-row downloads at 50 connections for 30 s against real gunicorn on 127.0.0.1.
stress: prepare
	$(BIN)/python bench/stress.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
