# Two entry points (README, Quick start): `make app` and `make test`. Both create .venv and
# install the project into it first, so they work on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: app test lint demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

app: $(STAMP)  ## install, then serve the app on the demo region at http://localhost:8501
	$(BIN)/streamlit run app.py

lint: $(STAMP)  ## ruff and mypy, as CI runs them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint  ## install, lint, then run the whole test suite
	$(BIN)/pytest -n auto --dist loadfile

demo: $(STAMP)  ## regenerate data/demo deterministically
	$(BIN)/emhana demo build --out data/demo

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
