# e-SAKIP: two commands. `make run` serves the demo (web server + background worker); `make test`
# runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
RUN_ENV := DEBUG=true DEMO_MODE=true
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test setup lint typecheck layers unit e2e demo regency messages clean check-chromium bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (python3.11 not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed

var:
	mkdir -p var

demo: setup var
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo

# A regency to test and benchmark with: the demo agency copied into 40 more agencies, with their
# people (kadis.dinas07...), plans and data (`manage.py generate_regency`, sakip/demo/regency).
# A second run changes nothing; `make clean` starts over.
regency: demo
	$(RUN_ENV) $(BIN)/python manage.py generate_regency

# The background worker (long documents, docs/decisions/0006) runs beside the web server and stops
# with it; when it starts it marks stopped the jobs a killed worker left behind (`run_worker`).
# It does not reload on code changes: restart `make run` after changing a generator.
run: demo
	@$(RUN_ENV) $(BIN)/python manage.py demo_logins
	@echo "e-SAKIP berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	@$(RUN_ENV) $(BIN)/python manage.py run_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The app under load (docs/performance.md, "make bench"): a fresh PostgreSQL database
# `esakip_bench` on 127.0.0.1:5432 (user postgres, trust) with the regency, served by gunicorn on
# 127.0.0.1, driven by 16 clients per page; results printed and written under var/bench/.
# About 8 minutes; `make bench BENCH_ARGS=--quick` for a 2-3 minute smoke run.
BENCH_ARGS ?=
bench: setup var
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)

check-chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)) ; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM). Install it with: sudo apt-get install -y chromium"; exit 1; \
	  fi; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy sakip config

# Dependencies run downward (docs/decisions/0009-layers.md): an import up the layers fails here.
layers: setup
	$(BIN)/lint-imports

test: setup check-chromium lint typecheck layers
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest

messages: setup
	DEBUG=true $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=static
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
