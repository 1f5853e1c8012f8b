# Panel Records — `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := PANELRECORDS_ENV=$${PANELRECORDS_ENV:-development} $(VENV)/bin/flask --app wsgi
STAMP := $(VENV)/.installed
PORT ?= 5000

CATALOGUES := $(wildcard translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: help install run test test-sqlite test-postgres fuzz lint format demo assets bench clean translations messages check-translations

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the app with the dev extra (idempotent)

# Each catalogue is compiled again whenever its .po changes (the .mo files are not kept in git).
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(PY) -m panelrecords.catalogues compile

translations: install $(COMPILED) ## Compile the public site's translation catalogues (.po -> .mo)

messages: install ## Extract the public site's English text into translations/messages.pot and add new messages to each catalogue
	$(PY) -m panelrecords.catalogues update

check-translations: install ## Check every catalogue (or CODE=pl): no message missing, empty or fuzzy, placeholders and tags as in English
	$(PY) -m panelrecords.catalogues check-pot
	$(PY) -m panelrecords.catalogues check $(CODE)

run: install translations ## Upgrade the database, load demo data once, serve http://127.0.0.1:5000 (or PORT=…)
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install translations ## Lint, check import rules, and run the whole test suite (DATABASE_URL picks PostgreSQL)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -p no:cacheprovider --durations=15

fuzz: install ## Hunt for redaction and publication bugs: the property tests with many random examples (not in CI)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -p no:cacheprovider tests/unit/redaction/test_redaction_properties.py \
		tests/integration/publication/test_properties.py tests/integration/publishing/test_properties.py \
		tests/integration/api/test_schemathesis.py

lint: install ## Lint only
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

demo: install translations ## Load the demo data without serving
	$(FLASK) db upgrade
	$(FLASK) demo load

assets: ## Rebuild the vendored front-end assets from the npm registry
	./scripts/vendor-frontend.sh

clean: ## Remove the virtualenv and the local instance (database, index, development secrets)
	rm -rf $(VENV) instance
