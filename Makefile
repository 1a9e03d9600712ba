# Giljabi — the two commands a new user needs:
#   make run    install everything, index the bundled corpus (first time only), open the chat UI
#   make test   install everything (incl. Chromium for the browser test) and run the tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run install chromium test api ingest lint bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi nanum; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-nanum >/dev/null; }

run: install
	$(BIN)/giljabi ui

api: install
	$(BIN)/giljabi serve

ingest: install
	$(BIN)/giljabi ingest

test: install chromium
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

eval: install
	$(BIN)/giljabi eval evals/datasets/seeds.jsonl evals/datasets/real.jsonl --report eval-report.html

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf .giljabi .pytest_cache
