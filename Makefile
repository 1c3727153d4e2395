# Two commands matter: `make run` (the whole system, offline) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck bench synth clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,deploy]'
	touch $(STAMP)

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

bench: install
	$(BIN)/python -m bench.store
	$(BIN)/python -m bench.understanding
	$(BIN)/python -m bench.ingress
	$(BIN)/python -m bench.worker

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
