# treatykb: two commands on a fresh machine, `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install serve build check test lint typecheck pytest clean lock

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

serve: install
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: install
	$(BIN)/mkdocs build --strict --site-dir site

check: install
	$(BIN)/treatykb check

lint: install
	$(BIN)/ruff check plugins tests $(wildcard scripts/*.py)
	$(BIN)/ruff format --check plugins tests $(wildcard scripts/*.py)

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint typecheck pytest

# Refresh the pinned versions after changing dependencies in pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^treatykb' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site .venv .pytest_cache .mypy_cache .ruff_cache
