# Two commands on a fresh machine: `make run` (the main job) and `make test` (lint, types, whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export TRADEGUARD_SHARED_DATA ?= $(abspath ../shared/data)

.PHONY: run test check lint typecheck unit bench clean

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77"
	# Pure Python here: the compiled core is built in place by the rule below, with this venv's mypyc.
	TRADEGUARD_PURE_PYTHON=1 $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The core compiled by mypyc and Cython (setup.py) sits beside its sources; rebuild it whenever they change, since a
# stale build would run old code. TRADEGUARD_PURE_PYTHON=1 leaves none (pure Python).
COMPILED := $(VENV)/.compiled
$(COMPILED): $(STAMP) $(wildcard src/tradeguard/names/*.py src/tradeguard/match/*.py src/tradeguard/index/bounds.py src/tradeguard/index/*.pyx)
	find src -name '*.so' -delete
	$(BIN)/python setup.py build_ext --inplace > $(VENV)/compile.log 2>&1 || { cat $(VENV)/compile.log; exit 1; }
	find src -name '*.so' -exec touch {} +  # build_ext copies them with the time of an earlier build
	$(BIN)/tradeguard --version
	touch $(COMPILED)

DEMO_DB := var/demo.sqlite
TG := $(BIN)/tradeguard --db $(DEMO_DB)

## run: install, load the bundled sample list into a fresh demo database, screen names in several scripts, decide
run: $(COMPILED)
	@mkdir -p var && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(TG) lists import --sample
	$(TG) lists status
	$(TG) screen "Huawei Technologies Co Ltd" --country CN
	$(TG) screen "华为技术有限公司"
	$(TG) screen "BANCO NACIONAL DE CUBA S.A."
	$(TG) screen "Acme Widgets Incorporated" --country US
	$(TG) compare "Huawei Device Company Limited" "华为终端有限公司"
	$(TG) decide examples/huawei-soc-2026.yaml

## test: lint, strict type check, then the whole test suite
test: check unit

check: lint typecheck

lint: $(STAMP)
	$(BIN)/ruff check src tests bench setup.py
	$(BIN)/ruff format --check src tests bench setup.py

typecheck: $(STAMP)
	$(BIN)/mypy src/tradeguard

unit: $(COMPILED)
	bash scripts/ensure-chromium.sh && bash scripts/ensure-java.sh
	$(BIN)/pytest

bench: $(COMPILED)
	$(BIN)/python -m bench

clean:
	find src -name '*.so' -delete
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
