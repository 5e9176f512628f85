# The two commands of the README: `make run` and `make test`. Both build .venv from the lock file first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= dateline.duckdb
CORPUS ?= examples/corpus
OUT ?= out

.PHONY: run serve test lint lock bench train clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@# Byte-compiled once here: start-up stays fast where PYTHONDONTWRITEBYTECODE is set.
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m compileall -q src
	@# The gazetteer index, built once per machine (about a minute) so that no first run waits for it.
	$(BIN)/python -c "from dateline.places import gazetteer; gazetteer.load()"
	touch $@

run: $(BIN)/.installed
	$(BIN)/dateline ingest $(CORPUS) --db $(DB)
	$(BIN)/dateline events --db $(DB)
	@for f in csv geojson parquet jsonl; do $(BIN)/dateline export $(OUT)/events.$$f --db $(DB); done
	@echo "map and timeline: open http://127.0.0.1:8000 (make serve)"

# The REST API and the map + timeline page over $(DB), until Ctrl-C.
serve: $(BIN)/.installed
	$(BIN)/dateline serve --db $(DB)

# Debian's chromium for the browser tests (tests/browser): Playwright drives it, it cannot download a browser here.
$(BIN)/.browser: $(BIN)/.installed
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) \
		|| echo "chromium could not be installed: tests/browser will be skipped"
	touch $@

test: $(BIN)/.installed $(BIN)/.browser
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# Re-pin every dependency (needs the network to PyPI).
lock: $(BIN)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra ray --override overrides.txt --python-version 3.11 -o requirements.lock

# Rebuild the sub-event classifier's head (src/dateline/data/classifier.json) from src/dateline/data/train/.
train: $(BIN)/.installed
	$(BIN)/python -m dateline.events.train

bench: $(BIN)/.installed
	$(BIN)/dateline bench

clean:
	rm -rf $(VENV) $(DB) $(OUT) .pytest_cache .ruff_cache
