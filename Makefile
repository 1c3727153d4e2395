# Two commands matter: `make run` (the whole system, offline) and `make test` (everything).
# `make test-fast` is the inner loop: pure tests and whole turns on the in-memory fakes, no servers.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test test-fast lint typecheck bench clean

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

# The contract tests' "fake" parameter (tests/store, tests/queue) holds the fakes to what moto and
# DynamoDB Local do; its other parameters need the servers, so they stay in `make test`.
# schemathesis's plugin (ingress schema tests only) costs seconds of start-up: not loaded here.
test-fast: install
	$(BIN)/pytest -n 0 -p no:schemathesis tests/unit tests/turn tests/store tests/queue -k "fake or not (moto or dynamodb_local)" $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench.store
	$(BIN)/python -m bench.understanding
	$(BIN)/python -m bench.ingress
	$(BIN)/python -m bench.worker

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
