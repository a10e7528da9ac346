# Two commands do all the set-up on a fresh machine with Python 3.11 and make:
#   make report   creates .venv, ingests data/raw, renders the notebooks to reports/<index>-<year>/*.html
#                 (+ reports/index.html)
#   make test     creates .venv (and installs Chromium for the browser test when missing), ingests data/raw, runs ruff,
#                 the test suite and every notebook (nbmake)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv ingest report test lint sample-data bench bench-report chromium clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (cchc)" >/dev/null
	touch $(STAMP)

venv: $(STAMP)

ingest: venv
	$(BIN)/cchc ingest data/raw --out data/processed

report: ingest
	$(BIN)/cchc report --out reports

chromium:
	sh scripts/install_chromium.sh

test: venv chromium ingest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q tests
	$(BIN)/python -m pytest -q --nbmake notebooks

lint: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sample-data: venv
	$(BIN)/python scripts/make_sample_data.py

bench: ingest
	$(BIN)/python benchmarks/bench_read.py
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_report.py

bench-report: ingest
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) data/processed/*.parquet data/processed/*.json reports/*.html reports/*.png \
		reports/*/ reports/manifest.json
