# Two commands: `make build` and `make test`. Everything else is set up on demand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: build test check lint bench compile translations serve clean

$(VENV)/.installed: pyproject.toml scripts/system-deps.sh
	@sh scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e .
	@$(MAKE) -s compile
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@sh scripts/system-deps.sh test
	@$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

build: $(VENV)/.installed
	$(BIN)/quartierboards build $(ARGS)

check: $(VENV)/.installed
	$(BIN)/quartierboards check $(ARGS)

serve: $(VENV)/.installed
	$(BIN)/quartierboards serve $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check quartierboards tests build.py benchmarks
	$(BIN)/python -m pytest $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check quartierboards tests build.py benchmarks

translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k N_ -k tr -k trn:1,2 \
	  --no-location --sort-output --project=quartierboards -o quartierboards/locale/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i quartierboards/locale/messages.pot -d quartierboards/locale
	$(BIN)/pybabel compile -d quartierboards/locale

bench: $(VENV)/.installed compile
	$(BIN)/python benchmarks/run.py $(ARGS)

# Bytecode for the package, as pip writes it for an installed wheel (an editable install
# does not, and with PYTHONDONTWRITEBYTECODE set Python never does): every command starts
# about 0.1 s sooner. Python recompiles a module whose source is newer, so this is never stale.
compile:
	@$(BIN)/python -m compileall -q quartierboards

clean:
	rm -rf output flyers .cache
