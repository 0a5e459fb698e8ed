# One check command: lint, types, tests. `make check` creates .venv on first use.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install check lint types test demo examples bench bench-quick clean

$(BIN)/wus: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/wus

install: $(BIN)/wus

lint: install
	$(BIN)/ruff check
	$(BIN)/ruff format --check wus_client

types: install
	$(BIN)/mypy

test: install
	$(BIN)/pytest

check: lint types test

demo: install
	$(BIN)/wus demo

examples: install
	@set -e; for f in examples/submit_*.py; do echo "== $$f"; $(BIN)/python "$$f"; done

bench: install
	$(BIN)/python -m benchmarks

bench-quick: install
	$(BIN)/python -m benchmarks --quick

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
