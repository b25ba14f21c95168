# The two set-up commands of the README: `make dashboard` and `make test`.
# Both build .venv/ from the lock file (only when it changed) and go on from there.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(VENV)/tools/bin/uv
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CORPUS ?= corpus
PORT ?= 8866

.PHONY: dashboard test bench install lock clean

dashboard: $(STAMP)
	$(BIN)/vigie dashboard $(CORPUS) --port $(PORT)

test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest

# `make bench BENCH_ARGS="--only voila --merge"` measures one benchmark again and keeps the other rows.
# DuckDB is no vigie dependency (the lock leaves it out): the benchmarks install it to compare query engines.
DUCKDB := duckdb==2.0.1
bench: $(STAMP)
	$(BIN)/python -c "import duckdb" 2>/dev/null || $(UV) pip install -q --python $(BIN)/python "$(DUCKDB)"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

install: $(STAMP)

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (it is on our machines), no process would ever
# keep the bytecode it compiles, and every Voilà kernel, edit worker and CLI run would compile spaCy, pandas
# and plotly from source again: 2.5 -> 0.9 s for the dashboard's imports, 4.3 -> 1.6 s for the CLI's
# (docs/serving.md). It costs ~15 s once, at install.
$(STAMP): requirements.lock pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --target $(VENV)/tools uv==$(UV_VERSION)
	$(UV) pip sync -q --compile-bytecode --python $(BIN)/python requirements.lock
	$(UV) pip install -q --compile-bytecode --python $(BIN)/python --no-deps -e .
	touch $@

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core

# Regenerate the lock after editing pyproject.toml's dependencies.
lock: $(STAMP)
	$(UV) pip compile -q pyproject.toml --extra test --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) corpus/.vigie
