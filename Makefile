# Two commands matter: `make run` (the whole system, offline) and `make test` (everything).
# `make test-fast` is the inner loop: pure tests and whole turns on the in-memory fakes, no servers.
# The first Python 3.11+ on PATH (3.11 first: the image's version); `make PYTHON=/path/to/python` to choose.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3.14 python3; do \
	$$p -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install lock run test test-fast lint typecheck bench synth clean

install: $(STAMP)

# .venv holds exactly what uv.lock pins for the project and its `dev` (moto, the test tools) and
# `deploy` (the CDK app and cfn-lint, which `make test` checks) extras.
$(STAMP): pyproject.toml uv.lock
	@test -n "$(PYTHON)" || { echo "make: Python 3.11 or newer is needed: none of python3.11 .. python3.14 or python3 on PATH is; install one or run make PYTHON=/path/to/python3.x" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(BIN)/uv sync --locked --extra dev --extra deploy --python $(BIN)/python --quiet
	touch $(STAMP)

# After changing dependencies in pyproject.toml (or merging a branch that did): never hand-merge uv.lock.
# Only uv is needed here: `install` itself refuses a lock that no longer matches pyproject.toml.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(BIN)/uv lock

run: install
	$(BIN)/orchestrator dev $(ARGS)

lint: install
	$(BIN)/ruff check orchestrator ingress worker tests bench deploy
	$(BIN)/lint-imports
	$(BIN)/mypy

typecheck: install
	$(BIN)/mypy

# loadgroup: the tests that share one CDK synthesis (xdist_group "cdk_synth") run in one process.
test: install lint
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The CloudFormation template, offline (no AWS account): deploy/cdk.out/OrchestratorStack.template.json.
# Context as for cdk: make synth CONTEXT="-c workerMaxTasks=20 -c image=..."
synth: install
	rm -rf deploy/cdk.out
	$(BIN)/python -m deploy.app $(CONTEXT)

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
