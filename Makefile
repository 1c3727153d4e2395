# Two commands matter: `make run` (the whole system, offline) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/orchestrator dev $(ARGS)

lint: install
	$(BIN)/ruff check orchestrator ingress worker tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

typecheck: install
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench.store
	$(BIN)/python -m bench.understanding
	$(BIN)/python -m bench.ingress
	$(BIN)/python -m bench.worker

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
