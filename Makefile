# One task runner for people and CI. `make run` and `make test` do all setup on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint demo bench fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: the app on the embedded SQLite database (built from the sample data on first run);
## ARGS go to `senddash serve`, e.g. make run ARGS="--port 8502 --address 0.0.0.0"
run: $(STAMP)
	$(VENV)/bin/senddash serve $(ARGS)

## test: lint, layer contracts, and the whole suite on SQLite and PostgreSQL, plus the browser tests
test: $(STAMP)
	eval "$$(bash scripts/test-services.sh)" && \
	$(PY) -m ruff check . && \
	$(VENV)/bin/lint-imports && \
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check . && $(VENV)/bin/lint-imports

demo: $(STAMP)
	$(VENV)/bin/senddash demo

bench: $(STAMP)
	$(PY) bench/run_all.py

## fuzz: the importer fuzz tests with fresh random examples, ten times as many (the test run repeats fixed ones)
fuzz: $(STAMP)
	SENDDASH_FUZZ_EXPLORE=1 $(PY) -m pytest -n 2 -q tests/security/test_fuzz_importers.py

clean:
	rm -rf $(VENV) data .pytest_cache
