# One command each: `make demo` sets up and runs the demo; `make test` sets up and runs the tests.
# Both install the locked versions (requirements/development.txt, with hashes); `make lock`
# updates the lock from pyproject.toml (see docs/deploy.md, "Upgrading dependencies").
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCK := requirements/development.txt

.PHONY: demo test lint lock bench clean system

$(BIN)/.installed: $(LOCK) pyproject.toml
	@PYTHON=$(PYTHON) sh scripts/check-system demo
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "pyproject.toml needs a package that $(LOCK) does not lock: run make lock" >&2; exit 1; }
	touch $@

system:
	@PYTHON=$(PYTHON) sh scripts/check-system test

demo: $(BIN)/.installed
	$(BIN)/doorstep demo --port $(PORT)

test: system $(BIN)/.installed
	$(BIN)/pytest -rs

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/doorstep makemigrations --check --dry-run

# The exact versions, with hashes, of everything pyproject.toml asks for (bounds included):
# development.txt for make demo/test and CI, production.txt for a server. Upgrade one package
# with `make lock UPGRADE="--upgrade-package django"`, everything with UPGRADE=--upgrade.
UPGRADE ?=
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==0.13.8"
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --universal \
	  --python-version 3.11 --quiet $(UPGRADE) -o requirements/development.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal \
	  --python-version 3.11 --quiet $(UPGRADE) -o requirements/production.txt
	@echo "Locked. make test and make demo install the new versions on their next run."

bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet "pandas>=2" "waitress>=3"
	$(BIN)/python benchmarks/import_repairs.py --rows 1000000

clean:
	rm -rf $(VENV) data
