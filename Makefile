# The two commands that set everything up on a fresh machine:
#   make demo   creates .venv, installs backstride, imports a generated sample history into a
#               throwaway SQLite database and serves the web app on it, printing the address
#               (http://127.0.0.1:8000/, or a free port when 8000 is taken) until Ctrl+C
#   make test   lint, type-check and run the tests (PostgreSQL tests too when
#               BACKSTRIDE_TEST_POSTGRES_URL is set)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-calendar lint typecheck bench fuzz fuzz-mutate install clean

# Python keeps its compiled modules (__pycache__, ignored by git) even where the machine
# says not to (PYTHONDONTWRITEBYTECODE): otherwise every command, every test process and
# every command a test starts compiles all of backstride again (pytest's collection
# 7.4 s -> 3.3 s, a command's start 0.2 s sooner).
unexport PYTHONDONTWRITEBYTECODE

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m compileall -q src >/dev/null
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/backstride demo

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(BIN)/.installed
	$(BIN)/mypy --strict src tests

test: lint typecheck
	$(BIN)/pytest -n auto

# the tests that read the clock, under every weekday at 00:30 and 23:30 (CI runs it too)
test-calendar: $(BIN)/.installed
	scripts/test-calendar

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_fit_decoders.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_insights.py
	$(BIN)/python benchmarks/plan_quality.py

# coverage-guided fuzzing (atheris) of every import format, one target after the other:
# FUZZ_SECONDS each, or FUZZ_RUNS inputs each; crashes are kept in tests/fuzz-crashes/<format>/
# (a regression test replays them). `fuzz-mutate` is the older mutation fuzzer.
FUZZ_SECONDS ?= 600
FUZZ_RUNS ?=
fuzz: $(BIN)/.installed
	nice -n 19 $(BIN)/python benchmarks/fuzz/all.py $(if $(FUZZ_RUNS),--runs $(FUZZ_RUNS),--seconds $(FUZZ_SECONDS))

FUZZ_INPUTS ?= 100000
fuzz-mutate: $(BIN)/.installed
	$(BIN)/python benchmarks/fuzz_import.py --per-format $(FUZZ_INPUTS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
