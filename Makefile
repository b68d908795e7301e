# Samskabelse: `make run` serves the platform on the embedded default, `make test` tests it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DEBUG ?= 1

.PHONY: run install migrate seed test lint format messages worker beat bench-help clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	DEBUG=0 $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages -l da --no-wrap --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests
	$(BIN)/python manage.py compilemessages -l da --ignore=.venv

worker: install
	$(BIN)/celery -A samskabelse worker -l info

beat: install
	$(BIN)/celery -A samskabelse beat -l info

clean:
	rm -rf $(VENV) staticfiles
