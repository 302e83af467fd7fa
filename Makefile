# newsfacts: `make run` builds the warehouse from the articles folder, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Dashboards: Superset in an environment of its own (its pins clash with the project's).
SUPERSET_VENV := .venv-superset
SUPERSET_STAMP := $(SUPERSET_VENV)/.installed-stamp
# The browser tests drive Debian's chromium (Playwright downloads no browser here).
CHROMIUM := /usr/bin/chromium
# Lake mode's catalog and the lake tests: Debian's PostgreSQL 15 (a cluster of the project's
# own, `python -m pipelines.warehouse.postgres`; `make lake-db` starts one).
PG_CTL := /usr/lib/postgresql/15/bin/pg_ctl
LAKE_DB_DIR ?= /tmp/newsfacts-lake-db
LAKE_DB_PORT ?= 55432

export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export GX_ANALYTICS_ENABLED ?= false

.PHONY: setup run test ui eval bench lint clean dashboard lake-db lake-db-stop lake-maintenance

setup: $(STAMP) $(DAGSTER_HOME)/dagster.yaml

# Pinned: pyproject.toml pins the direct dependencies, constraints.txt the whole tree.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,sql]'
	touch $@

# The local instance (pipelines/defs/instance.py); a dagster.yaml of your own is left alone.
$(DAGSTER_HOME)/dagster.yaml: pipelines/defs/instance.py | $(STAMP)
	$(BIN)/python -m pipelines.defs.instance $(DAGSTER_HOME)

run: setup
	$(BIN)/python -m pipelines.run

test: setup $(SUPERSET_STAMP) $(CHROMIUM) $(PG_CTL)
	$(BIN)/pytest

ui: setup
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

eval: setup
	$(BIN)/python -m pipelines.evaluation

bench: setup $(PG_CTL)
	$(BIN)/python -m pipelines.bench

lint: setup
	$(BIN)/ruff check pipelines tests dashboards
	$(BIN)/ruff format --check pipelines tests dashboards

clean:
	rm -rf $(VENV) $(DAGSTER_HOME) warehouse $(SUPERSET_VENV) .superset_home test-artifacts

# Superset's environment: its pins clash with the project's, so it has its own.
$(SUPERSET_STAMP): dashboards/superset-requirements.txt dashboards/superset-constraints.txt
	$(PYTHON) -m venv $(SUPERSET_VENV)
	$(SUPERSET_VENV)/bin/pip install --quiet --disable-pip-version-check \
		-c dashboards/superset-constraints.txt -r dashboards/superset-requirements.txt
	touch $@

$(CHROMIUM):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

# Superset on http://127.0.0.1:8088 with the dashboards of dashboards/ over the warehouse
# (`make run` first); settings in the README's "Dashboards" section.
dashboard: $(SUPERSET_STAMP)
	$(SUPERSET_VENV)/bin/python dashboards/setup_superset.py setup
	$(SUPERSET_VENV)/bin/python dashboards/setup_superset.py serve

$(PG_CTL):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15

# A local catalog for lake mode; prints the NEWSFACTS_LAKE connection string to use.
lake-db: setup $(PG_CTL)
	$(BIN)/python -m pipelines.warehouse.postgres start --dir $(LAKE_DB_DIR) --port $(LAKE_DB_PORT)

lake-db-stop: setup
	$(BIN)/python -m pipelines.warehouse.postgres stop --dir $(LAKE_DB_DIR)

# Merge small Parquet files, expire old snapshots (NEWSFACTS_LAKE, NEWSFACTS_LAKE_DATA set).
lake-maintenance: setup
	$(BIN)/dagster job execute -m pipelines.definitions -j lake_maintenance
