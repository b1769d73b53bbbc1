# Kansli: `make demo` runs it, `make test` tests it. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgres lint bench install clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

# Ekerö kommun on :8000; KSL, the federation, as an installation of its own on :8001.
# The demo's e-mail (reminders, dispatches) is written to var/mail and var/ksl/mail.
DEMO_MAIL := EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
KSL := env -u DATABASE_URL KANSLI_DATA_DIR=var/ksl $(DEMO_MAIL)

demo: $(INSTALLED)
	$(BIN)/kansli migrate --verbosity 0
	$(BIN)/kansli loaddemo
	$(KSL) $(BIN)/kansli migrate --verbosity 0
	$(KSL) $(BIN)/kansli loaddemo --federation
	$(DEMO_MAIL) $(BIN)/kansli work & $(KSL) $(BIN)/kansli work & \
	  $(KSL) $(BIN)/kansli rundemo --federation > var/ksl/server.log 2>&1 & \
	  trap 'kill %1 %2 %3' EXIT; $(DEMO_MAIL) $(BIN)/kansli rundemo

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench

test: lint test-sqlite test-postgres

test-sqlite: $(INSTALLED)
	env -u DATABASE_URL $(BIN)/python -m pytest

test-postgres: $(INSTALLED)
	$(BIN)/python tests/pgcluster.py -- $(BIN)/python -m pytest

bench: $(INSTALLED)
	$(BIN)/python bench/registration.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/meetings.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/deadlines.py
	$(BIN)/python bench/public.py
	$(BIN)/python bench/archive.py
	$(BIN)/python bench/import.py

clean:
	rm -rf $(VENV) var
