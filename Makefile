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

demo: $(INSTALLED)
	$(BIN)/kansli migrate --verbosity 0
	$(BIN)/kansli loaddemo
	$(BIN)/kansli work & trap 'kill %1' EXIT; $(BIN)/kansli rundemo

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

clean:
	rm -rf $(VENV) var
