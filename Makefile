# Two commands: `make build` and `make test`. Everything else is set up on demand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: build test check lint bench compile translations serve clean lock upgrade verify-lock

# Exactly the locked set (requirements/*.txt, with hashes), then the project itself
# without resolving anything: a fresh machine gets the same versions on any day.
# `make upgrade` is the only way the versions change.
PIP_INSTALL := $(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps

$(VENV)/.installed: pyproject.toml requirements/base.txt scripts/system-deps.sh
	@sh scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) -r requirements/base.txt
	@$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	@$(MAKE) -s compile
	@rm -f $(VENV)/.installed-test
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	@sh scripts/system-deps.sh test
	@$(PIP_INSTALL) -r requirements/test.txt
	@touch $@

build: $(VENV)/.installed
	$(BIN)/quartierboards build $(ARGS)

check: $(VENV)/.installed
	$(BIN)/quartierboards check $(ARGS)

serve: $(VENV)/.installed
	$(BIN)/quartierboards serve $(ARGS)

test: $(VENV)/.installed-test
	@$(BIN)/python scripts/verify_lock.py requirements/test.txt
	$(BIN)/ruff check quartierboards tests build.py benchmarks scripts
	$(BIN)/python -m pytest $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check quartierboards tests build.py benchmarks scripts

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

# Lock files: pip-tools writes exact versions with hashes for every file of each version.
# `make lock` re-resolves pyproject.toml keeping the locked versions where they still fit;
# `make upgrade` takes the newest versions and runs the whole suite on them.
PIP_TOOLS := .cache/pip-tools/bin
COMPILE   := PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(PIP_TOOLS)/pip-compile -q --generate-hashes \
             --allow-unsafe --strip-extras --all-build-deps

$(PIP_TOOLS)/pip-compile:
	@$(PYTHON) -m venv .cache/pip-tools
	@$(PIP_TOOLS)/python -m pip install -q --require-hashes -r requirements/tools.txt

lock: $(PIP_TOOLS)/pip-compile
	$(COMPILE) --extra test -o requirements/test.txt pyproject.toml
	$(COMPILE) -c requirements/test.txt -o requirements/base.txt pyproject.toml

upgrade: $(PIP_TOOLS)/pip-compile
	$(COMPILE) --upgrade --extra test -o requirements/test.txt pyproject.toml
	$(COMPILE) -c requirements/test.txt -o requirements/base.txt pyproject.toml
	git diff --stat -- requirements/
	$(MAKE) test

verify-lock: $(VENV)/.installed-test
	$(BIN)/python scripts/verify_lock.py requirements/test.txt
