# Two commands on a fresh clone: `make reports` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPORT_INPUT ?= seeds
REPORT_OUT ?= reports
REPORT_ARGS ?=

.PHONY: reports test lab tag evaluate benchmark tempeval install clean

install: $(STAMP)

# Re-installs only when the dependency pins change; a second run skips it.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.0.1"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $(STAMP)

reports: $(STAMP)
	$(BIN)/libya-analysis report $(REPORT_INPUT) --out $(REPORT_OUT) $(REPORT_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

tag: $(STAMP)
	$(BIN)/libya-analysis tag $(REPORT_INPUT) --out $(REPORT_OUT)/tagged

evaluate: $(STAMP)
	$(BIN)/libya-analysis evaluate ../shared/eval/seeds_gold.yaml --tagged $(REPORT_OUT)/tagged

benchmark: $(STAMP)
	$(BIN)/python benchmarks/tag_throughput.py
	$(BIN)/python benchmarks/topic_scaling.py
	$(BIN)/python benchmarks/tempeval.py --split all

# TIMEX3 values on the TempEval-3 training texts (dev part; --split test for the held-out third).
tempeval: $(STAMP)
	$(BIN)/python benchmarks/tempeval.py --split dev --errors benchmarks/out/tempeval_errors.tsv

clean:
	rm -rf $(VENV) $(REPORT_OUT) build *.egg-info
