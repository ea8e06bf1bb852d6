# The two commands a new user runs (see README.md): `make gallery` and `make test`.
# Each creates .venv if missing and installs the project with its test extras.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: gallery test bench bench-legibility install bytecode tools docs clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# The package's bytecode, as `pip install` of a wheel writes it: an editable install leaves it to
# Python, which writes none where PYTHONDONTWRITEBYTECODE is set (as on our machines), so every
# command would compile all of mindmap afresh (about 0.1-0.3 s). Only changed modules are redone.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q mindmap

# System tools the tests drive for real (Chromium, LibreOffice, the Mermaid CLI, PlantUML).
tools: $(STAMP)
	bash scripts/install-tools.sh

gallery: $(STAMP) bytecode
	$(BIN)/mindmap gallery themes -o gallery --force
	$(BIN)/mindmap report themes -o gallery/report.docx
	$(BIN)/mindmap report themes -o gallery/report-deck.pptx

# Lint, format and type checks first (zero findings), then every test.
test: $(STAMP) bytecode tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Speed and scale against PlantUML, the Mermaid CLI and Graphviz alone; writes bench/results.md.
bench: $(STAMP) bytecode tools
	bash scripts/install-bench-tools.sh
	$(BIN)/python -m bench

# Only the legibility part (printed size on page, slide and A3 against the Mermaid CLI; bench/corpus/):
# rewrites the "Legibility" section of bench/results.md. The Mermaid CLI's figures are cached in .tmp/.
bench-legibility: $(STAMP) bytecode tools
	$(BIN)/python -m bench.legibility

# Generated files a test keeps current: the JSON Schemas and the README's generated parts.
docs: $(STAMP)
	$(BIN)/mindmap schema -o mindmap.schema.json
	$(BIN)/mindmap schema --styles -o styles.schema.json
	$(BIN)/python scripts/readme.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
