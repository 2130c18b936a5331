# Lifelong — every set-up step is a target here. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run`'s settings. Links in e-mails (and the demo's certificates) name the development
# server's own address, unless SITE_URL is set; a server listening on every address
# (HOST=0.0.0.0 or [::]) is reached on this machine as 127.0.0.1.
LINK_HOST = $(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST))
RUN_ENV = DEBUG=true SITE_URL='$(or $(SITE_URL),http://$(LINK_HOST):$(PORT))'
# Outside the checkout: the server runs as user 'postgres', who may not enter a home folder.
PG_DIR := /tmp/lifelong-test-pg-$(shell id -u)

.PHONY: run test lint typecheck unit test-postgres test-production bench install messages screenshots lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade "pip==25.3"
	$(BIN)/pip install -q -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)
	@scripts/system-deps.sh msgfmt:gettext
	@mkdir -p var
	DEBUG=true $(MANAGE) compilemessages -v0 --ignore=$(VENV)

## Serve the demo site on http://127.0.0.1:8000 (development server, demo data loaded),
## with a background worker beside it for e-mails (one line each here, whole at /dev/outbox/),
## offers and lotteries; HOST and PORT move it (make run PORT=8300), and the links in its
## e-mails with it
run: install
	$(RUN_ENV) $(MANAGE) migrate -v0
	$(RUN_ENV) $(MANAGE) load_demo
	@$(RUN_ENV) $(MANAGE) db_worker --interval 2 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(MANAGE) runserver $(HOST):$(PORT)

## Lint, type-check and run the whole suite on SQLite, then again on a real PostgreSQL server
test: install
	@scripts/system-deps.sh /usr/lib/postgresql:postgresql chromium:chromium pdftoppm:poppler-utils zbarimg:zbar-tools redis-server:redis-server nginx:nginx
	$(MAKE) --no-print-directory lint typecheck unit test-postgres test-production

## ruff, and the floors of the house: apps import only downward, no import circles (.importlinter)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	TESTING=true $(BIN)/mypy lifelong tests bench scripts

unit: $(STAMP)
	TESTING=true $(BIN)/pytest -n 2 -q

test-postgres: $(STAMP)
	@url=$$(scripts/postgres.sh start $(PG_DIR)) && \
	  trap 'scripts/postgres.sh stop $(PG_DIR)' EXIT && \
	  echo "PostgreSQL test server: $$url" && \
	  TESTING=true DATABASE_URL=$$url $(BIN)/pytest -n 2 -q

## The production set-up of deploy/ on this machine: PostgreSQL, Redis, nginx over TLS in front
## of two gunicorn app servers, two task workers (tests/production; about 3 minutes)
test-production: $(STAMP)
	@scripts/system-deps.sh /usr/lib/postgresql:postgresql redis-server:redis-server nginx:nginx
	TESTING=true $(BIN)/pytest -q -p no:xdist -m production tests/production

## Throughput against a minimal view, on the production server set-up (not part of `make test`)
bench: install
	@scripts/system-deps.sh wrk:wrk /usr/lib/postgresql:postgresql
	$(BIN)/python -m bench

messages: $(STAMP)
	DEBUG=true $(MANAGE) makemessages -l de --no-obsolete --ignore=$(VENV) --ignore=tests --ignore=bench --ignore=scripts

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py http://$(HOST):$(PORT)

lock:
	rm -rf /tmp/lifelong-lock && $(PYTHON) -m venv /tmp/lifelong-lock
	/tmp/lifelong-lock/bin/pip install -q -e ".[dev]"
	(echo "# full lock of every package, direct and transitive; regenerate with 'make lock'"; \
	  /tmp/lifelong-lock/bin/pip freeze --exclude-editable) > constraints.txt

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
