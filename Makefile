# ecosystems: re-run the industrial-ecosystem typology. `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# Python 3.11, which the lock is pinned for: python3.11 when it is on the PATH, else python3
# (checked below; `make PYTHON=/path/to/python3.11` chooses another).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
STAMPS := build/stamps
KERNEL := ecosystems

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
DONE := $(patsubst notebooks/%.ipynb,$(STAMPS)/%.done,$(NOTEBOOKS))
SRC := $(wildcard src/ecosystems/*.py src/ecosystems/*/*.py src/ecosystems/*/*/*.py)
DATA := $(filter-out data/README.md,$(wildcard data/* data/*/*))

# Parallel by default where it is safe: `make all` runs JOBS notebooks side by side (none reads
# another's outputs: each writes only its own files, staged in a folder of its own) and prints
# each notebook's lines together when it ends (--output-sync). Only when `all` is the only goal,
# so that e.g. `make clean all` keeps its order; `make -j1 all` runs one at a time. The tests
# run in JOBS pytest-xdist workers (XDIST below), one make job at a time so progress shows.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)
ifeq ($(MAKECMDGOALS),all)
MAKEFLAGS += --jobs=$(JOBS) --output-sync=target
endif

.PHONY: help all setup check test unit nbval reproduce lint lab lock clean checksums bench explore static-explorer scenario scenarios synthetic

help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

setup: $(INSTALLED) ## create .venv from requirements.lock and register the notebook kernel

# scripts/install.sh installs the lock with uv (pinned in the lock, bootstrapped with the venv's
# pip; pip itself when uv cannot be installed), then the package editable.
$(INSTALLED): requirements.lock pyproject.toml
	@scripts/check_python.sh "$(if $(wildcard $(PY)),$(PY),$(PYTHON))"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	scripts/install.sh $(PY) requirements.lock .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (ecosystems)" >/dev/null
	@touch $@

all: $(DONE) ## execute every notebook whose inputs changed (outputs to notebooks/ and figures/)

# A notebook re-runs when it, the package, the data or the lock changed. The
# runner executes into build/staging and moves results into place only on success.
$(STAMPS)/%.done: notebooks/%.ipynb $(SRC) $(DATA) requirements.lock $(INSTALLED)
	@echo "== running notebooks/$*.ipynb"
	$(PY) -m ecosystems run notebooks/$*.ipynb --in-place --kernel $(KERNEL)
	@mkdir -p $(STAMPS) && touch $@

test: lint unit nbval reproduce ## run every check: lint, unit tests, nbval, byte-identical outputs

lint: $(INSTALLED) ## ruff over the package, tests and notebooks
	$(PY) -m ruff check .

# pytest-xdist: JOBS worker processes. Tests sharing a module-scoped fixture (a browser, a
# server, a built book) carry one xdist_group mark, so each group runs in one worker and the
# fixture is made once; nbval keeps each notebook's cells in one worker (--dist loadfile).
XDIST = $(if $(filter 1,$(JOBS)),,-n $(JOBS))
unit: $(INSTALLED) ## unit and property tests
	$(PY) -m pytest tests $(XDIST) $(if $(XDIST),--dist loadgroup)

# The fast loop: lint, then the science's unit tests without what is marked slow (kernels, the
# command line, figures at full size, long property tests; pyproject.toml) and without the
# nbval plugin (importing nbformat costs seconds per worker). `make test` runs everything.
CHECKED := tests/io tests/typology tests/analysis tests/draw
check: $(INSTALLED) ## the fast loop: ruff and the unit tests of io, typology, analysis, draw (none marked slow)
	$(PY) -m ruff check .
	$(PY) -m pytest $(CHECKED) -q -m "not slow" -p no:nbval $(XDIST)

# nbval re-executes every notebook and compares its outputs with the committed
# ones; the figures and tables it writes go to build/reproduce, never figures/.
nbval: $(INSTALLED) ## re-execute the notebooks and compare their outputs (nbval)
	rm -rf build/reproduce
	ECOSYSTEMS_OUTPUT_DIR=build/reproduce $(PY) -m pytest --nbval notebooks $(XDIST) \
	  $(if $(XDIST),--dist loadfile) \
	  --nbval-kernel-name $(KERNEL) --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  --nbval-cell-timeout 900 -o testpaths=notebooks

reproduce: nbval ## check that figures and tables regenerate byte-identical
	$(PY) -m ecosystems compare build/reproduce figures

# Each benchmark prints the date, machine and load it ran under; the whole output is also kept
# in build/bench/results.txt (benchmarks/README.md records earlier runs).
bench: $(INSTALLED) ## run every benchmark (benchmarks/bench_*.py), print its figures, keep them in build/bench/
	@mkdir -p build/bench
	@for b in $(sort $(wildcard benchmarks/bench_*.py)); do echo "== $$b"; $(PY) $$b; done \
	  2>&1 | tee build/bench/results.txt

# JupyterLab works on copies of the notebooks in build/lab/ (made once; delete one to get a
# fresh copy) and writes their figures and tables to build/lab/figures/, so that working in it
# never changes the committed notebooks or outputs. As root (containers) it passes --allow-root.
lab: $(INSTALLED) ## JupyterLab on working copies of the notebooks (build/lab/); committed files untouched
	@mkdir -p build/lab
	@for nb in $(NOTEBOOKS); do test -e build/lab/$$(basename $$nb) || cp $$nb build/lab/; done
	ECOSYSTEMS_OUTPUT_DIR=$(CURDIR)/build/lab/figures $(VENV)/bin/jupyter lab \
	  --notebook-dir=build/lab $(if $(filter 0,$(shell id -u)),--allow-root)

# uv (the lock's, bootstrapped as in setup; pip when it cannot be) resolves the newest
# versions into a fresh venv; pip freeze writes them in the lock's format (names as published).
lock: ## refresh requirements.lock from pyproject.toml (needs the package index)
	rm -rf build/lockenv
	$(PYTHON) -m venv build/lockenv
	build/lockenv/bin/python -m pip install --quiet --disable-pip-version-check \
	  "$$(grep -m1 '^uv==' requirements.lock)" 2>/dev/null && \
	  build/lockenv/bin/uv pip install --quiet --python build/lockenv/bin/python --upgrade \
	    ".[notebooks,dev]" setuptools pip || \
	  { echo "note: uv could not be installed or run; resolving with pip instead (slower)" >&2; \
	    build/lockenv/bin/python -m pip install --quiet --upgrade pip && \
	    build/lockenv/bin/python -m pip install --quiet --upgrade ".[notebooks,dev]" setuptools; }
	{ echo "# Generated by 'make lock' from pyproject.toml; do not edit by hand."; \
	  build/lockenv/bin/python -m pip freeze --all --exclude-editable | grep -v '^ecosystems' | LC_ALL=C sort; \
	} > requirements.lock
	rm -rf build/lockenv

clean: ## remove what setup and the pipeline made (never data/ or committed outputs)
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf src/*.egg-info

checksums: ## record the SHA-256 of every data file in data/SHA256SUMS (after adding data)
	cd data && find . -type f ! -name README.md ! -name SHA256SUMS | sed 's|^\./||' | \
	  LC_ALL=C sort | xargs sha256sum > SHA256SUMS

.PHONY: report
# The book shows the committed outputs as they are (stale ones flagged); run
# `make all` first to bring them up to date. SCENARIO=NAME: the book of
# build/scenarios/NAME/ (a `make scenario` run) into build/scenarios/NAME/report/.
report: $(INSTALLED) ## build the reviewer's book in build/report/ (SCENARIO=NAME: of a scenario)
	$(PY) -m ecosystems report $(if $(SCENARIO),--scenario $(SCENARIO),build/report)

EXPLORE_PORT ?= 8866
explore: $(INSTALLED) ## serve the threshold explorer (notebook 07) with Voila at http://127.0.0.1:8866/
	$(PY) -m ecosystems explore --port $(EXPLORE_PORT)

static-explorer: $(INSTALLED) ## write the explorer without a server: build/report/explorer.html
	$(PY) -m ecosystems static-explorer build/report/explorer.html

# A scenario checks one parameter file (an unknown key, a wrong type or an impossible
# value stops it before anything runs), runs every notebook with it into
# build/scenarios/NAME/ (each notebook gets the keys it declares), never touching the
# committed outputs, and writes build/scenarios/NAME/SUMMARY.md: its settings, the cut
# points used, the cluster-years that change type and the claims that flip against the
# paper's configuration. `make scenarios` runs every params/*.yaml (-j2: two at a time).
scenario: $(INSTALLED) ## run every notebook with PARAMS=params/NAME.yaml into build/scenarios/NAME/
	@test -n "$(PARAMS)" || { echo "usage: make scenario PARAMS=params/NAME.yaml" >&2; exit 2; }
	$(PY) -m ecosystems scenario $(PARAMS) --kernel $(KERNEL)

SCENARIO_FILES := $(sort $(wildcard params/*.yaml))
SUMMARIES := $(patsubst params/%.yaml,build/scenarios/%/SUMMARY.md,$(SCENARIO_FILES))
scenarios: $(SUMMARIES) ## run every params/*.yaml as a scenario (build/scenarios/*/SUMMARY.md)

build/scenarios/%/SUMMARY.md: params/%.yaml $(NOTEBOOKS) $(SRC) $(DATA) requirements.lock $(INSTALLED)
	$(PY) -m ecosystems scenario $< --kernel $(KERNEL)

# SYNTHETIC data, seeded: the participant example in data/ (committed, checksummed) and the
# indicator tables at 151 x 10 and 5,000 x 20 in build/synthetic/ (not committed; megabytes).
synthetic: $(INSTALLED) ## regenerate the SYNTHETIC participant example (data/) and indicator tables (build/synthetic/)
	$(PY) scripts/make_synthetic_participants.py
	$(MAKE) checksums
	$(PY) scripts/make_synthetic_indicators.py
