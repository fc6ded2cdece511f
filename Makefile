# Two commands on a fresh machine: `make run` (the main job) and `make test` (lint, types, whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export TRADEGUARD_SHARED_DATA ?= $(abspath ../shared/data)

.PHONY: run test check lint typecheck unit bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

DEMO_DB := var/demo.sqlite
TG := $(BIN)/tradeguard --db $(DEMO_DB)

## run: install, load the bundled sample list into a fresh demo database, screen names in several scripts, decide
run: $(STAMP)
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
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src/tradeguard

unit: $(STAMP)
	bash scripts/ensure-chromium.sh && bash scripts/ensure-java.sh
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
