# ls-thematic: `make up` starts Label Studio with the demo project and the suggestion backend;
# `make test` runs the whole test suite. Both create the environments they need.

PYTHON ?= python3
VENV := .venv
VENV_LS := .venv-ls
# PyTorch's CPU-only wheel index, for machines without a local CPU build of torch (else pip
# takes a CUDA build of several GB from PyPI): make up TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
TORCH_INDEX_URL ?=
DATA ?= ./data
PORT ?= 8080
BACKEND_PORT ?= 9090

.PHONY: up up-team down test venv venv-ls browser services lint bench clean-data mutation

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	# torch first, the CPU build (from this machine's disk, or TORCH_INDEX_URL), so nothing pulls CUDA.
	$(VENV)/bin/pip install -q torch==2.13.0 $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL))
	# the gamma extra too, so that `agreement --unit spans` is tested with γ
	$(VENV)/bin/pip install -q -e '.[dev,gamma]'
	touch $@

$(VENV_LS)/.installed:
	test -x $(VENV_LS)/bin/python || $(PYTHON) -m venv $(VENV_LS)
	$(VENV_LS)/bin/pip install -q --upgrade pip
	$(VENV_LS)/bin/pip install -q label-studio==1.23.2
	# gunicorn serves Label Studio with several worker processes for `make up-team`
	$(VENV_LS)/bin/pip install -q 'gunicorn>=22,<24'
	touch $@

# Label Studio's ~250 migrations, run once (about 4.5 minutes on two cores): every new data
# folder then starts from a copy of this empty database in about 30 s.
LS_TEMPLATE := $(VENV_LS)/ls-thematic-empty.sqlite3
$(LS_TEMPLATE): $(VENV)/.installed $(VENV_LS)/.installed
	@echo "Preparing Label Studio's empty database (once; about 5 minutes)..."
	$(VENV)/bin/python -c 'from ls_thematic.scripts.lsserver import prepare_database_template; prepare_database_template()'
	@touch $@

venv: $(VENV)/.installed
venv-ls: $(VENV_LS)/.installed $(LS_TEMPLATE)

# Debian's chromium for the browser test (no browser download: Playwright drives this one).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium (needed by the browser test)"; exit 1; fi; }

# Debian's PostgreSQL and Redis for the team server's tests (started by the tests as our own
# processes on 127.0.0.1, never as system services).
services:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql redis-server >/dev/null; \
	  else echo "PostgreSQL or Redis is missing: sudo apt-get install postgresql redis-server (needed by the team server's tests)"; exit 1; fi; }

up: venv venv-ls
	$(VENV)/bin/ls-thematic up --data $(DATA) --port $(PORT) --backend-port $(BACKEND_PORT)

# The team server: PostgreSQL (Debian's, installed by root when missing), Label Studio under
# gunicorn with several workers, the backend with 2 workers on PostgreSQL. `make down` stops it.
up-team: venv venv-ls
	$(VENV)/bin/ls-thematic up --team --data $(DATA) --port $(PORT) --backend-port $(BACKEND_PORT)

down:
	$(VENV)/bin/ls-thematic down --data $(DATA)

test: venv venv-ls browser services
	$(VENV)/bin/python -m pytest

lint: venv
	$(VENV)/bin/ruff check .

bench: venv
	$(VENV)/bin/python benchmarks/bench_quality.py
	$(VENV)/bin/python benchmarks/bench_refit.py

# Mutation testing of the core (docs/mutation.md), not part of `make test`: hours on 2 cores.
# The three folders are laid out as the installed package in $(MUTATION)/ls_thematic, so that
# mutmut's mutated copy ($(MUTATION)/mutants/) is what `import ls_thematic` finds there.
# MUTANTS narrows the run, e.g. make mutation MUTANTS='ls_thematic.backend.store.*'
MUTATION := .mutation
MUTANTS ?=
JOBS ?= 2

mutation: venv
	rm -rf $(MUTATION)
	mkdir -p $(MUTATION)/ls_thematic
	cp -R backend label_config scripts $(MUTATION)/ls_thematic/
	cp -R label_config tests pyproject.toml $(MUTATION)/
	find $(MUTATION) -name __pycache__ -prune -exec rm -rf {} +
	cd $(MUTATION) && LS_THEMATIC_SHARED="$${LS_THEMATIC_SHARED:-$(CURDIR)/../shared}" \
	  ../$(VENV)/bin/mutmut run --max-children $(JOBS) $(MUTANTS)
	$(VENV)/bin/python tests/mutation_score.py $(MUTATION)/mutants
