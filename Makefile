# Kakehashi: `make run` serves the demo city on SQLite; `make test` runs the suite on SQLite
# and, when a server answers, on PostgreSQL. Both create .venv and install what they need, at the
# versions pinned in constraints.txt (`make lock` refreshes the pins).

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
AXE := node_modules/axe-core/axe.min.js
# Every install takes its versions from the lock, the build backend's included.
CONSTRAINTS := constraints.txt
PIP_INSTALL := $(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) --build-constraint $(CONSTRAINTS)

.PHONY: run test check-durability check-trust check-load lint migrations bench bench-worker bench-mail lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The pinned pip first: an older one knows no --build-constraint.
$(STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) --upgrade pip
	$(PIP_INSTALL) -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(CONSTRAINTS) $(STAMP)
	$(PIP_INSTALL) -e '.[test]'
	touch $@

# The matching worker runs beside the web server (its first pass fills the suggestions within
# seconds) and stops with it.
run: $(STAMP)
	$(BIN)/kakehashi migrate
	$(BIN)/kakehashi seed-demo --if-empty
	$(BIN)/kakehashi worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	KAKEHASHI_CITY_NAME=$${KAKEHASHI_CITY_NAME:-架橋市} $(BIN)/kakehashi serve --host 127.0.0.1 --port $(PORT)

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

# The security section's figures, on SQLite and PostgreSQL: >= 10,000 generated API and form
# cases with no server error, 20 kill -9 rounds, the sign-in burst and 100 MB bodies (~25 min).
TRUST_SCALE := KAKEHASHI_CRASH_ROUNDS=20 KAKEHASHI_FUZZ_EXAMPLES=200 KAKEHASHI_FORM_FUZZ_EXAMPLES=250
check-trust: $(TEST_STAMP)
	$(TRUST_SCALE) $(BIN)/python tests/run_all.py -p no:cacheprovider tests/trust \
	  tests/api/test_api_fuzz.py tests/web/test_fuzz_forms_and_csv.py tests/durability/test_crash.py

# ruff everywhere; mypy on both packages, matching strict (settings in pyproject.toml).
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

migrations: $(STAMP)
	cd platform && ../$(BIN)/tortoise -c kakehashi.db.TORTOISE_ORM makemigrations

bench: $(STAMP)
	$(PIP_INSTALL) -r benchmarks/requirements.txt
	$(BIN)/python -m benchmarks.matching_bench

# The matching worker: one edited call at 10x the demo city (PostgreSQL), full suggestions
# against scikit-learn, a full reindex (about 8 minutes; figures in README's Suggestions).
bench-worker: $(STAMP)
	$(BIN)/python -m benchmarks.worker_bench

# `kakehashi serve --workers 2` on PostgreSQL with 10x the demo city: CPU per request of each
# page type, 50 users flat out, 100 browsing; a fresh database, dropped afterwards (~5 minutes).
check-load: $(STAMP)
	$(BIN)/python -m benchmarks.load_test

# Mails a minute the outbox delivers to an in-process SMTP server (SQLite, and PostgreSQL if up).
bench-mail: $(TEST_STAMP)
	$(BIN)/python -m benchmarks.mail_bench

# Refresh the lock: install pyproject.toml's ranges (the test extras too) and the benchmarks'
# requirements afresh into a throwaway venv and pin every version it got. Review the diff, run
# `make test` (which reinstalls from the new pins), commit constraints.txt.
LOCK_VENV := build/lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[test]' -r benchmarks/requirements.txt
	{ echo "# The pinned versions \`make run\`, \`make test\`, \`make bench\` and CI install: written by"; \
	  echo "# \`make lock\` from pyproject.toml (with the test extras) and benchmarks/requirements.txt"; \
	  echo "# by $$($(LOCK_VENV)/bin/python -c 'import platform; print("CPython", platform.python_version(), "on", platform.system())'). Do not edit by hand."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable --exclude setuptools --exclude wheel; \
	} > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(LOCK_VENV)

clean:
	rm -rf $(VENV) build var
