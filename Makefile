# Kakehashi: `make run` serves the demo city on SQLite; `make test` runs the suite on SQLite
# and, when a server answers, on PostgreSQL. Both create .venv and install what they need.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test check-durability check-load lint migrations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The matching worker runs beside the web server (its first pass fills the suggestions within
# seconds) and stops with it.
run: $(STAMP)
	$(BIN)/kakehashi migrate
	$(BIN)/kakehashi seed-demo --if-empty
	$(BIN)/kakehashi worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/kakehashi serve --host 127.0.0.1 --port $(PORT)

# axe-core (npm registry) for the accessibility tests; they skip if npm is missing.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility checks will be skipped"; fi

test: $(TEST_STAMP) $(AXE)
	$(BIN)/python tests/run_all.py

# kill -9 of a live server mid-burst and backup/restore round trips, on SQLite and PostgreSQL
# (also part of `make test`; this runs just them, printing what each crash round found).
check-durability: $(TEST_STAMP)
	$(BIN)/python tests/run_all.py tests/durability -v -s

# ruff everywhere; mypy on both packages, matching strict (settings in pyproject.toml).
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

migrations: $(STAMP)
	cd platform && ../$(BIN)/tortoise -c kakehashi.db.TORTOISE_ORM makemigrations

bench: $(STAMP)
	$(BIN)/pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python -m benchmarks.matching_bench

# 50 users against `kakehashi serve --workers 2` on PostgreSQL with 10x the demo city, beside a
# bare Starlette + Jinja2 anchor; a fresh database, dropped afterwards (about 4 minutes).
check-load: $(STAMP)
	$(BIN)/python -m benchmarks.load_test

# Mails a minute the outbox delivers to an in-process SMTP server (SQLite, and PostgreSQL if up).
bench-mail: $(TEST_STAMP)
	$(BIN)/python -m benchmarks.mail_bench

clean:
	rm -rf $(VENV) var
