# newsfacts: `make run` builds the warehouse from the articles folder, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export GX_ANALYTICS_ENABLED ?= false

.PHONY: setup run test ui eval bench lint clean

setup: $(STAMP) $(DAGSTER_HOME)/dagster.yaml

# Pinned: pyproject.toml pins the direct dependencies, constraints.txt the whole tree.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,sql]'
	touch $@

$(DAGSTER_HOME)/dagster.yaml:
	mkdir -p $(DAGSTER_HOME)
	printf 'telemetry:\n  enabled: false\n' > $@

run: setup
	$(BIN)/python -m pipelines.run

test: setup
	$(BIN)/pytest

ui: setup
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

eval: setup
	$(BIN)/python -m pipelines.evaluation

bench: setup
	$(BIN)/python -m pipelines.bench

lint: setup
	$(BIN)/ruff check pipelines tests
	$(BIN)/ruff format --check pipelines tests

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) warehouse
