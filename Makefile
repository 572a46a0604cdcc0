# treatykb: two commands on a fresh machine, `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install serve build build-zensical offline bench check test lint typecheck pytest clean lock

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# --dirty: after an edit, MkDocs renders again only the pages treatykb rewrote, the ones
# that depend on it (plugins/treatykb/incremental.py); without it, every page, which at
# 20,000 records takes minutes. Open data, feeds and search follow in the background.
serve: install
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# Built beside the last good site and swapped in only when the build succeeded: a
# broken record fails the build and leaves site/ as it was.
build: install
	rm -rf site.new
	$(BIN)/mkdocs build --strict --site-dir site.new
	rm -rf site.old; if [ -d site ]; then mv site site.old; fi; mv site.new site; rm -rf site.old

# The same site without any MkDocs plugin, built by Zensical: treatykb writes the docs tree
# and a configuration (build/zensical/), Zensical renders it, treatykb finishes the site
# (search bodies, data/, feeds, CSP, search index). The site is build/zensical/site.
build-zensical: install
	$(BIN)/treatykb generate build/zensical
	cd build/zensical && ../../$(BIN)/zensical build -f mkdocs.yml
	$(BIN)/treatykb postbuild build/zensical/site

# The offline edition: a zip of the site that works opened from disk, with search.
offline: install
	$(BIN)/treatykb offline --out dist/treatykb-offline.zip

# Scale (synthetic records, never shipped): build time, memory and treatykb's phases at
# each size next to Material alone, an edit under `make serve` at the largest, then the
# search figures (treatykb vs Material's search). BENCH_RECORDS=500,2000 for a quicker run.
BENCH_RECORDS ?= 5000,20000
bench: install
	$(BIN)/python scripts/bench.py --records $(BENCH_RECORDS) --serve

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
	( echo "# Pinned versions for CI and users (make lock refreshes them from pyproject.toml)."; .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v "^treatykb" ) > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site site.new site.old dist build/zensical .venv .pytest_cache .mypy_cache .ruff_cache
